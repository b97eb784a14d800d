import type * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import type { HealthService } from '../../core/health/service';
import { ClusterTeamAlerts } from '../../core/prometheus/teamAlertsService';
import { TeamAuthSource, clusterMembers, teamServersOf } from './teamServers';

/** The part of the ClusterRegistry the hub needs. */
export interface TeamClusterSource extends TeamAuthSource {
  get(id: string): ClusterConfig | undefined;
  onDidChange(listener: () => void): vscode.Disposable;
}

interface Entry {
  readonly alerts: ClusterTeamAlerts;
  readonly monitor: ClusterMonitor;
  /** The cluster's prometheus and alertmanager settings when the entry was made or last reconfigured. */
  settings: string;
}

const settingsKey = (c: ClusterConfig): string => JSON.stringify([c.name, c.connectString, c.prometheus ?? null, c.alertmanager ?? null]);

/**
 * Each cluster's ClusterTeamAlerts (its alerts from the team's Prometheus and Alertmanager), made
 * on first use over the health service's monitor of that cluster, read again when its settings or
 * credentials change, and dropped with the cluster.
 */
export class TeamAlertsHub implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscription: vscode.Disposable;
  private readonly offHealth: () => void;

  constructor(
    private readonly clusters: TeamClusterSource,
    private readonly health: HealthService,
  ) {
    this.subscription = clusters.onDidChange(() => this.sync());
    this.offHealth = health.onDidChange(() => this.sync());
  }

  /** The cluster's team alerts; undefined for a cluster the health service does not know. */
  get(clusterId: string): ClusterTeamAlerts | undefined {
    const existing = this.entries.get(clusterId);
    if (existing) return existing.alerts;
    const cluster = this.clusters.get(clusterId);
    const monitor = this.health.get(clusterId);
    if (!cluster || !monitor) return undefined;
    const alerts = new ClusterTeamAlerts({
      monitor,
      servers: async () => {
        const now = this.clusters.get(clusterId);
        return now ? teamServersOf(now, this.clusters, clusterMembers(now, monitor)) : undefined;
      },
    });
    this.entries.set(clusterId, { alerts, monitor, settings: settingsKey(cluster) });
    return alerts;
  }

  /** A credential of the cluster changed (Set Prometheus / Alertmanager Credentials). */
  credentialsChanged(clusterId: string): void {
    this.entries.get(clusterId)?.alerts.reconfigure();
  }

  private sync(): void {
    for (const [id, entry] of this.entries) {
      const cluster = this.clusters.get(id);
      if (!cluster || this.health.get(id) !== entry.monitor) {
        entry.alerts.dispose();
        this.entries.delete(id);
        continue;
      }
      const key = settingsKey(cluster);
      if (key !== entry.settings) {
        entry.settings = key;
        entry.alerts.reconfigure();
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.offHealth();
    for (const entry of this.entries.values()) entry.alerts.dispose();
    this.entries.clear();
  }
}
