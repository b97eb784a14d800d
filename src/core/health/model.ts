import { MemberProbe } from '../ensemble/memberProbe';
import { agreeOnMembership, clientAddressOf, isParticipant } from './membership';
import { EnsembleHealth, EnsembleSnapshot, MemberCondition, MemberHealth, MemberRole, MemberSnapshot, MembershipView } from './types';
import { parseZxid, zxidLag } from './zxid';

/*
 * The health model: a pure function from one snapshot to what it means (who leads, quorum, how
 * many more failures the ensemble survives, lag, drift). No I/O, no clock: recorded snapshots
 * replay exactly in unit tests.
 */

function conditionOf(probe: MemberProbe): { condition: MemberCondition; role: MemberRole | null } {
  switch (probe.state) {
    case 'leader':
    case 'follower':
    case 'observer':
    case 'standalone':
      return { condition: 'up', role: probe.state };
    case 'not-serving':
      return { condition: probe.errorKind === 'read-only' ? 'read-only' : 'not-serving', role: null };
    case 'hung':
      return { condition: 'hung', role: null };
    case 'down':
      return { condition: 'down', role: null };
    default:
      return { condition: 'unknown', role: null };
  }
}

/** The release part of a version string: `3.8.0` of `3.8.0-abc…, built on …`. */
export function releaseOf(version: string): string {
  return /^\s*(\d+(?:\.\d+)*)/.exec(version)?.[1] ?? version.trim();
}

/** myid of a member: its own conf/configuration, else the membership line with its client address. */
function idOf(member: MemberSnapshot, agreed: MembershipView | null): number | null {
  const own = member.conf?.serverId;
  if (own !== null && own !== undefined && own > 0) return own;
  if (member.probe.leader?.isLeader && member.probe.leader.leaderId !== null) return member.probe.leader.leaderId;
  for (const m of agreed?.members ?? []) {
    const client = clientAddressOf(m);
    if (client && client.port === member.target.port && client.host.toLowerCase() === member.target.host.toLowerCase()) return m.id;
  }
  return null;
}

function metricsSourceOf(probe: MemberProbe): '4lw' | 'admin' | null {
  if (!probe.monitor) return null;
  return probe.timings['admin:monitor'] !== undefined ? 'admin' : '4lw';
}

/** Turns one snapshot into the ensemble's health. */
export function assessEnsemble(snapshot: EnsembleSnapshot): EnsembleHealth {
  const basics = snapshot.members.map((m) => ({ m, ...conditionOf(m.probe) }));
  const claims = basics.filter((b) => b.condition === 'up' && (b.role === 'leader' || b.role === 'standalone'));
  const leaderAddress = claims.length === 1 ? claims[0]!.m.target.address : null;

  const views = snapshot.members.flatMap((m) => (m.membership ? [m.membership] : []));
  if (snapshot.dynamicConfig) views.push(snapshot.dynamicConfig);
  const membership = agreeOnMembership(views, leaderAddress);
  const agreed = membership.agreed;

  const leaderSnapshot = claims.length === 1 ? claims[0]!.m : null;
  const leaderZxid = parseZxid(leaderSnapshot?.probe.zxid);

  const members: MemberHealth[] = basics.map(({ m, condition, role }) => {
    const probe = m.probe;
    const id = idOf(m, agreed);
    const listed = id !== null && agreed ? agreed.members.find((x) => x.id === id) : undefined;
    const inMembership = id !== null && agreed ? listed !== undefined : null;
    let voting: boolean | null;
    if (listed) voting = isParticipant(listed);
    else if (inMembership === false) voting = false;
    else if (role === 'observer') voting = false;
    else if (role === 'leader' || role === 'follower' || role === 'standalone') voting = true;
    else voting = null;
    let lag: number | null = null;
    let olderEpoch = false;
    const zxid = parseZxid(probe.zxid);
    if (leaderZxid && zxid && condition === 'up') {
      ({ lag, olderEpoch } = zxidLag(leaderZxid, zxid));
    }
    const metrics = probe.monitor?.metrics;
    return {
      address: m.target.address,
      id,
      role,
      condition,
      voting,
      fromConnectString: m.target.fromConnectString,
      inMembership,
      zxid: probe.zxid,
      lag,
      olderEpoch,
      latency: probe.latencyMs,
      outstanding: probe.stats?.outstanding ?? metrics?.['outstanding_requests'] ?? null,
      connections: probe.connections,
      openFileDescriptors: metrics?.['open_file_descriptor_count'] ?? null,
      maxFileDescriptors: metrics?.['max_file_descriptor_count'] ?? null,
      version: probe.version,
      metricsSource: metricsSourceOf(probe),
      reason: probe.reason,
      snapshot: m,
    };
  });

  inferLastId(members, agreed);

  const leader = leaderAddress ? members.find((x) => x.address === leaderAddress)! : null;
  const leaderClaims = members.filter((x) => claims.some((c) => c.m.target.address === x.address));
  const standalone = leader?.role === 'standalone';

  const leaderQuorumSize = leader?.snapshot.probe.monitor?.metrics['quorum_size'];
  let voters: number;
  let votersSource: EnsembleHealth['votersSource'];
  if (standalone) {
    voters = 1;
    votersSource = 'connect-string';
  } else if (agreed && agreed.members.some(isParticipant)) {
    voters = agreed.members.filter(isParticipant).length;
    votersSource = 'membership';
  } else if (leaderQuorumSize !== undefined && leaderQuorumSize > 0) {
    voters = leaderQuorumSize;
    votersSource = 'leader-mntr';
  } else {
    voters = members.filter((x) => x.voting !== false).length;
    votersSource = 'connect-string';
  }

  // Voters seen serving by our own probes; voters we do not probe (not in the connect string)
  // are credited from the leader's count of synced followers, never beyond how many there are.
  const probedServing = members.filter(
    (x) => x.condition === 'up' && (x.role === 'leader' || x.role === 'follower' || x.role === 'standalone') && x.voting !== false,
  ).length;
  const probedVoters = members.filter((x) => x.voting !== false).length;
  const unprobed = Math.max(0, voters - probedVoters);
  const synced = leader?.snapshot.probe.monitor?.metrics['synced_followers'];
  const creditedByLeader = synced === undefined ? 0 : Math.min(unprobed, Math.max(0, synced + 1 - probedServing));
  const servingVoters = Math.min(voters, probedServing + creditedByLeader);
  const majority = Math.floor(voters / 2) + 1;
  const quorum = leader !== null && servingVoters >= majority;

  const versions = [...new Set(members.flatMap((x) => (x.version && x.condition !== 'down' && x.condition !== 'hung' ? [x.version] : [])))];

  return {
    connectString: snapshot.connectString,
    takenAt: snapshot.takenAt,
    elapsedMs: snapshot.elapsedMs,
    members,
    leader,
    leaderClaims,
    splitBrain: leaderClaims.length > 1,
    standalone,
    voters,
    votersSource,
    servingVoters,
    majority,
    quorum,
    canLose: quorum ? servingVoters - majority : 0,
    versions,
    membership,
  };
}

/**
 * When exactly one probed member is unidentified (down or hung, so no conf) and exactly one
 * membership entry is unmatched, they are the same server: name it, so "2 is down" reads as such.
 */
function inferLastId(members: MemberHealth[], agreed: MembershipView | null): void {
  if (!agreed) return;
  const anonymous = members.filter((m) => m.id === null);
  const known = new Set(members.flatMap((m) => (m.id === null ? [] : [m.id])));
  const unmatched = agreed.members.filter((m) => !known.has(m.id));
  if (anonymous.length !== 1 || unmatched.length !== 1) return;
  const index = members.indexOf(anonymous[0]!);
  const entry = unmatched[0]!;
  const voting = isParticipant(entry);
  members[index] = { ...anonymous[0]!, id: entry.id, inMembership: true, voting };
}

/** A member's short name: `3 (127.0.0.1:2181)` when its id is known, else the address. */
export function memberName(m: Pick<MemberHealth, 'id' | 'address'>): string {
  return m.id !== null ? `${m.id} (${m.address})` : m.address;
}
