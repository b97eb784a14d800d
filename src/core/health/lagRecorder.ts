import { ZXID_LAG_KEY } from '../../shared/dashboardProtocol';
import { MetricStore } from '../metrics/store';
import type { HealthReport } from './report';

/**
 * Follower zxid lag over time. mntr has no such key: the lag comes from comparing each member's
 * zxid with the leader's in every report, so it is recorded here, per member at the time of that
 * member's probe (the same time its mntr sample has), in a store with the same tiers as the
 * monitor's. Fed by the monitor from its first report, so a dashboard opened later still shows the
 * lag's history. One key per member: a few KB for a day.
 */
export class LagRecorder {
  readonly store: MetricStore;
  private readonly recorded = new Map<string, number>();

  constructor(intervalMs: number) {
    this.store = new MetricStore({ intervalMs });
  }

  observe(report: HealthReport): void {
    for (const m of report.health.members) {
      const at = m.snapshot.probedAt;
      if (m.lag === null || at <= (this.recorded.get(m.address) ?? Number.NEGATIVE_INFINITY)) continue;
      this.recorded.set(m.address, at);
      this.store.record(m.address, at, { [ZXID_LAG_KEY]: m.lag });
    }
  }
}
