import * as vscode from 'vscode';
import { AlertService } from '../../core/alerts/alertService';
import { formatRuleError, RuleError } from '../../core/alerts/ruleSet';
import { rulesForCluster } from '../../core/alerts/clusterRules';
import type { HealthService } from '../../core/health/service';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import type { EnsembleHealthController } from '../health/controller';
import type { EnsembleTreeProvider } from '../health/tree/ensembleTree';
import type { EnsembleNode } from '../health/tree/nodes';
import { MuteAlertCommand, SetReceiverSecretCommand, ShowAlertsCommand, UnmuteAlertCommand } from './commands';
import { AlertNotifications } from './notifications';
import { ReceiverWiring } from './receiverWiring';
import { RunbookLauncher } from './runbooks';
import { ALERTS_SECTION, SettingsProblems, readRulesSetting } from './settings';
import { AlertStatusItem } from './statusItem';

export interface AlertsUi {
  readonly service: AlertService;
  readonly notifications: AlertNotifications;
  readonly statusItem: AlertStatusItem;
  readonly runbooks: RunbookLauncher;
}

const stateKey = (clusterId: string): string => `zookeeper.alerts.state.${clusterId}`;

/**
 * The alert service of every cluster, with the rules of `zookeeper.alerts.rules` and history and
 * mutes kept per cluster in the extension's global storage (not settings). Made before the health
 * controller's first update, so alerts evaluate each report before the views read it.
 */
export function createAlertService(
  context: vscode.ExtensionContext,
  registry: ClusterRegistry,
  health: HealthService,
  output: vscode.OutputChannel,
): AlertService {
  const problems = new SettingsProblems(output);
  const errorsByCluster = new Map<string, readonly RuleError[]>();
  const service = new AlertService(health, {
    rulesFor: (id) => {
      const cluster = registry.get(id) ?? { id, name: id };
      const { rules, errors } = rulesForCluster(readRulesSetting(), cluster);
      errorsByCluster.set(id, errors);
      problems.report([...new Set([...errorsByCluster.values()].flat().map((e) => `zookeeper.alerts.rules: ${formatRuleError(e)}`))]);
      return rules;
    },
    storage: {
      load: (id) => context.globalState.get<unknown>(stateKey(id)),
      save: (id, state) => {
        context.globalState
          .update(stateKey(id), state)
          .then(undefined, (err: unknown) => output.appendLine(`[alerts] could not keep the alert history of ${id}: ${String(err)}`));
      },
    },
  });
  context.subscriptions.push(
    { dispose: () => service.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${ALERTS_SECTION}.rules`)) service.reloadRules();
    }),
  );
  return service;
}

export interface AlertsUiDeps {
  readonly service: AlertService;
  readonly registry: ClusterRegistry;
  readonly controller: EnsembleHealthController;
  readonly tree: EnsembleTreeProvider;
  readonly treeView: vscode.TreeView<EnsembleNode>;
  readonly output: vscode.OutputChannel;
  readonly runbooks: RunbookLauncher;
}

/** Notifications, the status bar count, receivers and the alert commands. */
export function activateAlerts(context: vscode.ExtensionContext, deps: AlertsUiDeps): AlertsUi {
  const { service, registry, controller, output, runbooks } = deps;
  const notifications = new AlertNotifications(service, registry, runbooks, () => controller.notificationsEnabled);
  context.subscriptions.push(notifications);
  const statusItem = new AlertStatusItem(service, controller);
  context.subscriptions.push(statusItem);
  context.subscriptions.push(new ReceiverWiring(service, registry, context.secrets, output));
  context.subscriptions.push(
    ...registerCommands(
      [
        new MuteAlertCommand(service),
        new UnmuteAlertCommand(service),
        new ShowAlertsCommand(deps.tree, deps.treeView),
        new SetReceiverSecretCommand(context.secrets),
      ],
      output,
      (args) => {
        const id = (args[0] as { clusterId?: unknown } | undefined)?.clusterId;
        return typeof id === 'string' ? registry.get(id) : registry.active;
      },
    ),
  );
  return { service, notifications, statusItem, runbooks };
}
