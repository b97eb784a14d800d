import { AlertsView, HostMessage, RANGE_MS, RangeId, SERIES_KEYS, SeriesBlock, WebviewMessage } from '../../shared/dashboardProtocol';
import type { EnsembleEvent } from '../../shared/ensembleEvents';
import type { RecoveryView, RecoveryWebviewMessage } from '../../shared/recoveryProtocol';
import type { ClusterMonitor } from '../health/monitorApi';
import type { MetricStore } from '../metrics/store';
import { advanceLastTimes, assembleSeries, newSamples } from '../metrics/rangeSeries';
import { summaryViewOf } from './summaryView';

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

/** Events in a snapshot: the newest ones in range, at most this many. */
export const MAX_SNAPSHOT_EVENTS = 200;

/**
 * What one dashboard panel is sent, decided without the editor: nothing before the webview's
 * `ready`; then a snapshot of the range; then, at most once per `throttleMs`, only what is new (raw
 * samples after each member's last sent time, new events, the latest summary). A hidden panel is
 * sent nothing and gets a fresh snapshot when shown again; paused charts get no points (the summary
 * and events still arrive) and a snapshot when live again. The Recovery section goes as its own
 * `recovery` message after each snapshot and, throttled alike, whenever it changed.
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
    }
  }

  /** The webview's page is gone (a panel without retained context was hidden): wait for its next `ready`. */
  webviewGone(): void {
    this.ready = false;
    this.stale = true;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.sendSnapshot();
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
    const now = this.now();
    const since = now - RANGE_MS[this.rangeId];
    const series = assembleSeries(this.stores, { members: this.members(), keys: SERIES_KEYS, since, until: now });
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
      summary: report ? summaryViewOf(report) : null,
      events,
      alerts: this.options.alerts?.view() ?? null,
    });
    this.postRecovery();
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
    if (this.isLive) {
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
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribe) off();
  }
}
