import type { EnsembleEvent } from '../../shared/ensembleEvents';
import { parseConnectString } from '../connectString';
import { MetricStore } from '../metrics/store';
import { LagRecorder } from './lagRecorder';
import type { Thresholds } from './checks';
import { EventExtractor } from './events';
import type { ClusterMonitor, SamplesAppended } from './monitorApi';
import { HealthPoller, HealthPollerOptions } from './poller';
import type { HealthReport } from './report';
import type { MemberSnapshot } from './types';
import type { TlsClient } from '../tls/client';

/** What the monitor needs of a poller; `HealthPoller` in production, a fake in unit tests. */
export interface PollerLike {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly running: boolean;
  start(): void;
  stop(): void;
  dispose(): void;
  pollNow(): Promise<HealthReport>;
  onUpdate(listener: (report: HealthReport) => void): () => void;
  memberSnapshot(address: string): MemberSnapshot | undefined;
}

export type PollerFactory = (options: HealthPollerOptions) => PollerLike;

export const defaultPollerFactory: PollerFactory = (options) => new HealthPoller(options);

/** Where and how a monitor polls; a change of any field restarts its poller (never its store). */
export interface MonitorTarget {
  readonly connectString: string;
  readonly adminPorts?: readonly (number | null | undefined)[];
  /** Probe budget per member; undefined: derived from the interval. */
  readonly timeoutMs?: number;
  readonly thresholds?: Thresholds;
  readonly auth?: readonly { scheme: string; auth: string }[];
  readonly readDynamicConfig?: boolean;
  /** TLS for secure client ports; in the comparison key by its settings only (TlsClient.toJSON). */
  readonly tls?: TlsClient;
}

export interface ClusterMonitorOptions {
  readonly createPoller?: PollerFactory;
  /** Events kept, oldest dropped first. Default 500. */
  readonly maxEvents?: number;
  /** The store's expected sampling interval. Default 2000. */
  readonly storeIntervalMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_MAX_EVENTS = 500;

type Listener<T> = (value: T) => void;

function emit<T>(listeners: ReadonlySet<Listener<T>>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch {
      // One failing listener must not stop the others, or the poller.
    }
  }
}

function subscribe<T>(listeners: Set<Listener<T>>, listener: Listener<T>): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * One cluster's health monitoring: it owns the cluster's MetricStore and event history and runs a
 * HealthPoller that writes into them. Changing the target or the interval replaces the poller; the
 * store, the events and the last report stay, so no listener loses history. Added to the
 * `ClusterMonitor` contract: `running`, `intervalMs`, `timeoutMs`, `memberSnapshot`, `refresh`.
 */
export class PolledClusterMonitor implements ClusterMonitor {
  readonly store: MetricStore;
  private readonly lag: LagRecorder;
  private readonly history: EnsembleEvent[] = [];
  private readonly extractor = new EventExtractor();
  private readonly reportListeners = new Set<Listener<HealthReport>>();
  private readonly sampleListeners = new Set<Listener<SamplesAppended>>();
  private readonly eventListeners = new Set<Listener<EnsembleEvent>>();
  private readonly createPoller: PollerFactory;
  private readonly maxEvents: number;
  private readonly now: () => number;
  private poller: PollerLike | undefined;
  private stopListening: (() => void) | undefined;
  private target: MonitorTarget | undefined;
  private targetKey = '';
  private interval = 0;
  private pending: { at: number; members: Set<string> } | undefined;
  private latest: HealthReport | undefined;
  private disposed = false;

  constructor(
    readonly clusterId: string,
    options: ClusterMonitorOptions = {},
  ) {
    this.createPoller = options.createPoller ?? defaultPollerFactory;
    this.maxEvents = Math.max(1, options.maxEvents ?? DEFAULT_MAX_EVENTS);
    this.now = options.now ?? Date.now;
    this.store = new MetricStore({ intervalMs: options.storeIntervalMs ?? 2000 });
    this.lag = new LagRecorder(options.storeIntervalMs ?? 2000);
  }

  get derivedStore(): MetricStore {
    return this.lag.store;
  }

  get report(): HealthReport | undefined {
    return this.latest;
  }

  get events(): readonly EnsembleEvent[] {
    return this.history;
  }

  /** Whether a poller runs now. */
  get running(): boolean {
    return this.poller?.running ?? false;
  }

  /** The running poller's interval (0 when stopped). */
  get intervalMs(): number {
    return this.poller?.running ? this.poller.intervalMs : 0;
  }

  /** The probe budget per member, for commands that ask a member themselves. */
  get timeoutMs(): number {
    return this.poller?.timeoutMs ?? 1500;
  }

  memberSnapshot(address: string): MemberSnapshot | undefined {
    return this.poller?.memberSnapshot(address);
  }

  onReport(listener: (report: HealthReport) => void): () => void {
    return subscribe(this.reportListeners, listener);
  }

  onSamples(listener: (appended: SamplesAppended) => void): () => void {
    return subscribe(this.sampleListeners, listener);
  }

  onEvent(listener: (event: EnsembleEvent) => void): () => void {
    return subscribe(this.eventListeners, listener);
  }

  /**
   * Polls `target` every `intervalMs` (starting or restarting the poller only when either
   * changed). Throws ConnectStringError for a bad connect string, leaving the monitor stopped.
   */
  run(target: MonitorTarget, intervalMs: number): void {
    if (this.disposed) return;
    const key = JSON.stringify(target);
    if (this.poller?.running && key === this.targetKey && intervalMs === this.interval) return;
    this.stop();
    parseConnectString(target.connectString); // throws ConnectStringError before anything starts
    this.target = target;
    this.targetKey = key;
    this.interval = intervalMs;
    const poller = this.createPoller({
      ...target,
      intervalMs,
      store: this.store,
      onSample: (member, at) => this.sampled(member, at),
    });
    this.poller = poller;
    this.stopListening = poller.onUpdate((report) => this.received(report));
    poller.start();
  }

  /** Stops polling; history, events and the last report stay. */
  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.poller?.dispose();
    this.poller = undefined;
    this.flushSamples();
  }

  /** Probes every member now; undefined when not polling. */
  async refresh(): Promise<HealthReport | undefined> {
    if (!this.poller) return undefined;
    return this.poller.pollNow();
  }

  /** The target last run (for callers that restart with a new interval). */
  get lastTarget(): MonitorTarget | undefined {
    return this.target;
  }

  private sampled(member: string, at: number): void {
    if (!this.pending) this.pending = { at, members: new Set() };
    this.pending.at = Math.max(this.pending.at, at);
    this.pending.members.add(member);
  }

  private flushSamples(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) emit(this.sampleListeners, { at: pending.at, members: [...pending.members] });
  }

  private received(report: HealthReport): void {
    if (this.disposed) return;
    this.flushSamples();
    const events = this.extractor.observe(report, this.now());
    for (const event of events) {
      this.history.push(event);
      if (this.history.length > this.maxEvents) this.history.splice(0, this.history.length - this.maxEvents);
    }
    this.latest = report;
    this.lag.observe(report);
    // Events first: a listener of reports (the notifier) may want to know what just changed.
    for (const event of events) emit(this.eventListeners, event);
    emit(this.reportListeners, report);
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
    this.reportListeners.clear();
    this.sampleListeners.clear();
    this.eventListeners.clear();
    this.store.clear();
  }
}
