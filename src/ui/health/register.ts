import * as vscode from 'vscode';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import { healthCommands } from './commands';
import { EnsembleHealthController, HealthWindow, SettingsSource } from './controller';
import { ProgressNotices } from './notices';
import { HEALTH_SECTION, readHealthSettings } from './settings';
import { HealthReportDocuments } from './reportDocuments';
import { EnsembleTreeProvider } from './tree/ensembleTree';
import type { EnsembleNode } from './tree/nodes';

export interface HealthUi {
  readonly controller: EnsembleHealthController;
  readonly notices: ProgressNotices;
  readonly tree: EnsembleTreeProvider;
  readonly treeView: vscode.TreeView<EnsembleNode>;
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
 * Ensemble health in the editor: the controller (driving the per-cluster health service), the
 * notifications, the Ensemble view and the health commands. Every disposable goes to
 * `context.subscriptions` as it is made.
 */
export function activateHealth(context: vscode.ExtensionContext, registry: ClusterRegistry, output: vscode.OutputChannel): HealthUi {
  const notices = new ProgressNotices();
  context.subscriptions.push(notices);
  const controller = new EnsembleHealthController({ clusters: registry, window: realWindow, settings: realSettings, notices });
  context.subscriptions.push(controller);
  const tree = new EnsembleTreeProvider(controller);
  context.subscriptions.push(tree);
  const treeView = vscode.window.createTreeView('zookeeper.ensemble', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(treeView);
  const reports = new HealthReportDocuments();
  context.subscriptions.push(reports);
  context.subscriptions.push(...registerCommands(healthCommands(controller, reports), output, () => registry.active));
  return { controller, notices, tree, treeView };
}
