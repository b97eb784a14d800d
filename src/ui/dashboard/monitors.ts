import type { AlertService } from '../../core/alerts/alertService';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { alertsViewOf } from '../../core/dashboard/alertsView';
import type { AlertsSource } from '../../core/dashboard/feed';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import type { HealthService } from '../../core/health/service';

export type FoundMonitor =
  { readonly monitor: ClusterMonitor; readonly note: string | null; readonly alerts?: AlertsSource } | { readonly error: string };

/** Where a dashboard gets its cluster's monitor (and its alerts). */
export interface MonitorProvider {
  /** The cluster's monitor, or why there is none. */
  monitorOf(cluster: ClusterConfig): FoundMonitor;
}

/**
 * The health service's monitors: the one history per cluster that the status bar and the Ensemble
 * view share. A cluster the service does not poll (not active and `monitor` not on, or over the
 * limit) still opens, with the service's reason as a note.
 */
export class ServiceMonitors implements MonitorProvider {
  constructor(
    private readonly service: HealthService,
    private readonly alertService?: AlertService,
  ) {}

  monitorOf(cluster: ClusterConfig): FoundMonitor {
    const monitor = this.service.get(cluster.id);
    if (!monitor) return { error: `${cluster.name} is not known to the health service yet; try again in a moment.` };
    const status = this.service.status(cluster.id);
    const note =
      status && !status.polled
        ? `${cluster.name} is not being polled: ${status.why}. Make it the active cluster, or set "monitor": true on it.`
        : null;
    const alerts = this.alertService?.get(cluster.id);
    const source: AlertsSource | undefined = alerts && {
      view: () => alertsViewOf(alerts, monitor.report),
      onDidChange: (l) => alerts.onDidChange(l),
    };
    return { monitor, note, ...(source ? { alerts: source } : {}) };
  }
}
