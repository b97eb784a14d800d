import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import type { HealthService } from '../../core/health/service';

/** Where a dashboard gets its cluster's monitor. */
export interface MonitorProvider {
  /** The cluster's monitor, or why there is none. */
  monitorOf(cluster: ClusterConfig): { readonly monitor: ClusterMonitor; readonly note: string | null } | { readonly error: string };
}

/**
 * The health service's monitors: the one history per cluster that the status bar and the Ensemble
 * view share. A cluster the service does not poll (not active and `monitor` not on, or over the
 * limit) still opens, with the service's reason as a note.
 */
export class ServiceMonitors implements MonitorProvider {
  constructor(private readonly service: HealthService) {}

  monitorOf(cluster: ClusterConfig): { readonly monitor: ClusterMonitor; readonly note: string | null } | { readonly error: string } {
    const monitor = this.service.get(cluster.id);
    if (!monitor) return { error: `${cluster.name} is not known to the health service yet; try again in a moment.` };
    const status = this.service.status(cluster.id);
    const note = status && !status.polled ? `${cluster.name} is not being polled: ${status.why}. Make it the active cluster, or set "monitor": true on it.` : null;
    return { monitor, note };
  }
}
