import type { SummaryView } from '../../shared/dashboardProtocol';
import type { HealthReport } from '../health/report';

/** The dashboard's summary cards from a health report: plain data, no server object crosses over. */
export function summaryViewOf(report: HealthReport): SummaryView {
  const h = report.health;
  return {
    status: report.status,
    summary: report.summary,
    leader: h.leader?.address ?? null,
    quorum: h.quorum,
    voters: h.voters,
    servingVoters: h.servingVoters,
    canLose: h.canLose,
    versions: [...h.versions],
    takenAt: h.takenAt,
    members: h.members.map((m) => ({
      address: m.address,
      id: m.id,
      role: m.role,
      state: m.condition,
      version: m.version,
      lag: m.lag,
      reason: m.reason,
    })),
  };
}
