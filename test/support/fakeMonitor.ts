import type { ClusterMonitor, SamplesAppended } from '../../src/core/health/monitorApi';
import type { HealthReport } from '../../src/core/health/report';
import { MetricStore } from '../../src/core/metrics/store';
import type { EnsembleEvent } from '../../src/shared/ensembleEvents';

/** A ClusterMonitor driven by hand: tests and benchmarks append samples, reports and events. */
export class FakeMonitor implements ClusterMonitor {
  report: HealthReport | undefined;
  readonly events: EnsembleEvent[] = [];
  private readonly reports = new Set<(r: HealthReport) => void>();
  private readonly samples = new Set<(s: SamplesAppended) => void>();
  private readonly eventListeners = new Set<(e: EnsembleEvent) => void>();

  constructor(
    readonly clusterId: string,
    readonly store: MetricStore = new MetricStore({ intervalMs: 2000 }),
    readonly derivedStore: MetricStore = new MetricStore({ intervalMs: 2000 }),
  ) {}

  onReport(listener: (r: HealthReport) => void): () => void {
    this.reports.add(listener);
    return () => this.reports.delete(listener);
  }

  onSamples(listener: (s: SamplesAppended) => void): () => void {
    this.samples.add(listener);
    return () => this.samples.delete(listener);
  }

  onEvent(listener: (e: EnsembleEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Records one sample per member and tells the listeners. */
  record(at: number, values: Readonly<Record<string, Readonly<Record<string, number>>>>): void {
    for (const [member, v] of Object.entries(values)) this.store.record(member, at, v);
    for (const l of this.samples) l({ at, members: Object.keys(values) });
  }

  publish(report: HealthReport): void {
    this.report = report;
    for (const l of this.reports) l(report);
  }

  emit(event: EnsembleEvent): void {
    this.events.push(event);
    for (const l of this.eventListeners) l(event);
  }
}
