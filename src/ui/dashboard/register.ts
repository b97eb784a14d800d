import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { DASHBOARD_VIEW_TYPE } from '../../shared/dashboardProtocol';
import { parseDashboardState } from '../../shared/dashboardValidation';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import type { Command } from '../commands/command';
import type { MonitorProvider } from './monitors';
import { DashboardPanel, RecoveryProvider } from './panel';
import { label } from '../health/presentation';

/**
 * The dashboards: one panel per cluster, opened by "ZooKeeper: Open Dashboard" and brought back
 * after a window reload by the panel serializer (the webview's saved state names the cluster).
 */
export class Dashboards implements vscode.Disposable {
  private readonly panels = new Map<string, DashboardPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registry: ClusterRegistry,
    private readonly monitors: MonitorProvider,
    private readonly output: vscode.OutputChannel,
    private readonly recovery?: RecoveryProvider,
  ) {}

  /** The open panel of a cluster (host tests read it). */
  panelOf(clusterId: string): DashboardPanel | undefined {
    return this.panels.get(clusterId);
  }

  /** Opens (or reveals) the dashboard of `cluster`. */
  open(cluster: ClusterConfig): DashboardPanel | undefined {
    const existing = this.panels.get(cluster.id);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, `ZooKeeper: ${cluster.name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    return this.attach(panel, cluster, undefined);
  }

  private attach(
    panel: vscode.WebviewPanel,
    cluster: ClusterConfig,
    state: ReturnType<typeof parseDashboardState>,
  ): DashboardPanel | undefined {
    const found = this.monitors.monitorOf(cluster);
    if ('error' in found) {
      panel.dispose();
      void vscode.window.showWarningMessage(found.error);
      return undefined;
    }
    if (found.note) void vscode.window.showInformationMessage(found.note);
    const dashboard = new DashboardPanel(panel, cluster, state, {
      extensionUri: this.extensionUri,
      monitor: found.monitor,
      extraStores: [found.monitor.derivedStore],
      alerts: found.alerts,
      ...(this.recovery ? { recovery: this.recovery.forPanel(cluster, found.monitor) } : {}),
      ...(found.remote ? { remote: found.remote } : {}),
      ...(found.team ? { team: found.team } : {}),
      output: this.output,
      onDispose: () => {
        if (this.panels.get(cluster.id) === dashboard) this.panels.delete(cluster.id);
      },
    });
    this.panels.set(cluster.id, dashboard);
    return dashboard;
  }

  /** Restores a panel after a reload; a panel whose cluster is gone says so and closes. */
  restore(panel: vscode.WebviewPanel, raw: unknown): void {
    const state = parseDashboardState(raw);
    const cluster = state ? this.registry.get(state.clusterId) : undefined;
    if (!state || !cluster || this.panels.has(cluster.id)) {
      panel.dispose();
      return;
    }
    this.attach(panel, cluster, state);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

/** "ZooKeeper: Open Dashboard": for a cluster id, the only cluster, or one picked (the active one first). */
export class OpenDashboardCommand implements Command {
  static readonly id = 'zookeeper.openDashboard';
  readonly id = OpenDashboardCommand.id;
  constructor(
    private readonly dashboards: Dashboards,
    private readonly registry: ClusterRegistry,
  ) {}

  async run(arg?: unknown): Promise<DashboardPanel | undefined> {
    const clusters = this.registry.list();
    let cluster = typeof arg === 'string' ? this.registry.get(arg) : undefined;
    if (!cluster && clusters.length === 0) {
      void vscode.window.showInformationMessage('No ZooKeeper cluster configured: add one first (ZooKeeper: Add Cluster).');
      return undefined;
    }
    if (!cluster && clusters.length === 1) cluster = clusters[0];
    if (!cluster) {
      // Several clusters: pick one, the active one first (Enter opens it).
      const active = this.registry.active;
      const ordered = active ? [active, ...clusters.filter((c) => c.id !== active.id)] : clusters;
      const picked = await vscode.window.showQuickPick(
        ordered.map((c) => ({
          label: label(c.name),
          description: c.id === active?.id ? `${c.connectString} (active)` : c.connectString,
          cluster: c,
        })),
        { placeHolder: 'Dashboard of which cluster?' },
      );
      cluster = picked?.cluster;
    }
    return cluster ? this.dashboards.open(cluster) : undefined;
  }
}

/** Registers the dashboard command and serializer; returns the dashboards for the extension API. */
export function activateDashboard(
  context: vscode.ExtensionContext,
  registry: ClusterRegistry,
  monitors: MonitorProvider,
  output: vscode.OutputChannel,
  recovery?: RecoveryProvider,
): Dashboards {
  const dashboards = new Dashboards(context.extensionUri, registry, monitors, output, recovery);
  context.subscriptions.push(dashboards);
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => dashboards.restore(panel, state),
    }),
  );
  context.subscriptions.push(...registerCommands([new OpenDashboardCommand(dashboards, registry)], output, () => registry.active));
  return dashboards;
}
