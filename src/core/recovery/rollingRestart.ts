import type { HealthReport } from '../health/report';
import type { MemberHealth, MemberRole } from '../health/types';
import { ControlTemplateError, MemberControl } from './control';
import { memberLine, nameOf, quorumLine, targetOf, toleranceWhile } from './ensembleState';
import { allHealthyVerify, backVerify, healthProblems, memberAct } from './memberSteps';
import type { EnsembleMemory } from './memory';
import type { PlannedRunbook, Step } from './types';

/*
 * Safe rolling restart: one member at a time while the ensemble can lose one, observers first,
 * then followers, the leader last; after each restart wait until the member serves in its role
 * and is synced (zxid caught up, the leader's synced follower count back) before the next. Any
 * sign that the margin dropped stops the run with nothing further done.
 */

export interface RollingRestartOptions {
  /** Runs the restart command of each member. */
  readonly control: MemberControl;
  /** How long each member may take to come back and sync. */
  readonly memberTimeoutMs: number;
  readonly memory?: EnsembleMemory;
}

/** The order members are restarted in: observers, followers (by id), the leader last. */
export function restartOrder(report: HealthReport): MemberHealth[] {
  const rank = (m: MemberHealth): number => (m.role === 'observer' ? 0 : m.role === 'leader' ? 2 : 1);
  return [...report.health.members].sort((a, b) => rank(a) - rank(b) || (a.id ?? 0) - (b.id ?? 0) || a.address.localeCompare(b.address));
}

/** Why a rolling restart must not start now; null when it may. */
export function rollingRestartRefusal(report: HealthReport, control: MemberControl, memory?: EnsembleMemory): string | null {
  const h = report.health;
  if (h.standalone) return 'the ensemble is a single standalone server: restarting it is an outage, not a rolling restart';
  const down = h.members.filter((m) => m.condition !== 'up');
  if (down.length > 0)
    return `member ${down.map((m) => `${nameOf(m, memory)} is ${m.condition}`).join(', ')}: every member must serve before one may be restarted`;
  if (h.splitBrain) return 'split brain: several members claim to lead';
  if (!h.leader || !h.quorum) return `no leader with quorum (${quorumLine(h)})`;
  if (h.canLose < 1) return `the ensemble cannot lose a member now (${quorumLine(h)}): restarting one would stop it`;
  if (!control.supports('restart')) return 'no restart command given';
  for (const m of h.members) {
    try {
      control.command('restart', targetOf(m, memory));
    } catch (err) {
      if (err instanceof ControlTemplateError) return err.message;
      throw err;
    }
  }
  return null;
}

/** The rolling restart planned on `report`: a refusal when it may not start. */
export function planRollingRestart(report: HealthReport, options: RollingRestartOptions): PlannedRunbook {
  const { control, memory } = options;
  const h = report.health;
  const refusal = rollingRestartRefusal(report, control, memory);
  const order = restartOrder(report);
  const leaderAddress = h.leader?.address;
  const syncedFollowers = h.leader?.snapshot.probe.monitor?.metrics['synced_followers'];
  const syncedObservers = h.leader?.snapshot.probe.monitor?.metrics['synced_observers'];
  const steps: Step[] = [
    {
      kind: 'diagnose',
      id: 'ready',
      title: 'Ensemble ready for a rolling restart',
      async run() {
        const evidence = [quorumLine(h), ...h.members.map((m) => memberLine(m, memory))];
        if (syncedFollowers !== undefined)
          evidence.push(`leader's synced_followers ${syncedFollowers}${syncedObservers ? `, synced_observers ${syncedObservers}` : ''}`);
        evidence.push(`order: ${order.map((m) => `${nameOf(m, memory)} (${m.role})`).join(', ')}`);
        return { ok: true, summary: `every member serves and the ensemble can lose ${h.canLose}`, evidence };
      },
    },
  ];
  order.forEach((m, i) => {
    const isLeader = m.address === leaderAddress;
    const roles: MemberRole[] = m.role === 'observer' ? ['observer'] : isLeader ? ['follower', 'leader'] : ['follower'];
    steps.push(
      memberAct({
        id: `restart-${i + 1}`,
        action: 'restart',
        member: m,
        control,
        memory,
        does: `Restart member ${nameOf(m, memory)} (${m.role}${isLeader ? ': a new leader is elected among the others' : ''})`,
        tolerance: toleranceWhile(h, [m], `${nameOf(m, memory)} restarts`),
        guard: (now) => guard(now, m, isLeader, order.slice(i + 1), memory),
      }),
      backVerify({
        id: `back-${i + 1}`,
        member: m,
        roles,
        timeoutMs: options.memberTimeoutMs,
        memory,
        stopIfOthersLost: true,
        ...(m.role !== 'observer' && syncedFollowers !== undefined ? { syncedFollowers } : {}),
        ...(m.role === 'observer' && syncedObservers !== undefined ? { syncedObservers } : {}),
      }),
    );
  });
  steps.push(
    allHealthyVerify('healthy', options.memberTimeoutMs, memory, (now) =>
      now.health.canLose < h.canLose ? [`can lose ${now.health.canLose}, was ${h.canLose} before`] : [],
    ),
  );
  return {
    id: 'rolling-restart',
    title: 'Safe rolling restart',
    reason: `restart all ${h.members.length} members one at a time, leader last (${quorumLine(h)})`,
    ...(refusal ? { refusal } : {}),
    steps,
  };
}

/** Right before restarting `m`: everyone serves, the margin is there, and the leader is still last. */
function guard(
  now: HealthReport,
  m: MemberHealth,
  isLeader: boolean,
  later: readonly MemberHealth[],
  memory?: EnsembleMemory,
): string | null {
  const problems = healthProblems(now, memory);
  if (problems.length > 0) return problems.join('; ');
  if (now.health.canLose < 1) return `the ensemble cannot lose a member now (${quorumLine(now.health)})`;
  const leader = now.health.leader!;
  if (!isLeader && leader.address === m.address && later.length > 0)
    return `leadership moved to ${nameOf(m, memory)} before its turn; run the rolling restart again`;
  if (isLeader && leader.address !== m.address)
    return `leadership moved from ${nameOf(m, memory)} to ${nameOf(leader, memory)}; run the rolling restart again`;
  return null;
}
