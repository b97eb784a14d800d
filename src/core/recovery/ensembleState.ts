import { probeMember } from '../ensemble/probe';
import { memberName } from '../health/model';
import type { HealthReport } from '../health/report';
import { stateWord } from '../health/summary';
import type { EnsembleHealth, MemberHealth, MemberRole } from '../health/types';
import type { ControlTarget } from './control';
import type { EnsembleMemory } from './memory';

/*
 * Readings of a health report that runbooks share: naming and addressing members, the fault
 * tolerance an action leaves, and whether a member is back in its role and synced.
 */

/** A member by address in a report. */
export function findMember(report: HealthReport, address: string): MemberHealth | undefined {
  return report.health.members.find((m) => m.address === address);
}

/** What a control command needs to know about a member; the id from memory when the report lacks it. */
export function targetOf(m: MemberHealth, memory?: EnsembleMemory): ControlTarget {
  return { id: memory ? memory.idOf(m) : m.id, host: m.snapshot.target.host, clientPort: m.snapshot.target.port };
}

/** `2 (127.0.0.1:2182)` with the id from memory when the report lacks it. */
export function nameOf(m: MemberHealth, memory?: EnsembleMemory): string {
  return memberName({ id: memory ? memory.idOf(m) : m.id, address: m.address });
}

/** One evidence line per member: state, role, zxid, lag, reason. */
export function memberLine(m: MemberHealth, memory?: EnsembleMemory): string {
  const parts = [`${nameOf(m, memory)}: ${stateWord(m)}`];
  if (m.zxid) parts.push(`zxid ${m.zxid}`);
  if (m.lag !== null && m.role !== 'leader') parts.push(`lag ${m.lag}${m.olderEpoch ? ' (older epoch)' : ''}`);
  if (m.condition !== 'up' && m.reason) parts.push(m.reason);
  return parts.join(', ');
}

/** `3 voters, majority 2, 3 serving: can lose 1` */
export function quorumLine(h: EnsembleHealth): string {
  const leader = h.leader ? `, leader ${memberName(h.leader)}` : ', no leader';
  const margin = h.quorum ? `can lose ${h.canLose} more` : 'NO QUORUM';
  return `${h.voters} voters, majority ${h.majority}, ${h.servingVoters} serving${leader}: ${margin}`;
}

const servesAsVoter = (m: MemberHealth): boolean =>
  m.condition === 'up' && m.voting !== false && (m.role === 'leader' || m.role === 'follower' || m.role === 'standalone');

/**
 * The fault tolerance while `affected` are out (restarting, stopped): how many more voters may fail
 * before quorum is lost, said so a person can weigh it.
 */
export function toleranceWhile(h: EnsembleHealth, affected: readonly MemberHealth[], what: string): string {
  const lost = affected.filter(servesAsVoter).length;
  const serving = h.servingVoters - lost;
  const margin = serving - h.majority;
  if (lost === 0) {
    return h.quorum
      ? `Fault tolerance while ${what}: unchanged, the ensemble can lose ${h.canLose} more voter${h.canLose === 1 ? '' : 's'}.`
      : `Fault tolerance while ${what}: none, the ensemble has no quorum (${h.servingVoters} of ${h.voters} voters serve, ${h.majority} needed).`;
  }
  if (margin < 0)
    return `Fault tolerance while ${what}: NONE: quorum is lost (${serving} of ${h.voters} voters left, ${h.majority} needed).`;
  if (margin === 0)
    return `Fault tolerance while ${what}: 0: the ensemble keeps quorum but one more failure stops it (${serving} of ${h.voters} voters serve, ${h.majority} needed).`;
  return `Fault tolerance while ${what}: the ensemble can lose ${margin} more voter${margin === 1 ? '' : 's'} (${serving} of ${h.voters} voters serve, ${h.majority} needed).`;
}

/** Members other than `address` that are down or hung: the margin dropped. */
export function othersLost(h: EnsembleHealth, address: string): MemberHealth[] {
  return h.members.filter((m) => m.address !== address && (m.condition === 'down' || m.condition === 'hung'));
}

export interface BackCheck {
  readonly ok: boolean;
  /** What is still wrong, or what was seen when ok. */
  readonly lines: readonly string[];
}

/**
 * Whether the member at `address` serves again in one of `roles` and is synced: its zxid caught up
 * with the leader's (checked again with a probe of the member made after the report's, since
 * members of one report are probed side by side and writes go on meanwhile), and the leader
 * counts at least `syncedFollowers` synced followers (and `syncedObservers` observers).
 */
export async function backAndSynced(
  report: HealthReport,
  address: string,
  expect: { roles: readonly MemberRole[]; syncedFollowers?: number; syncedObservers?: number; probeTimeoutMs?: number },
  memory?: EnsembleMemory,
): Promise<BackCheck> {
  const h = report.health;
  const m = findMember(report, address);
  const wrong: string[] = [];
  if (!m) return { ok: false, lines: [`${address} is not in the report`] };
  if (m.condition !== 'up') wrong.push(`${nameOf(m, memory)} is ${stateWord(m)}${m.reason ? ` (${m.reason})` : ''}`);
  else if (!m.role || !expect.roles.includes(m.role))
    wrong.push(`${nameOf(m, memory)} is ${m.role ?? 'in no role'}, expected ${expect.roles.join(' or ')}`);
  const leader = h.leader;
  if (!leader || !h.quorum) wrong.push(`no leader with quorum yet (${quorumLine(h)})`);
  if (wrong.length > 0) return { ok: false, lines: wrong };
  const metrics = leader!.snapshot.probe.monitor?.metrics ?? {};
  if (expect.syncedFollowers !== undefined) {
    const synced = metrics['synced_followers'];
    if (synced === undefined) wrong.push(`the leader ${memberName(leader!)} gave no synced_followers (mntr)`);
    else if (synced < expect.syncedFollowers)
      wrong.push(`the leader ${memberName(leader!)} has ${synced} synced followers, expected ${expect.syncedFollowers}`);
  }
  if (expect.syncedObservers !== undefined) {
    const synced = metrics['synced_observers'] ?? 0;
    if (synced < expect.syncedObservers)
      wrong.push(`the leader ${memberName(leader!)} has ${synced} synced observers, expected ${expect.syncedObservers}`);
  }
  const seen = [`${nameOf(m, memory)} is ${m.role}`];
  if (m.role !== 'leader') {
    const caught = await caughtUp(m, leader!, expect.probeTimeoutMs ?? 1500);
    if (!caught.ok) wrong.push(caught.text);
    else seen.push(caught.text);
  }
  return wrong.length > 0 ? { ok: false, lines: wrong } : { ok: true, lines: seen };
}

function zxidValue(text: string | null): bigint | null {
  return text && /^0x[0-9a-f]{1,16}$/i.test(text) ? BigInt(text) : null;
}

/**
 * Whether `m` has applied everything the leader had when the report probed it. The model's lag is
 * from side-by-side probes; when it shows a lag, the member is probed once more, now, and its zxid
 * compared with the leader's earlier one (a later reading of the member that reaches it is proof).
 */
async function caughtUp(m: MemberHealth, leader: MemberHealth, timeoutMs: number): Promise<{ ok: boolean; text: string }> {
  const target = zxidValue(leader.zxid);
  if (target === null) return { ok: false, text: `the leader's zxid is unknown` };
  const own = zxidValue(m.zxid);
  if (own !== null && own >= target) return { ok: true, text: `zxid ${m.zxid} ≥ leader's ${leader.zxid}` };
  const again = await probeMember(
    { host: m.snapshot.target.host, port: m.snapshot.target.port },
    { timeoutMs, adminPort: m.snapshot.target.adminPort, monitor: false },
  );
  const now = zxidValue(again.zxid);
  if (now !== null && now >= target) return { ok: true, text: `zxid ${again.zxid} ≥ leader's ${leader.zxid}` };
  return { ok: false, text: `${memberName(m)} has not caught up: zxid ${again.zxid ?? m.zxid ?? 'unknown'}, leader's ${leader.zxid}` };
}
