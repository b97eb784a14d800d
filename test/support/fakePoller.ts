import type { PollerLike } from '../../src/core/health/clusterMonitor';
import type { HealthPollerOptions } from '../../src/core/health/poller';
import { HealthReport, buildReport } from '../../src/core/health/report';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import { loadSnapshot, patchMetrics } from './healthFixtures';

/** A poller that polls nothing: the test hands it reports and samples. */
export class FakePoller implements PollerLike {
  running = false;
  disposed = false;
  readonly timeoutMs = 1000;
  private readonly listeners = new Set<(r: HealthReport) => void>();
  constructor(readonly options: HealthPollerOptions) {}
  get intervalMs(): number {
    return this.options.intervalMs ?? 2000;
  }
  start(): void {
    this.running = true;
  }
  stop(): void {
    this.running = false;
  }
  dispose(): void {
    this.running = false;
    this.disposed = true;
  }
  pollNow(): Promise<HealthReport> {
    return Promise.reject(new Error('not in this test'));
  }
  onUpdate(listener: (r: HealthReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  memberSnapshot(): undefined {
    return undefined;
  }
  /** What a real poller does per round: record samples, then report. */
  round(name: string | EnsembleSnapshot, at: number): HealthReport {
    // A named fixture's uptime grows with the test's clock, so no restart is seen; a snapshot is
    // taken as given.
    const snapshot = typeof name === 'string' ? loadSnapshot(name) : name;
    const aged =
      typeof name === 'string'
        ? { ...snapshot, members: snapshot.members.map((m) => (m.probe.monitor ? patchMetrics(m, { uptime: at }) : m)) }
        : snapshot;
    const report = buildReport(aged);
    for (const m of report.health.members) {
      if (!m.snapshot.probe.monitor) continue;
      this.options.store!.record(m.address, at, m.snapshot.probe.monitor.metrics);
      this.options.onSample?.(m.address, at);
    }
    for (const l of this.listeners) l(report);
    return report;
  }
}
