import * as vscode from 'vscode';
import { HealthService } from '../../core/health/service';
import { AlertsUi, activateAlerts, createAlertService } from '../alerts/register';
import { NO_RUNBOOKS, RunbookLauncher } from '../alerts/runbooks';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import { healthCommands } from './commands';
import { EnsembleHealthController, HealthWindow, SettingsSource } from './controller';
import { HEALTH_SECTION, readHealthSettings } from './settings';
import { HealthReportDocuments } from './reportDocuments';
import { EnsembleTreeProvider } from './tree/ensembleTree';
import type { EnsembleNode } from './tree/nodes';
import { TeamAlertsHub } from '../team/teamAlertsHub';
import { ExpireSilenceCommand, SetTeamCredentialsCommand, SilenceAlertCommand } from '../team/commands';

export interface HealthUi {
  readonly controller: EnsembleHealthController;
  readonly alerts: AlertsUi;
  readonly tree: EnsembleTreeProvider;
  readonly treeView: vscode.TreeView<EnsembleNode>;
  /** Each cluster's alerts from the team's Prometheus and Alertmanager. */
  readonly team: TeamAlertsHub;
}

const realWindow: HealthWindow = {
  get focused() {
    return vscode.window.state.focused;
  },
  onDidChangeFocus: (listener) => vscode.window.onDidChangeWindowState((s) => listener(s.focused)),
};

const realSettings: SettingsSource = {
  read: readHealthSettings,
  onDidChange: (listener) =>
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(HEALTH_SECTION)) listener();
    }),
};

/**
 * Ensemble health in the editor: the per-cluster health service and its alerts, the controller
 * following the active cluster, the Ensemble view, the alert notifications and the health
 * commands. Every disposable goes to `context.subscriptions` as it is made. `runbooks` is where
 * guided recovery plugs in (a RunbookHook that recovery connects once it is up).
 */
export function activateHealth(
  context: vscode.ExtensionContext,
  registry: ClusterRegistry,
  output: vscode.OutputChannel,
  runbooks: RunbookLauncher = NO_RUNBOOKS,
): HealthUi {
  const service = new HealthService();
  // Before the controller's first update: alerts must evaluate each report before the views read it.
  const alertService = createAlertService(context, registry, service, output);
  const controller = new EnsembleHealthController({ clusters: registry, window: realWindow, settings: realSettings, service });
  context.subscriptions.push(controller);
  const team = new TeamAlertsHub(registry, service);
  context.subscriptions.push(team);
  const tree = new EnsembleTreeProvider(controller, alertService, runbooks, team);
  context.subscriptions.push(tree);
  const treeView = vscode.window.createTreeView('zookeeper.ensemble', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(treeView);
  tree.setVisible(treeView.visible);
  context.subscriptions.push(treeView.onDidChangeVisibility((e) => tree.setVisible(e.visible)));
  const alerts = activateAlerts(context, { service: alertService, registry, controller, tree, treeView, output, runbooks });
  const reports = new HealthReportDocuments();
  context.subscriptions.push(reports);
  context.subscriptions.push(...registerCommands(healthCommands(controller, reports), output, () => registry.active));
  context.subscriptions.push(
    ...registerCommands(
      [
        new SilenceAlertCommand(team, alertService, registry),
        new ExpireSilenceCommand(team),
        new SetTeamCredentialsCommand(registry, team),
      ],
      output,
      (args) => {
        const id = (args[0] as { clusterId?: unknown } | undefined)?.clusterId;
        return typeof id === 'string' ? registry.get(id) : undefined;
      },
    ),
  );
  return { controller, alerts, tree, treeView, team };
}
