import * as vscode from 'vscode';
import type { AlertService } from '../../../core/alerts/alertService';
import type { RunbookLauncher } from '../../alerts/runbooks';
import type { EnsembleHealthController } from '../controller';
import { AlertsNode } from './alertNodes';
import { ChecksNode, EnsembleNode, MemberNode, MessageNode, SummaryNode } from './nodes';

/**
 * The `zookeeper.ensemble` view: the active cluster's verdict, its alerts and forecasts, its
 * members, and its checks. The provider only delegates to the nodes; it rebuilds the rows from the
 * controller's latest state and the cluster's alerts.
 */
export class EnsembleTreeProvider implements vscode.TreeDataProvider<EnsembleNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnsembleNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly offAlerts: () => void;

  constructor(
    private readonly health: EnsembleHealthController,
    private readonly alerts: AlertService,
    private readonly runbooks: RunbookLauncher,
  ) {
    this.subscription = health.onDidChange(() => this.changed.fire(undefined));
    // A mute or a rules change shows at once, not at the next poll.
    this.offAlerts = alerts.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: EnsembleNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getParent(node: EnsembleNode): EnsembleNode | undefined {
    return node.parent;
  }

  getChildren(node?: EnsembleNode): EnsembleNode[] {
    return node ? node.children() : this.roots();
  }

  /** The root rows for the controller's state. */
  roots(): EnsembleNode[] {
    const state = this.health.state;
    switch (state.kind) {
      case 'no-cluster':
        return [
          new MessageNode('health:none', 'No cluster to watch: add one', 'add', { command: 'zookeeper.addCluster', title: 'Add Cluster' }),
        ];
      case 'starting':
        return [new MessageNode(`health:${state.cluster.id}:starting`, `${state.cluster.name}: connecting…`, 'sync~spin')];
      case 'error':
        return [
          new MessageNode(`health:${state.cluster.id}:error`, `${state.cluster.name}: ${state.message}`, 'error', {
            command: 'zookeeper.editCluster',
            title: 'Edit Cluster',
          }),
        ];
      case 'paused':
      case 'watching': {
        const report = state.report;
        if (!report)
          return [
            new MessageNode(
              `health:${state.cluster.id}:paused`,
              `${state.cluster.name}: monitoring is off for this cluster`,
              'debug-pause',
            ),
          ];
        const alerts = this.alerts.get(state.cluster.id);
        return [
          new SummaryNode(state.cluster.id, state.cluster.name, report, state.kind === 'paused'),
          ...(alerts
            ? [
                new AlertsNode({
                  clusterId: state.cluster.id,
                  alerts: alerts.active(),
                  forecasts: alerts.forecasts(),
                  rules: alerts.rules,
                  now: Date.now(),
                  runbooks: this.runbooks,
                }),
              ]
            : []),
          ...report.health.members.map((m) => new MemberNode(state.cluster.id, m)),
          new ChecksNode(state.cluster.id, report.checks),
        ];
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.offAlerts();
    this.changed.dispose();
  }
}
