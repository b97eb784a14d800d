import { ClusterConfig, adminPortsFor } from '../../core/clusters/clusterConfig';
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

export interface HealthControllerDeps {
  readonly clusters: ClusterSource;
  readonly window: HealthWindow;
  readonly settings: SettingsSource;
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
 * settings and the window's focus to the HealthService, and follows the active cluster's monitor
 * (subscribed, never polled). Notifications are the alerts' (ui/alerts): the alert service
 * evaluates each report before this controller hears of it, so the status bar, the Ensemble view
 * and a notification all speak of the same report.
 */
export class EnsembleHealthController implements Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires on every new report and on every state change. */
  readonly onDidChange = this.changed.event;
  readonly service: HealthService;
  private readonly subscriptions: Disposable[] = [];
  private current: HealthState = { kind: 'no-cluster' };
  private settings: HealthSettings;
  private followed: { id: string; monitor: PolledClusterMonitor; off: () => void } | undefined;
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

  /** The notification settings (alerts read them). */
  get notificationsEnabled(): boolean {
    return this.settings.notifications;
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
    return this.deps.clusters
      .list()
      .filter((c) => c.id !== activeId)
      .map((c) => c.name);
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
    this.service.update(
      clusters.map((c) => toServiceCluster(c, this.tlsOf(c))),
      active?.id,
      {
        intervalMs: this.settings.intervalMs,
        unfocusedIntervalMs: this.settings.unfocusedIntervalMs,
        timeoutMs: this.settings.probeTimeoutMs,
        thresholds: this.settings.thresholds,
        maxMonitored: this.settings.maxMonitored,
      },
    );
    if (!active) {
      this.unfollow();
      this.setState({ kind: 'no-cluster' });
      return;
    }
    const monitor = this.service.get(active.id);
    if (!monitor) return;
    if (this.followed?.id !== active.id || this.followed.monitor !== monitor) {
      this.unfollow();
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
  }

  private received(clusterId: string, report: HealthReport): void {
    const cluster = this.deps.clusters.list().find((c) => c.id === clusterId);
    if (!cluster || !this.followed || this.followed.id !== clusterId) return;
    this.setState({ kind: 'watching', cluster, report });
  }

  dispose(): void {
    this.disposed = true;
    this.unfollow();
    for (const d of this.subscriptions) d.dispose();
    this.service.dispose();
    this.changed.dispose();
  }
}
