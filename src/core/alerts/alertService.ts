import type { HealthService } from '../health/service';
import { AlertChange, ClusterAlerts, RestartChange } from './clusterAlerts';
import type { PersistedAlerts } from './persistedAlerts';
import type { AlertRule, Forecast } from './types';

/** Where each cluster's alert history and mutes are kept across reloads (the editor's storage). */
export interface AlertStorage {
  load(clusterId: string): unknown;
  save(clusterId: string, state: PersistedAlerts): void;
}

export interface AlertServiceOptions {
  /** The effective rules of a cluster (built-ins with the settings' overrides). */
  readonly rulesFor: (clusterId: string) => readonly AlertRule[];
  readonly storage?: AlertStorage;
  readonly maxHistory?: number;
  readonly now?: () => number;
}

type Listener<T> = (value: T) => void;

/**
 * The alerts of every cluster the health service knows: one ClusterAlerts per cluster monitor,
 * made when the monitor appears and disposed when its cluster goes. It must be made before the
 * service's first update so its evaluation of a report runs before other report listeners (the
 * status bar and the Ensemble view then read alerts of the very report they show).
 */
export class AlertService {
  private readonly clusters = new Map<string, ClusterAlerts>();
  private readonly offs = new Map<string, (() => void)[]>();
  private readonly alertListeners = new Set<Listener<AlertChange>>();
  private readonly restartListeners = new Set<Listener<RestartChange>>();
  private readonly forecastListeners = new Set<Listener<{ clusterId: string; forecast: Forecast }>>();
  private readonly changeListeners = new Set<Listener<string>>();
  private readonly added = new Set<Listener<ClusterAlerts>>();
  private readonly offService: () => void;
  private disposed = false;

  constructor(
    private readonly health: HealthService,
    private readonly options: AlertServiceOptions,
  ) {
    this.offService = health.onDidChange(() => this.sync());
    this.sync();
  }

  get(clusterId: string): ClusterAlerts | undefined {
    return this.clusters.get(clusterId);
  }

  all(): ClusterAlerts[] {
    return [...this.clusters.values()];
  }

  /** Every alert state change of every cluster. */
  onAlert(listener: Listener<AlertChange>): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  onRestart(listener: Listener<RestartChange>): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  onForecast(listener: Listener<{ clusterId: string; forecast: Forecast }>): () => void {
    this.forecastListeners.add(listener);
    return () => this.forecastListeners.delete(listener);
  }

  /** A cluster's lists changed (its id is passed). */
  onDidChange(listener: Listener<string>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A cluster's alerts were made (receivers attach here). */
  onDidAdd(listener: Listener<ClusterAlerts>): () => void {
    this.added.add(listener);
    return () => this.added.delete(listener);
  }

  /** Rules settings changed: every cluster gets its rules again. */
  reloadRules(): void {
    for (const [id, alerts] of this.clusters) alerts.setRules(this.options.rulesFor(id));
  }

  private sync(): void {
    if (this.disposed) return;
    const monitors = this.health.all();
    const ids = new Set(monitors.map((m) => m.clusterId));
    for (const id of [...this.clusters.keys()]) {
      const alerts = this.clusters.get(id)!;
      // A cluster removed, or re-made with a new monitor: its alerts go with the old monitor.
      if (ids.has(id) && this.health.get(id) === alerts.monitor) continue;
      this.drop(id);
    }
    for (const monitor of monitors) {
      const id = monitor.clusterId;
      if (this.clusters.has(id)) continue;
      const storage = this.options.storage;
      const alerts = new ClusterAlerts(monitor, {
        rules: this.options.rulesFor(id),
        persisted: safely(() => storage?.load(id)),
        save: storage ? (state) => storage.save(id, state) : undefined,
        maxHistory: this.options.maxHistory,
        now: this.options.now,
      });
      this.clusters.set(id, alerts);
      this.offs.set(id, [
        alerts.onAlert((c) => fire(this.alertListeners, c)),
        alerts.onRestart((r) => fire(this.restartListeners, r)),
        alerts.onForecast((forecast) => fire(this.forecastListeners, { clusterId: id, forecast })),
        alerts.onDidChange(() => fire(this.changeListeners, id)),
      ]);
      fire(this.added, alerts);
    }
  }

  private drop(id: string): void {
    for (const off of this.offs.get(id) ?? []) off();
    this.offs.delete(id);
    this.clusters.get(id)?.dispose();
    this.clusters.delete(id);
  }

  dispose(): void {
    this.disposed = true;
    this.offService();
    for (const id of [...this.clusters.keys()]) this.drop(id);
    this.alertListeners.clear();
    this.restartListeners.clear();
    this.forecastListeners.clear();
    this.changeListeners.clear();
    this.added.clear();
  }
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function fire<T>(listeners: ReadonlySet<Listener<T>>, value: T): void {
  for (const l of [...listeners]) {
    try {
      l(value);
    } catch {
      // One failing listener must not stop the others.
    }
  }
}
