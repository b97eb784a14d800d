import type { EnsembleEvent } from '../../shared/ensembleEvents';
import type { MetricStore } from '../metrics/store';
import type { HealthReport } from './report';

/**
 * The contract between the per-cluster health service and everything that listens to it (status
 * bar, Ensemble view, dashboard, alert engine, `zkops top`/`monitor`). Listeners subscribe; nobody
 * polls the service. Every `on*` returns a function that unsubscribes.
 */
export interface ClusterMonitor {
  readonly clusterId: string;
  /** The cluster's history; owned by the monitor, survives settings changes and poller restarts. */
  readonly store: MetricStore;
  /**
   * Figures computed from reports rather than read from mntr (follower zxid lag, under
   * ZXID_LAG_KEY), in the same tiers, recorded from the monitor's first report.
   */
  readonly derivedStore: MetricStore;
  /** The latest report; undefined before the first round. */
  readonly report: HealthReport | undefined;
  /** Recent events, oldest first, bounded. */
  readonly events: readonly EnsembleEvent[];
  /** Every new report (one per poll round, after its samples are in the store). */
  onReport(listener: (report: HealthReport) => void): () => void;
  /** Samples appended to the store: which members, at which time. */
  onSamples(listener: (appended: SamplesAppended) => void): () => void;
  /** Leader changes, member state changes, membership changes, restarts. */
  onEvent(listener: (event: EnsembleEvent) => void): () => void;
}

export interface SamplesAppended {
  /** Epoch ms of the samples. */
  readonly at: number;
  /** host:port of each member whose sample was appended. */
  readonly members: readonly string[];
}
