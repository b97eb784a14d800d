import { describeView, isParticipant } from '../membership';
import { memberName, releaseOf } from '../model';
import { ACCESS_ADVICE, HealthCheck, answering, missingReasons, names, pass, warn } from './check';

export const configDriftCheck: HealthCheck = {
  id: 'config-drift',
  title: 'Members agree on membership',
  run({ health: h }) {
    const { membership } = h;
    if (h.standalone) return pass('Standalone server: no membership to compare.');
    if (!membership.agreed) {
      return warn(
        'Unknown: no member reported its membership (conf, AdminServer voting_view) and /zookeeper/config was not read.',
        ACCESS_ADVICE,
      );
    }
    const sources = membership.views.length;
    if (membership.drift) {
      return warn(
        `Members disagree: ${membership.differences.join('; ')}.`,
        'Members started with different server lists, or a reconfig has not reached every member. Make every zoo.cfg ' +
          '(or dynamic config file) list the same servers, then restart the odd ones one at a time, checking quorum ' +
          'between restarts.',
      );
    }
    const version = membership.agreed.version ? ` at config version ${membership.agreed.version}` : '';
    return pass(
      `Every view agrees${version}: ${membership.agreed.members.length} servers (${sources === 1 ? describeView(membership.agreed) : `${sources} distinct sources`}).`,
    );
  },
};

export const voterCountCheck: HealthCheck = {
  id: 'voter-count',
  title: 'Number of voting members',
  run({ health: h }) {
    if (h.standalone) return pass('Standalone server.');
    const tolerated = Math.max(0, h.voters - h.majority);
    const figures =
      `${h.voters} voting member${h.voters === 1 ? '' : 's'} (from ${h.votersSource}): quorum ${h.majority}, ` +
      `tolerates ${tolerated} failure${tolerated === 1 ? '' : 's'}`;
    // An even count is not a fault: it serves exactly like the odd count below it, only with one
    // more member to keep alive. It is said, not scored.
    if (h.voters % 2 === 0)
      return pass(
        `${figures}; ${h.voters - 1} voters would tolerate as many.`,
        `Prefer an odd number of voters; make the extra member an observer if it only serves reads.`,
      );
    return pass(`${figures}.`);
  },
};

export const versionSkewCheck: HealthCheck = {
  id: 'version-skew',
  title: 'Same ZooKeeper version everywhere',
  run({ health: h }) {
    const releases = [...new Set(h.versions.map(releaseOf))];
    if (h.versions.length === 0) return warn('Unknown: no member reported its version.', ACCESS_ADVICE);
    if (releases.length > 1) {
      const byMember = h.members
        .filter((m) => m.version)
        .map((m) => `${memberName(m)}: ${releaseOf(m.version!)}`)
        .join('; ');
      return warn(
        `Mixed versions: ${byMember}.`,
        'Fine during a rolling upgrade; otherwise finish it: mixed versions differ in protocol features and bugs.',
      );
    }
    return pass(`All answering members run ${releases[0]}.`);
  },
};

export const coverageCheck: HealthCheck = {
  id: 'members-watched',
  title: 'Every member is watched',
  run({ health: h }) {
    const agreed = h.membership.agreed;
    if (h.standalone) return pass('Standalone server.');
    if (!agreed)
      return pass(`Probing the ${h.members.length} members of the connect string; the membership is unknown (see config drift).`);
    const probedIds = new Set(h.members.flatMap((m) => (m.id === null ? [] : [m.id])));
    const unmatched = agreed.members.filter((m) => !probedIds.has(m.id));
    const anonymous = h.members.filter((m) => m.id === null).length;
    const strays = h.members.filter((m) => m.inMembership === false);
    const problems: string[] = [];
    // A member we probe but could not identify (down, no conf) may be one of the unmatched.
    if (unmatched.length > anonymous) {
      const listed = unmatched.map((m) => `server.${m.id} (${m.host}, ${isParticipant(m) ? 'voter' : 'observer'})`).join(', ');
      const unprobed = unmatched.length - anonymous;
      const [is, has] = unprobed === 1 ? ['is', 'has'] : ['are', 'have'];
      problems.push(
        `the membership lists ${listed} but ${unprobed} of them ${is} not in the connect string and ${has} no client address to probe`,
      );
    }
    if (strays.length > 0)
      problems.push(
        `${names(strays)} ${strays.length === 1 ? 'is' : 'are'} in the connect string but not in the membership (removed by reconfig, or a different ensemble)`,
      );
    if (problems.length > 0) {
      return warn(
        `${problems.join('; ')}.`,
        'Put every member in the connect string so each is watched (and clients can fail over to it); drop servers that left the ensemble.',
      );
    }
    return pass(`All ${agreed.members.length} members of the membership are probed.`);
  },
};

export const monitoringAccessCheck: HealthCheck = {
  id: 'monitoring-access',
  title: 'Metrics available (4lw whitelist / AdminServer)',
  run({ health: h }) {
    const up = answering(h).filter((m) => m.condition === 'up');
    if (up.length === 0) return warn('Unknown: no member serves, so none reports metrics.', 'See the quorum and members checks.');
    const blind = up.filter((m) => m.metricsSource === null);
    const viaAdmin = up.filter((m) => m.metricsSource === 'admin');
    if (blind.length > 0) {
      return warn(`No metrics from ${names(blind)}: ${missingReasons(blind)}. Their load, limits and lag are unknown.`, ACCESS_ADVICE);
    }
    if (viaAdmin.length > 0) {
      const others = viaAdmin.length < up.length ? '; mntr on the others' : '';
      return pass(`Metrics from the AdminServer on ${names(viaAdmin)} (mntr is not whitelisted there)${others}.`);
    }
    return pass(`mntr answered on every serving member (${up.length}).`);
  },
};

export const configurationChecks: readonly HealthCheck[] = [
  configDriftCheck,
  voterCountCheck,
  versionSkewCheck,
  coverageCheck,
  monitoringAccessCheck,
];
