import type { AlertService } from '../../core/alerts/alertService';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { alertsViewOf } from '../../core/dashboard/alertsView';
import type { AlertsSource } from '../../core/dashboard/feed';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import type { HealthService } from '../../core/health/service';
import type { RemoteSeriesSource } from '../../core/dashboard/rangePlan';
import { readRemoteRange } from '../../core/prometheus/rangeSeries';
import type { ClusterTeamAlerts } from '../../core/prometheus/teamAlertsService';
import { clusterMembers, teamServersOf } from '../team/teamServers';
import type { TeamAlertsHub } from '../team/teamAlertsHub';
import type { ClusterRegistry } from '../clusters';

export type FoundMonitor =
  | {
      readonly monitor: ClusterMonitor;
      readonly note: string | null;
      readonly alerts?: AlertsSource;
      /** The cluster's Prometheus for ranges beyond the local store, as the settings say at each call. */
      readonly remote?: () => RemoteSeriesSource | undefined;
      /** The team's alerts: the panel watches them while open. */
      readonly team?: ClusterTeamAlerts;
    }
  | { readonly error: string };

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
    private readonly registry?: ClusterRegistry,
    private readonly hub?: TeamAlertsHub,
  ) {}

  /** A reader of the cluster's Prometheus, or undefined when it has none. */
  private remoteOf(clusterId: string, monitor: ClusterMonitor): RemoteSeriesSource | undefined {
    const registry = this.registry;
    const cluster = registry?.get(clusterId);
    if (!registry || !cluster?.prometheus) return undefined;
    return {
      label: `Prometheus ${new URL(cluster.prometheus.url).host}`,
      read: async (request, signal) => {
        const members = [...new Set([...clusterMembers(cluster, monitor), ...request.members])];
        const servers = await teamServersOf(cluster, registry, members);
        if (!servers?.prometheus) throw new Error('no Prometheus set for this cluster');
        return readRemoteRange(servers.prometheus, servers.scope, request, signal);
      },
    };
  }

  monitorOf(cluster: ClusterConfig): FoundMonitor {
    const monitor = this.service.get(cluster.id);
    if (!monitor) return { error: `${cluster.name} is not known to the health service yet; try again in a moment.` };
    const status = this.service.status(cluster.id);
    const note =
      status && !status.polled
        ? `${cluster.name} is not being polled: ${status.why}. Make it the active cluster, or set "monitor": true on it.`
        : null;
    const alerts = this.alertService?.get(cluster.id);
    const team = this.hub?.get(cluster.id);
    const source: AlertsSource | undefined = alerts && {
      view: () => alertsViewOf(alerts, monitor.report, team?.view() ?? null),
      onDidChange: (l) => {
        const offOurs = alerts.onDidChange(l);
        const offTeam = team?.onDidChange(l);
        return () => {
          offOurs();
          offTeam?.();
        };
      },
    };
    return {
      monitor,
      note,
      ...(source ? { alerts: source } : {}),
      remote: () => this.remoteOf(cluster.id, monitor),
      ...(team ? { team } : {}),
    };
  }
}
