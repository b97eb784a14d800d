import * as vscode from 'vscode';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import { healthCommands } from './commands';
import { EnsembleHealthController } from './controller';
import { HealthReportDocuments } from './reportDocuments';
import { EnsembleTreeProvider } from './tree/ensembleTree';
import type { EnsembleNode } from './tree/nodes';

export interface HealthUi {
  readonly controller: EnsembleHealthController;
  readonly tree: EnsembleTreeProvider;
  readonly treeView: vscode.TreeView<EnsembleNode>;
}

/**
 * Ensemble health in the editor: the controller (poller of the active cluster), the Ensemble
 * view and the health commands. Every disposable goes to `context.subscriptions` as it is made.
 */
export function activateHealth(context: vscode.ExtensionContext, registry: ClusterRegistry, output: vscode.OutputChannel): HealthUi {
  const controller = new EnsembleHealthController(registry);
  context.subscriptions.push(controller);
  const tree = new EnsembleTreeProvider(controller);
  context.subscriptions.push(tree);
  const treeView = vscode.window.createTreeView('zookeeper.ensemble', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(treeView);
  const reports = new HealthReportDocuments();
  context.subscriptions.push(reports);
  context.subscriptions.push(...registerCommands(healthCommands(controller, reports), output, () => registry.active));
  return { controller, tree, treeView };
}
