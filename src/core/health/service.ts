import type { Thresholds } from './checks';
import { ClusterMonitorOptions, MonitorTarget, PolledClusterMonitor, PollerFactory } from './clusterMonitor';
import { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS } from './poller';
import type { TlsClient } from '../tls/client';

/** A cluster as the service needs it (a subset of ClusterConfig). */
export interface ServiceCluster {
  readonly id: string;
  readonly connectString: string;
  readonly adminPorts?: readonly (number | null | undefined)[];
  /**
   * Poll it in the background. Undefined: only while it is the active cluster. `false` turns
   * polling off even for the active cluster.
   */
  readonly monitor?: boolean;
  /** TLS for its secure client ports and HTTPS AdminServer (compared by its settings, never its key material). */
  readonly tls?: TlsClient;
}

export interface ServiceSettings {
  /** Interval while the window has focus. */
  readonly intervalMs: number;
  /** Interval while it does not (never faster than `intervalMs`). */
  readonly unfocusedIntervalMs: number;
  /** Probe budget per member; undefined: derived from the interval. */
  readonly timeoutMs?: number;
  readonly thresholds?: Thresholds;
  /** Clusters polled at once, the active one first. */
  readonly maxMonitored: number;
}

export const DEFAULT_UNFOCUSED_INTERVAL_MS = 10_000;
export const DEFAULT_MAX_MONITORED = 3;

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  intervalMs: DEFAULT_INTERVAL_MS,
  unfocusedIntervalMs: DEFAULT_UNFOCUSED_INTERVAL_MS,
  maxMonitored: DEFAULT_MAX_MONITORED,
};

export interface HealthServiceOptions {
  readonly createPoller?: PollerFactory;
  readonly maxEvents?: number;
}

/** Why a cluster is not polled, or the error that stopped it. */
export type MonitorStatus = { readonly polled: true } | { readonly polled: false; readonly why: string };

/**
 * The health of every configured cluster, one `PolledClusterMonitor` per cluster id. The active
 * cluster and those whose `monitor` setting is on are polled (at most `maxMonitored`, the active
 * one first); the others keep their history but are not polled. A change of the clusters, the
 * active one, the settings or the window focus only restarts the pollers it concerns, never a
 * store. Listeners subscribe to a monitor; nothing polls the service.
 */
export class HealthService {
  private readonly monitors = new Map<string, PolledClusterMonitor>();
  private readonly statuses = new Map<string, MonitorStatus>();
  private readonly listeners = new Set<() => void>();
  private clusters: readonly ServiceCluster[] = [];
  private activeId: string | undefined;
  private settings: ServiceSettings = DEFAULT_SERVICE_SETTINGS;
  private focused = true;
  private disposed = false;
  private readonly monitorOptions: ClusterMonitorOptions;

  constructor(options: HealthServiceOptions = {}) {
    this.monitorOptions = { createPoller: options.createPoller, maxEvents: options.maxEvents };
  }

  /** The monitor of a cluster (polled or not); undefined for an unknown id. */
  get(clusterId: string): PolledClusterMonitor | undefined {
    return this.monitors.get(clusterId);
  }

  /** Every cluster's monitor, in settings order. */
  all(): PolledClusterMonitor[] {
    return this.clusters.flatMap((c) => this.monitors.get(c.id) ?? []);
  }

  status(clusterId: string): MonitorStatus | undefined {
    return this.statuses.get(clusterId);
  }

  /** Ids of the clusters polled now. */
  polledIds(): string[] {
    return this.all()
      .filter((m) => m.running)
      .map((m) => m.clusterId);
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** The interval pollers run at now. */
  get currentIntervalMs(): number {
    const { intervalMs, unfocusedIntervalMs } = this.settings;
    return this.focused ? intervalMs : Math.max(intervalMs, unfocusedIntervalMs);
  }

  /** Fires when the set of monitors or what they poll changed. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies the clusters, the active one and the settings; restarts only what changed. */
  update(clusters: readonly ServiceCluster[], activeId: string | undefined, settings: ServiceSettings = this.settings): void {
    if (this.disposed) return;
    this.clusters = clusters;
    this.activeId = activeId;
    this.settings = {
      ...settings,
      intervalMs: Math.max(MIN_INTERVAL_MS, settings.intervalMs),
      maxMonitored: Math.max(1, Math.floor(settings.maxMonitored)),
    };
    const ids = new Set(clusters.map((c) => c.id));
    for (const [id, monitor] of this.monitors) {
      if (ids.has(id)) continue;
      monitor.dispose();
      this.monitors.delete(id);
      this.statuses.delete(id);
    }
    this.apply();
  }

  /** The window gained or lost focus: pollers switch between the two intervals. */
  setFocused(focused: boolean): void {
    if (this.disposed || focused === this.focused) return;
    this.focused = focused;
    this.apply();
  }

  private wanted(): Set<string> {
    const ordered = [
      ...this.clusters.filter((c) => c.id === this.activeId && c.monitor !== false),
      ...this.clusters.filter((c) => c.id !== this.activeId && c.monitor === true),
    ];
    return new Set(ordered.slice(0, this.settings.maxMonitored).map((c) => c.id));
  }

  private apply(): void {
    const wanted = this.wanted();
    const interval = this.currentIntervalMs;
    for (const cluster of this.clusters) {
      let monitor = this.monitors.get(cluster.id);
      if (!monitor) {
        monitor = new PolledClusterMonitor(cluster.id, { ...this.monitorOptions, storeIntervalMs: this.settings.intervalMs });
        this.monitors.set(cluster.id, monitor);
      }
      if (!wanted.has(cluster.id)) {
        monitor.stop();
        const why =
          cluster.monitor === false
            ? 'monitoring is off for this cluster'
            : cluster.monitor === true
              ? `more than ${this.settings.maxMonitored} clusters to monitor`
              : 'not the active cluster';
        this.statuses.set(cluster.id, { polled: false, why });
        continue;
      }
      const target: MonitorTarget = {
        connectString: cluster.connectString,
        adminPorts: cluster.adminPorts,
        timeoutMs: this.settings.timeoutMs,
        thresholds: this.settings.thresholds,
        ...(cluster.tls ? { tls: cluster.tls } : {}),
      };
      try {
        monitor.run(target, interval);
        this.statuses.set(cluster.id, { polled: true });
      } catch (err) {
        monitor.stop();
        this.statuses.set(cluster.id, { polled: false, why: err instanceof Error ? err.message : String(err) });
      }
    }
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A failing listener must not stop the others.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const monitor of this.monitors.values()) monitor.dispose();
    this.monitors.clear();
    this.listeners.clear();
  }
}
