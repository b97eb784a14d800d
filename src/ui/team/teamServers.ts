import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { formatAddress, parseConnectString } from '../../core/connectString';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import { AlertmanagerClient } from '../../core/prometheus/alertmanager';
import { PrometheusClient } from '../../core/prometheus/client';
import { clusterScope } from '../../core/prometheus/clusterScope';
import type { HttpAuth } from '../../core/prometheus/http';
import type { TeamServers } from '../../core/prometheus/teamAlerts';
import type { TeamService } from '../../core/prometheus/settings';

/** Where the team servers' credentials are read (the ClusterRegistry's secret storage). */
export interface TeamAuthSource {
  getTeamAuth(id: string, service: TeamService): Promise<HttpAuth | undefined>;
}

/** Every member the cluster is known by: its connect string's and its latest report's. */
export function clusterMembers(cluster: ClusterConfig, monitor: ClusterMonitor | undefined): string[] {
  const members = new Set<string>();
  try {
    for (const server of parseConnectString(cluster.connectString).servers) members.add(formatAddress(server));
  } catch {
    // A bad connect string is reported where it is used.
  }
  for (const m of monitor?.report?.health.members ?? []) members.add(m.address);
  return [...members];
}

/**
 * The cluster's Prometheus and Alertmanager clients as its settings and the secret storage say now
 * (undefined when it has neither), scoped to its members. Credentials go straight into the
 * clients; nothing here logs them.
 */
export async function teamServersOf(
  cluster: ClusterConfig,
  secrets: TeamAuthSource,
  members: readonly string[],
): Promise<TeamServers | undefined> {
  if (!cluster.prometheus && !cluster.alertmanager) return undefined;
  const prometheus = cluster.prometheus
    ? new PrometheusClient({ url: cluster.prometheus.url, auth: await secrets.getTeamAuth(cluster.id, 'prometheus') })
    : undefined;
  const alertmanager = cluster.alertmanager
    ? new AlertmanagerClient({ url: cluster.alertmanager.url, auth: await secrets.getTeamAuth(cluster.id, 'alertmanager') })
    : undefined;
  return {
    ...(prometheus ? { prometheus } : {}),
    ...(alertmanager ? { alertmanager } : {}),
    scope: clusterScope(cluster.name, members, cluster.prometheus?.selector),
  };
}
