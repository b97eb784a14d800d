import type { ConfMember } from '../../ensemble/parsers/conf';
import type { HealthReport } from '../../health/report';
import type { MemberHealth } from '../../health/types';
import { MembershipChange, applyChanges, roleOf } from './changes';

/*
 * A reconfig plan: the membership after the change, its quorum size and fault tolerance, the
 * config version it is conditional on, and the rules that may refuse it:
 *  - at most one new participant at a time (ZooKeeper's reconfig guide: each added voter must
 *    sync before the next, or a quorum of the new config may not exist);
 *  - the new config must have a majority of members that are synced now (otherwise ZooKeeper
 *    cannot commit it, or commits a config that has no quorum).
 */

export interface ReconfigPlan {
  /** The dynamic config version read before (hex, without 0x). */
  readonly version: string;
  readonly current: readonly ConfMember[];
  readonly members: readonly ConfMember[];
  readonly joining: readonly string[];
  readonly leaving: readonly number[];
  readonly voters: number;
  /** Votes a quorum of the new config needs. */
  readonly quorumSize: number;
  /** New-config voters synced now, by id. */
  readonly syncedVoters: readonly number[];
  /** How many more voters the new config could lose now (negative: it has no quorum). */
  readonly faultTolerance: number;
  /** The rule that refuses the change, or null. */
  readonly refusal: string | null;
  /** Things worth knowing that do not refuse it (removing the leader, an even voter count). */
  readonly warnings: readonly string[];
}

/**
 * Whether a member of the report is synced with the leader: a learner serves only once it has
 * synced (a member that lost its leader stops serving), so serving in a role is the test; a zxid
 * lag under writes is normal and an older epoch is normal right after an election.
 */
export function isSynced(m: MemberHealth | undefined): boolean {
  return !!m && m.condition === 'up' && (m.role === 'leader' || m.role === 'follower' || m.role === 'observer');
}

/**
 * Plans `changes` on the membership `current` (version `version`) given the health report and,
 * for servers being added, whether each answers as a synced learner (`addedSynced`).
 */
export function planReconfig(
  current: readonly ConfMember[],
  version: string,
  changes: readonly MembershipChange[],
  report: HealthReport,
  addedSynced: ReadonlyMap<number, boolean> = new Map(),
): ReconfigPlan {
  const { members, joining, leaving } = applyChanges(current, changes);
  const before = new Map(current.map((m) => [m.id, m]));
  const voters = members.filter((m) => roleOf(m) === 'participant');
  const quorumSize = Math.floor(voters.length / 2) + 1;
  const byId = new Map(report.health.members.flatMap((m) => (m.id !== null ? [[m.id, m] as const] : [])));
  const syncedVoters = voters
    .filter((m) => (before.has(m.id) ? isSynced(byId.get(m.id)) : addedSynced.get(m.id) === true))
    .map((m) => m.id);
  const newParticipants = voters.filter((m) => !before.has(m.id) || roleOf(before.get(m.id)!) !== 'participant').map((m) => m.id);
  const warnings: string[] = [];
  let refusal: string | null = null;
  if (voters.length === 0) refusal = 'the new config has no participants: an ensemble needs at least one voter';
  else if (newParticipants.length > 1)
    refusal =
      `at most one new participant at a time (ZooKeeper's reconfig guide): this change adds ` +
      `${newParticipants.length} (${newParticipants.join(', ')}); add one, wait until it is synced, then the next`;
  else if (syncedVoters.length < quorumSize) {
    const unsynced = voters.filter((m) => !syncedVoters.includes(m.id)).map((m) => m.id);
    refusal =
      `the new config would have no majority of synced members: ${syncedVoters.length} of its ${voters.length} voters ` +
      `are synced now (${syncedVoters.join(', ') || 'none'}), ${quorumSize} needed; not synced: ${unsynced.join(', ')}`;
  }
  const leader = report.health.leader;
  if (leader?.id !== null && leader?.id !== undefined && leaving.includes(leader.id))
    warnings.push(
      `server ${leader.id} leads now: removing it makes the ensemble elect a new leader, and clients connected to it reconnect`,
    );
  if (voters.length > 0 && voters.length % 2 === 0)
    warnings.push(`${voters.length} voters is an even count: it tolerates no more failures than ${voters.length - 1}`);
  return {
    version,
    current,
    members,
    joining,
    leaving,
    voters: voters.length,
    quorumSize,
    syncedVoters,
    faultTolerance: syncedVoters.length - quorumSize,
    refusal,
    warnings,
  };
}

/** The plan as lines for a terminal or a log. */
export function describePlan(plan: ReconfigPlan): string[] {
  const line = (m: ConfMember): string => `  server.${m.id}=${m.spec}`;
  return [
    `config version ${plan.version} (the change is conditional on it)`,
    'current membership:',
    ...plan.current.map(line),
    'new membership:',
    ...plan.members.map(line),
    `voters ${plan.voters}, quorum size ${plan.quorumSize}, synced voters now ${plan.syncedVoters.length} ` +
      `(${plan.syncedVoters.join(', ') || 'none'}): fault tolerance ${plan.faultTolerance < 0 ? 'NONE (no quorum)' : plan.faultTolerance}`,
    ...(plan.joining.length ? [`joining: ${plan.joining.join(', ')}`] : []),
    ...(plan.leaving.length ? [`leaving: ${plan.leaving.join(', ')}`] : []),
    ...plan.warnings.map((w) => `warning: ${w}`),
  ];
}
