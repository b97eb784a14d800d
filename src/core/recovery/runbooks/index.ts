import type { HealthReport } from '../../health/report';
import type { PlannedRunbook } from '../types';
import type { PlanContext } from './context';
import { CHECK_RUNBOOK_IDS, applicableCheckRunbooks, planCheckRunbook } from './fromChecks';
import { planMemberOut } from './memberOut';
import { planQuorumLost, quorumLost } from './quorumLost';

export type { PlanContext } from './context';

/** Every runbook id `planRunbook` knows (the alert rules' `runbook` fields name them). */
export const RUNBOOK_IDS: readonly string[] = ['quorum-lost', 'member-hung', 'member-down', ...CHECK_RUNBOOK_IDS];

/**
 * The runbooks that apply to `report`, most urgent first: split brain, a lost quorum, hung and down
 * members, then the faults only a person can fix. The editor lists them; `zkops recover` runs the first.
 */
export function applicableRunbooks(report: HealthReport): string[] {
  const h = report.health;
  const ids: string[] = [];
  const checks = applicableCheckRunbooks(report);
  if (checks.includes('split-brain')) ids.push('split-brain');
  if (quorumLost(report)) ids.push('quorum-lost');
  else {
    if (h.members.some((m) => m.condition === 'hung')) ids.push('member-hung');
    if (h.members.some((m) => m.condition === 'down')) ids.push('member-down');
  }
  // A lost quorum or an absent member explains the failing checks below it; they come after.
  for (const id of checks) if (!ids.includes(id) && !(id === 'no-leader' && ids.includes('quorum-lost'))) ids.push(id);
  return ids;
}

/** Plans runbook `id` on `report` (an alert's "Open runbook"); null when the id is unknown or nothing applies. */
export function planRunbook(id: string, report: HealthReport, ctx: PlanContext): PlannedRunbook | null {
  switch (id) {
    case 'quorum-lost':
      return planQuorumLost(report, ctx);
    case 'member-hung':
      return planMemberOut(report, 'hung', ctx);
    case 'member-down':
      return planMemberOut(report, 'down', ctx);
    default:
      return planCheckRunbook(id, report, ctx);
  }
}

/** The most urgent runbook for `report`, planned; null when nothing applies (healthy). */
export function planRecovery(report: HealthReport, ctx: PlanContext): PlannedRunbook | null {
  for (const id of applicableRunbooks(report)) {
    const planned = planRunbook(id, report, ctx);
    if (planned) return planned;
  }
  return null;
}
