import { ClusterConfig, adminPortsFor } from '../../core/clusters/clusterConfig';
import { Announcement, HealthAnnouncer } from '../../core/health/announcer';
import type { PolledClusterMonitor } from '../../core/health/clusterMonitor';
import type { HealthReport } from '../../core/health/report';
import { HealthService, ServiceCluster } from '../../core/health/service';
import type { HealthSettings } from './settings';
import type { TlsClient } from '../../core/tls/client';

/*
 * No runtime `vscode` import here: the controller's lifecycle is tested in plain node with fakes of
 * the narrow interfaces below (register.ts adapts the real window, settings and notifications).
 */

/** Something to stop listening to. */
export interface Disposable {
  dispose(): unknown;
}

/** The part of `vscode.window` the controller needs. */
export interface HealthWindow {
  readonly focused: boolean;
  onDidChangeFocus(listener: (focused: boolean) => void): Disposable;
}

/** The part of the ClusterRegistry the controller needs. */
export interface ClusterSource {
  list(): ClusterConfig[];
  readonly active: ClusterConfig | undefined;
  setActive(id: string): Promise<void>;
  onDidChange(listener: () => void): Disposable;
  /** The cluster's TLS client (secret passphrase included), undefined for plain TCP; absent: no TLS. */
  tlsClient?(cluster: ClusterConfig): TlsClient | undefined;
}

export interface SettingsSource {
  read(): HealthSettings;
  onDidChange(listener: () => void): Disposable;
}

/** Where announcements go: each one replaces the previous (its toast closes). */
export interface NoticeSink {
  show(clusterName: string, announcement: Announcement): void;
  /** Closes whatever is shown. */
  clear(): void;
}

export interface HealthControllerDeps {
  readonly clusters: ClusterSource;
  readonly window: HealthWindow;
  readonly settings: SettingsSource;
  readonly notices: NoticeSink;
  /** The service to drive; a fresh one (real pollers) when absent. */
  readonly service?: HealthService;
}

/** What the controller shows for the active cluster. */
export type HealthState =
  | { readonly kind: 'no-cluster' }
  | { readonly kind: 'starting'; readonly cluster: ClusterConfig }
  | { readonly kind: 'watching'; readonly cluster: ClusterConfig; readonly report: HealthReport }
  /** Not polled (its `monitor` setting is off): the last report, if any. */
  | { readonly kind: 'paused'; readonly cluster: ClusterConfig; readonly report: HealthReport | undefined }
  | { readonly kind: 'error'; readonly cluster: ClusterConfig; readonly message: string };

/** An announcement as it was made, with the status bar's state at that moment (host tests read these). */
export interface MadeAnnouncement {
  readonly clusterId: string;
  readonly announcement: Announcement;
  readonly report: HealthReport;
}

type Listener<T> = (value: T) => void;

/** A minimal event emitter with vscode's `event(listener) → Disposable` shape. */
class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // One failing listener must not stop the others.
      }
    }
  }
  dispose(): void {
    this.listeners.clear();
  }
}

function toServiceCluster(c: ClusterConfig, tls: TlsClient | undefined): ServiceCluster {
  return { id: c.id, connectString: c.connectString, adminPorts: adminPortsFor(c), monitor: c.monitor, ...(tls ? { tls } : {}) };
}

/**
 * The editor's side of ensemble health: feeds the configured clusters, the active one, the
 * settings and the window's focus to the HealthService, follows the active cluster's monitor
 * (subscribed, never polled), and announces changes from the very report the status bar and the
 * Ensemble view show.
 */
export class EnsembleHealthController implements Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires on every new report and on every state change, before any announcement of it. */
  readonly onDidChange = this.changed.event;
  private readonly announced = new Emitter<MadeAnnouncement>();
  /** Fires after an announcement was handed to the notice sink. */
  readonly onDidAnnounce = this.announced.event;
  readonly service: HealthService;
  private readonly subscriptions: Disposable[] = [];
  private readonly announcer = new HealthAnnouncer();
  private current: HealthState = { kind: 'no-cluster' };
  private settings: HealthSettings;
  private followed: { id: string; monitor: PolledClusterMonitor; off: () => void } | undefined;
  private lastSeq = 0;
  private disposed = false;

  constructor(private readonly deps: HealthControllerDeps) {
    this.service = deps.service ?? new HealthService();
    this.settings = deps.settings.read();
    this.subscriptions.push(
      deps.clusters.onDidChange(() => this.sync()),
      deps.settings.onDidChange(() => {
        this.settings = deps.settings.read();
        this.sync();
      }),
      deps.window.onDidChangeFocus((focused) => this.service.setFocused(focused)),
    );
    this.service.setFocused(deps.window.focused);
    this.sync();
  }

  /** The TLS client for `cluster` (the health commands ask members directly, as the poller does). */
  tlsOf(cluster: ClusterConfig): TlsClient | undefined {
    return this.deps.clusters.tlsClient?.(cluster);
  }

  get state(): HealthState {
    return this.current;
  }

  /** The active cluster's latest report, if any. */
  get report(): HealthReport | undefined {
    return this.current.kind === 'watching' || this.current.kind === 'paused' ? this.current.report : undefined;
  }

  /** The active cluster's monitor (store, events, report). */
  get activeMonitor(): PolledClusterMonitor | undefined {
    return this.followed?.monitor;
  }

  get clusterCount(): number {
    return this.deps.clusters.list().length;
  }

  /** Names of the configured clusters other than `activeId`. */
  otherClusterNames(activeId: string | undefined): string[] {
    return this.deps.clusters.list().filter((c) => c.id !== activeId).map((c) => c.name);
  }

  /** Makes `id` the active cluster (the registry is shared with the explorer). */
  pick(id: string): Promise<void> {
    return this.deps.clusters.setActive(id);
  }

  clusters(): ClusterConfig[] {
    return this.deps.clusters.list();
  }

  /** Probes every member of the active cluster now; resolves with the new report. */
  async refresh(): Promise<HealthReport | undefined> {
    return this.followed?.monitor.refresh();
  }

  private setState(state: HealthState): void {
    this.current = state;
    this.changed.fire();
  }

  /** Applies clusters, active cluster and settings to the service, then follows the active monitor. */
  private sync(): void {
    if (this.disposed) return;
    const clusters = this.deps.clusters.list();
    const active = this.deps.clusters.active;
    this.service.update(clusters.map((c) => toServiceCluster(c, this.tlsOf(c))), active?.id, {
      intervalMs: this.settings.intervalMs,
      unfocusedIntervalMs: this.settings.unfocusedIntervalMs,
      timeoutMs: this.settings.probeTimeoutMs,
      thresholds: this.settings.thresholds,
      maxMonitored: this.settings.maxMonitored,
    });
    if (!active) {
      this.unfollow();
      this.setState({ kind: 'no-cluster' });
      return;
    }
    const monitor = this.service.get(active.id);
    if (!monitor) return;
    if (this.followed?.id !== active.id || this.followed.monitor !== monitor) {
      this.unfollow();
      // Old events are history, not news: only what happens from now on is announced.
      this.lastSeq = monitor.events.at(-1)?.seq ?? 0;
      const off = monitor.onReport((report) => this.received(active.id, report));
      this.followed = { id: active.id, monitor, off };
    }
    const status = this.service.status(active.id);
    const report = monitor.report;
    if (status && !status.polled) {
      const off = active.monitor === false;
      this.setState(off ? { kind: 'paused', cluster: active, report } : { kind: 'error', cluster: active, message: status.why });
    } else {
      this.setState(report ? { kind: 'watching', cluster: active, report } : { kind: 'starting', cluster: active });
    }
  }

  private unfollow(): void {
    if (!this.followed) return;
    this.followed.off();
    this.followed = undefined;
    this.announcer.reset();
    this.deps.notices.clear();
  }

  private received(clusterId: string, report: HealthReport): void {
    const cluster = this.deps.clusters.list().find((c) => c.id === clusterId);
    const monitor = this.followed?.monitor;
    if (!cluster || !monitor || this.followed?.id !== clusterId) return;
    const events = monitor.events.filter((e) => e.seq > this.lastSeq);
    this.lastSeq = monitor.events.at(-1)?.seq ?? this.lastSeq;
    // The status bar and the Ensemble view render this report synchronously (onDidChange), and
    // the announcement below is made from the same report: they cannot disagree.
    this.setState({ kind: 'watching', cluster, report });
    const announcement = this.announcer.observe(report, events);
    if (!announcement || !this.settings.notifications) return;
    this.deps.notices.show(cluster.name, announcement);
    this.announced.fire({ clusterId, announcement, report });
  }

  dispose(): void {
    this.disposed = true;
    this.unfollow();
    for (const d of this.subscriptions) d.dispose();
    this.service.dispose();
    this.changed.dispose();
    this.announced.dispose();
  }
}
