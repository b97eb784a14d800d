import { memberName } from '../model';
import { HealthCheck, formatCount, metric, metricLimitCheck, noMetrics, pass, warn } from './check';

export const zxidLagCheck: HealthCheck = {
  id: 'zxid-lag',
  title: 'Follower lag (zxid)',
  run({ health: h, thresholds }) {
    if (h.standalone) return pass('Standalone server: no followers.');
    if (!h.leader) return warn('Unknown: no leader to compare with.', 'See the leader check.');
    if (!h.leader.zxid)
      return warn(
        `Unknown: the leader's zxid is not known (${h.leader.snapshot.probe.missing.join('; ')}).`,
        'srvr (whitelisted by default) or the AdminServer reports it.',
      );
    const learners = h.members.filter((m) => m !== h.leader && m.condition === 'up');
    if (learners.length === 0) return pass(`Leader at ${h.leader.zxid}; no other member serving to compare.`);
    const behind = learners.filter((m) => m.lag !== null && m.lag > thresholds.zxidLag);
    const figures = learners
      .map(
        (m) =>
          `${memberName(m)}: ${m.lag === null ? 'unknown' : `${formatCount(m.lag)} behind`}${m.olderEpoch ? ' (still on the previous epoch)' : ''}`,
      )
      .join('; ');
    if (behind.length > 0) {
      return warn(
        `Leader at ${h.leader.zxid}. ${figures} (limit ${formatCount(thresholds.zxidLag)} transactions).`,
        'A lagging follower serves stale reads. Check its disk (fsync time), network to the leader, and GC; a ' +
          'follower on an older epoch is still syncing after an election or restart.',
      );
    }
    return pass(`Leader at ${h.leader.zxid}. ${figures}.`);
  },
};

export const syncedFollowersCheck: HealthCheck = {
  id: 'synced-followers',
  title: 'Followers in sync with the leader',
  run({ health: h }) {
    if (h.standalone) return pass('Standalone server: no followers.');
    if (!h.leader) return warn('Unknown: no leader answers.', 'See the leader check.');
    const synced = metric(h.leader, 'synced_followers');
    const quorumSize = metric(h.leader, 'quorum_size');
    if (synced === undefined) return noMetrics(h);
    const expected = (quorumSize ?? h.voters) - 1;
    const observers = metric(h.leader, 'synced_observers');
    const figures = `The leader has ${synced} of ${expected} voting followers in sync${observers !== undefined ? ` and ${observers} observer${observers === 1 ? '' : 's'}` : ''}`;
    if (synced < expected) {
      return warn(
        `${figures} (Zabbix rule: synced_followers < quorum_size - 1).`,
        'A voting follower is down, hung or still syncing: see the members and lag checks. Until it is back the ensemble tolerates fewer failures.',
      );
    }
    return pass(`${figures}.`);
  },
};

export const pendingSyncsCheck = metricLimitCheck({
  id: 'pending-syncs',
  title: 'Pending syncs (leader)',
  key: 'pending_syncs',
  leaderOnly: true,
  limit: (t) => t.pendingSyncs,
  format: formatCount,
  advice: 'Followers are slow to acknowledge syncs: check their disks, network and GC.',
});

export const electionsCheck: HealthCheck = {
  id: 'leader-elections',
  title: 'Recent leader elections',
  run({ health: h, thresholds }) {
    if (h.standalone) return pass('Standalone server: no elections.');
    if (!h.leader) return warn('Unknown: no leader answers.', 'See the leader check.');
    const leading = metric(h.leader, 'leader_uptime');
    const uptime = metric(h.leader, 'uptime');
    if (leading === undefined || uptime === undefined) return noMetrics(h);
    const minutes = (ms: number): string => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
    // A leader that ran a while before it began to lead took over from another: an election
    // after a failure. One that leads since about its own start is an ensemble (re)start.
    const takeover = uptime - leading > 60_000;
    if (leading < thresholds.electionWindowMs && takeover) {
      return warn(
        `${memberName(h.leader)} has led for ${minutes(leading)} after running ${minutes(uptime)}: a leader election ` +
          `happened within the last ${minutes(thresholds.electionWindowMs)} (Prometheus rule).`,
        'Find why the previous leader left: its log, GC pauses, network or disk stalls. Repeated elections mean clients keep losing their connections.',
      );
    }
    return pass(`${memberName(h.leader)} has led for ${minutes(leading)}${takeover ? '' : ' (since the ensemble started)'}.`);
  },
};

export const replicationChecks: readonly HealthCheck[] = [zxidLagCheck, syncedFollowersCheck, pendingSyncsCheck, electionsCheck];
