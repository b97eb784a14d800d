import * as vscode from 'vscode';
import { registerViews } from './ui/views';
import { ClusterStatusBar } from './ui/statusBar';
import { startLanguageClient } from './ui/languageClient';
import { ClusterRegistry } from './ui/clusters';
import { activateExplorer } from './ui/explorer/explorer';
import type { ExplorerContext } from './ui/commands/context';
import { HealthUi, activateHealth } from './ui/health/register';
import { Dashboards, activateDashboard } from './ui/dashboard/register';
import { ServiceMonitors } from './ui/dashboard/monitors';
import { DiscoveryUi, activateDiscovery } from './ui/discovery/register';
import { RecoveryUi, activateRecovery } from './ui/recovery/register';
import { RunbookHook } from './ui/alerts/runbooks';
import { recoveryLauncher } from './ui/recovery/launcher';
import { recoveryForDashboards } from './ui/recovery/dashboardSection';

/** What activate() returns: the extension's services, for host tests and other extensions. */
export interface ExtensionApi {
  readonly clusters: ClusterRegistry;
  readonly explorer: ExplorerContext;
  readonly health: HealthUi;
  readonly statusBar: ClusterStatusBar;
  readonly dashboards: Dashboards;
  readonly discovery: DiscoveryUi;
  readonly recovery: RecoveryUi;
}

/**
 * Wires services with plain constructors and registers each disposable as it is created, so
 * nothing outlives deactivation.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // First, so the item reads "connecting…" from the first moment of activation.
  const statusBar = new ClusterStatusBar();
  context.subscriptions.push(statusBar);
  registerViews(context);
  const output = vscode.window.createOutputChannel('ZooKeeper');
  context.subscriptions.push(output);
  const clusters = new ClusterRegistry(context.secrets, context.globalState);
  context.subscriptions.push(clusters);
  const explorer = activateExplorer(context, clusters, output);
  // Alerts offer runbooks; recovery needs the health service first, so it connects afterwards.
  const runbooks = new RunbookHook();
  const health = activateHealth(context, clusters, output, runbooks);
  statusBar.attach(health.controller);
  const recovery = activateRecovery(context, clusters, health.controller, output);
  runbooks.connect(recoveryLauncher);
  const dashboards = activateDashboard(
    context,
    clusters,
    new ServiceMonitors(health.controller.service, health.alerts.service, clusters, health.team),
    output,
    recoveryForDashboards(recovery.service, clusters, health.alerts.service, output),
  );
  context.subscriptions.push(startLanguageClient(context));
  const discovery = activateDiscovery(context, clusters, output, { service: health.controller.service });
  return { clusters, explorer, health, statusBar, dashboards, discovery, recovery };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
