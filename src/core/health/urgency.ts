import type { HealthReport } from './report';
import type { CheckResult } from './types';

/**
 * How urgent an ensemble's state is, one step finer than the checks' pass/warn/fail: a warning that
 * one more failure loses quorum (a member down or hung, "can lose 0") must look more urgent than a
 * warning about latency or a resource. The status bar's colour and the notification's severity
 * both come from it.
 *
 * - `critical`: a check fails (no quorum, no leader, split brain).
 * - `at-risk`: an availability check warns (members down, hung, not serving, can lose 0).
 * - `notice`: only other checks warn (latency, resources, configuration).
 * - `ok`: every check passes.
 */
export type Urgency = 'ok' | 'notice' | 'at-risk' | 'critical';

export const URGENCY_RANK: Readonly<Record<Urgency, number>> = { ok: 0, notice: 1, 'at-risk': 2, critical: 3 };

/** Checks about whether the ensemble serves and how many more failures it survives. */
const AVAILABILITY: ReadonlySet<string> = new Set([
  'quorum',
  'leader',
  'split-brain',
  'members-reachable',
  'hung-members',
  'not-serving',
  'read-only',
  'fault-tolerance',
  'state-known',
]);

/** The urgency of a list of check results; `standalone` makes its by-design single point of failure a notice. */
export function urgencyOfChecks(checks: readonly CheckResult[], standalone = false): Urgency {
  let out: Urgency = 'ok';
  for (const c of checks) {
    let u: Urgency;
    if (c.status === 'fail') u = 'critical';
    else if (c.status === 'pass') u = 'ok';
    else u = AVAILABILITY.has(c.id) && !(standalone && c.id === 'fault-tolerance') ? 'at-risk' : 'notice';
    if (URGENCY_RANK[u] > URGENCY_RANK[out]) out = u;
  }
  return out;
}

export function urgencyOf(report: HealthReport): Urgency {
  return urgencyOfChecks(report.checks, report.health.standalone);
}
