import {
  AlertsView,
  HostMessage,
  RANGE_MS,
  RangeId,
  SERIES_KEYS,
  SeriesBlock,
  SeriesSourceView,
  WebviewMessage,
} from '../../shared/dashboardProtocol';
import type { EnsembleEvent } from '../../shared/ensembleEvents';
import type { RecoveryView, RecoveryWebviewMessage } from '../../shared/recoveryProtocol';
import type { ClusterMonitor } from '../health/monitorApi';
import type { MetricStore } from '../metrics/store';
import { advanceLastTimes, assembleSeries, newSamples } from '../metrics/rangeSeries';
import { summaryViewOf } from './summaryView';
import { LOCAL_SOURCE, RemoteSeriesSource, planRange, remoteSourceView, spanText } from './rangePlan';

export interface FeedOptions {
  readonly clusterName: string;
  /** Delivers a message to the webview. */
  readonly post: (message: HostMessage) => void;
  readonly range?: RangeId;
  readonly live?: boolean;
  /** Shortest time between two posts; default 500 ms (at most two posts a second). */
  readonly throttleMs?: number;
  /** Stores beside the monitor's (derived series such as zxid lag). */
  readonly extraStores?: readonly MetricStore[];
  readonly now?: () => number;
  /** The cluster's alerts (list, history, chart overlays); none without an alert service. */
  readonly alerts?: AlertsSource;
  /** The cluster's Recovery section; none without guided recovery. */
  readonly recovery?: RecoverySource;
  /** The cluster's Prometheus, asked as the settings say now; undefined when it has none. */
  readonly remote?: () => RemoteSeriesSource | undefined;
  /** A range from Prometheus is read again this often while live (never more often than its step). Default 60 s. */
  readonly remoteRefreshMs?: number;
  /** The longest a whole read from Prometheus may take. Default 20 s. */
  readonly remoteDeadlineMs?: number;
}

/** Where the feed reads the Recovery section, and hears that it changed. */
export interface RecoverySource {
  view(): RecoveryView;
  onDidChange(listener: () => void): () => void;
}

/** The webview's messages the feed handles; the Recovery section's requests go to recovery. */
export type FeedMessage = Exclude<WebviewMessage, RecoveryWebviewMessage>;

/** Where the feed reads a cluster's alerts, and hears that they changed. */
export interface AlertsSource {
  view(): AlertsView;
  onDidChange(listener: () => void): () => void;
}

/** A read from Prometheus under way: cancelled when the range changes, the panel hides or closes. */
interface RemoteLoad {
  readonly abort: AbortController;
  readonly source: RemoteSeriesSource;
}

/** Events in a snapshot: the newest ones in range, at most this many. */
export const MAX_SNAPSHOT_EVENTS = 200;

/**
 * What one dashboard panel is sent, decided without the editor: nothing before the webview's
 * `ready`; then a snapshot of the range; then, at most once per `throttleMs`, only what is new (raw
 * samples after each member's last sent time, new events, the latest summary). A hidden panel is
 * sent nothing and gets a fresh snapshot when shown again; paused charts get no points (the summary
 * and events still arrive) and a snapshot when live again. The Recovery section goes as its own
 * `recovery` message after each snapshot and, throttled alike, whenever it changed. A range the
 * local store does not hold (rangePlan.ts) comes from Prometheus: the snapshot says it is loading,
 * a `series` message brings the points (or, when Prometheus fails, the local store's with the
 * reason), and while live the range is read again at most once a minute, on the monitor's events
 * (no timer of its own).
 */
export class DashboardFeed {
  private ready = false;
  private visible = true;
  /** Something changed while nothing could be posted: the next post must be a snapshot. */
  private stale = false;
  private pending = false;
  private reportChanged = false;
  private alertsChanged = false;
  private recoveryChanged = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPostAt = Number.NEGATIVE_INFINITY;
  private readonly sentUntil = new Map<string, number>();
  private lastEventSeq = -1;
  private rangeId: RangeId;
  private isLive: boolean;
  private readonly stores: readonly MetricStore[];
  private readonly unsubscribe: (() => void)[];
  private readonly now: () => number;
  /** Where the range's points come from now. */
  private source: SeriesSourceView = LOCAL_SOURCE;
  private load: RemoteLoad | undefined;
  private lastRemoteAt = Number.NEGATIVE_INFINITY;
  /** Posts made, for tests and the benchmark. */
  posts = 0;

  constructor(
    private readonly monitor: ClusterMonitor,
    private readonly options: FeedOptions,
  ) {
    this.rangeId = options.range ?? '5m';
    this.isLive = options.live ?? true;
    this.stores = [monitor.store, ...(options.extraStores ?? [])];
    this.now = options.now ?? Date.now;
    this.unsubscribe = [
      monitor.onSamples(() => this.changed()),
      monitor.onReport(() => {
        this.reportChanged = true;
        this.changed();
      }),
      monitor.onEvent(() => this.changed()),
      ...(options.alerts
        ? [
            options.alerts.onDidChange(() => {
              this.alertsChanged = true;
              this.changed();
            }),
          ]
        : []),
      ...(options.recovery
        ? [
            options.recovery.onDidChange(() => {
              this.recoveryChanged = true;
              this.changed();
            }),
          ]
        : []),
    ];
  }

  get range(): RangeId {
    return this.rangeId;
  }

  get live(): boolean {
    return this.isLive;
  }

  /** A message the host has validated. */
  handle(message: FeedMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
      case 'setRange':
        this.rangeId = message.range;
        this.sendSnapshot();
        return;
      case 'setLive':
        this.isLive = message.live;
        if (message.live) this.sendSnapshot();
        return;
      case 'state':
        // Persisted by the webview itself (setState); the host only follows range and live.
        this.rangeId = message.state.range;
        this.isLive = message.state.live;
        return;
      case 'silence':
        // An action on an alert: the panel carries it out, not the feed.
        return;
    }
  }

  /** Where the current range's points come from (host tests read it). */
  get seriesSource(): SeriesSourceView {
    return this.source;
  }

  /** The webview's page is gone (a panel without retained context was hidden): wait for its next `ready`. */
  webviewGone(): void {
    this.ready = false;
    this.stale = true;
    this.cancelLoad();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible && this.load) {
      // Nobody sees the answer: stop asking; a snapshot when shown again asks anew.
      this.cancelLoad();
      this.stale = true;
    }
    if (visible && this.stale) this.sendSnapshot();
  }

  private cancelLoad(): void {
    this.load?.abort.abort();
    this.load = undefined;
  }

  /** The oldest point the primary store holds over every member (undefined: nothing yet). */
  private localOldest(): number | undefined {
    let oldest: number | undefined;
    for (const member of this.monitor.store.memberNames())
      for (const tier of this.monitor.store.coverage(member))
        if (tier.oldest !== undefined && (oldest === undefined || tier.oldest < oldest)) oldest = tier.oldest;
    return oldest;
  }

  private localSeries(since: number, until: number): SeriesBlock {
    return assembleSeries(this.stores, { members: this.members(), keys: SERIES_KEYS, since, until });
  }

  private changed(): void {
    this.pending = true;
    if (!this.ready || !this.visible) {
      this.stale = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastPostAt + (this.options.throttleMs ?? 500) - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private members(): string[] {
    const names = new Set<string>(this.monitor.report?.health.members.map((m) => m.address) ?? []);
    for (const name of this.monitor.store.memberNames()) names.add(name);
    return [...names];
  }

  private deliver(message: HostMessage): void {
    this.posts++;
    this.lastPostAt = this.now();
    this.options.post(message);
  }

  /** Builds and posts a snapshot of the current range. */
  sendSnapshot(): void {
    if (!this.ready) return;
    if (!this.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stale = false;
    this.pending = false;
    this.reportChanged = false;
    this.alertsChanged = false;
    this.recoveryChanged = false;
    this.cancelLoad();
    const now = this.now();
    const since = now - RANGE_MS[this.rangeId];
    const remote = this.options.remote?.();
    const plan = planRange(this.rangeId, now, { oldest: this.localOldest(), spanMs: this.monitor.store.spanMs }, remote !== undefined);
    let series: SeriesBlock;
    if (plan.source === 'remote' && remote) {
      series = { intervalMs: this.monitor.store.intervalMs, members: [] };
      this.source = {
        kind: 'loading',
        label: remote.label,
        stepSeconds: null,
        message: `Reading ${spanText(RANGE_MS[this.rangeId])} from ${remote.label}…`,
        missing: [],
      };
    } else {
      series = this.localSeries(since, now);
      this.source = plan.source === 'local' && plan.note ? { ...LOCAL_SOURCE, message: plan.note } : LOCAL_SOURCE;
    }
    this.sentUntil.clear();
    advanceLastTimes(series, this.sentUntil);
    const events = this.monitor.events.filter((e) => e.at >= since).slice(-MAX_SNAPSHOT_EVENTS);
    this.lastEventSeq = this.monitor.events.at(-1)?.seq ?? this.lastEventSeq;
    const report = this.monitor.report;
    this.deliver({
      type: 'snapshot',
      clusterId: this.monitor.clusterId,
      clusterName: this.options.clusterName,
      range: this.rangeId,
      live: this.isLive,
      now,
      series,
      source: this.source,
      summary: report ? summaryViewOf(report) : null,
      events,
      alerts: this.options.alerts?.view() ?? null,
    });
    this.postRecovery();
    if (plan.source === 'remote' && remote) this.startRemote(remote);
  }

  /** Reads the current range from Prometheus and posts it; on failure, the local store with the reason. */
  private startRemote(remote: RemoteSeriesSource): void {
    this.cancelLoad();
    const abort = new AbortController();
    const load: RemoteLoad = { abort, source: remote };
    this.load = load;
    const range = this.rangeId;
    const until = this.now();
    const since = until - RANGE_MS[range];
    const deadlineMs = this.options.remoteDeadlineMs ?? 20_000;
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = AbortSignal.any([abort.signal, deadline]);
    remote.read({ keys: SERIES_KEYS, since, until, members: this.members() }, signal).then(
      (result) => {
        if (this.load !== load) return;
        this.load = undefined;
        this.lastRemoteAt = this.now();
        this.source = remoteSourceView(remote.label, result);
        this.postSeries(range, result.series);
      },
      (err: unknown) => {
        if (this.load !== load) return;
        this.load = undefined;
        this.lastRemoteAt = this.now();
        const why = deadline.aborted
          ? `no complete answer within ${deadlineMs / 1000} s`
          : err instanceof Error
            ? err.message
            : String(err);
        const oldest = this.localOldest();
        const held = oldest === undefined ? 'nothing yet' : `the last ${spanText(this.now() - oldest)}`;
        this.source = {
          kind: 'failed',
          label: 'local',
          stepSeconds: null,
          message: `${remote.label} did not answer: ${why}. Showing the local store instead (it holds ${held}).`,
          missing: [],
        };
        this.postSeries(range, this.localSeries(since, this.now()));
      },
    );
  }

  private postSeries(range: RangeId, series: SeriesBlock): void {
    if (!this.ready || !this.visible || range !== this.rangeId) {
      this.stale = true;
      return;
    }
    this.sentUntil.clear();
    advanceLastTimes(series, this.sentUntil);
    this.deliver({ type: 'series', range, now: this.now(), series, source: this.source });
  }

  /** A range from Prometheus, live, read long enough ago: read it again (called on the monitor's events). */
  private remoteDue(): RemoteSeriesSource | undefined {
    if (!this.isLive || this.load || (this.source.kind !== 'prometheus' && this.source.kind !== 'failed')) return undefined;
    const every = Math.max(this.options.remoteRefreshMs ?? 60_000, (this.source.stepSeconds ?? 0) * 1000);
    if (this.now() - this.lastRemoteAt < every) return undefined;
    return this.options.remote?.();
  }

  /** The Recovery section as it is now (its own message: runs go on whatever the charts show). */
  private postRecovery(): void {
    if (this.options.recovery) this.deliver({ type: 'recovery', recovery: this.options.recovery.view() });
  }

  private newEvents(): EnsembleEvent[] {
    const fresh = this.monitor.events.filter((e) => e.seq > this.lastEventSeq);
    this.lastEventSeq = this.monitor.events.at(-1)?.seq ?? this.lastEventSeq;
    return fresh;
  }

  /** Posts what is pending now (the throttle timer calls it; the benchmark too). */
  flush(): void {
    if (!this.pending) return;
    if (!this.ready || !this.visible) {
      this.stale = true;
      return;
    }
    if (this.stale) {
      this.sendSnapshot();
      return;
    }
    this.pending = false;
    const now = this.now();
    let series: SeriesBlock | null = null;
    const again = this.remoteDue();
    if (again) this.startRemote(again);
    // Points from Prometheus are not mixed with local raw samples: they come back whole with each read.
    if (this.isLive && (this.source.kind === 'local' || this.source.kind === 'failed')) {
      series = newSamples(this.stores, SERIES_KEYS, this.members(), this.sentUntil, now);
      advanceLastTimes(series, this.sentUntil);
      if (series.members.length === 0) series = null;
    }
    const events = this.newEvents();
    const report = this.reportChanged ? this.monitor.report : undefined;
    this.reportChanged = false;
    // Alert values and "since" texts move with every report: the list follows the reports.
    const alerts = (this.alertsChanged || report) && this.options.alerts ? this.options.alerts.view() : null;
    this.alertsChanged = false;
    if (series || events.length > 0 || report || alerts)
      this.deliver({ type: 'append', now, series, summary: report ? summaryViewOf(report) : null, events, alerts });
    if (this.recoveryChanged) {
      this.recoveryChanged = false;
      this.postRecovery();
    }
  }

  dispose(): void {
    this.cancelLoad();
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribe) off();
  }
}
