import * as vscode from 'vscode';
import type { AlertService } from '../../../core/alerts/alertService';
import type { RunbookLauncher } from '../../alerts/runbooks';
import type { EnsembleHealthController } from '../controller';
import { AlertsNode } from './alertNodes';
import type { ClusterTeamAlerts } from '../../../core/prometheus/teamAlertsService';
import { ChecksNode, EnsembleNode, MemberNode, MessageNode, SummaryNode } from './nodes';

/** Where the view finds a cluster's alerts from the team's Prometheus and Alertmanager. */
export interface TeamAlertsSource {
  get(clusterId: string): ClusterTeamAlerts | undefined;
}

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
  private visible = false;
  /** The team alerts watched while the view is visible: the active cluster's. */
  private watching: { clusterId: string; team: ClusterTeamAlerts; release: () => void; off: () => void } | undefined;

  constructor(
    private readonly health: EnsembleHealthController,
    private readonly alerts: AlertService,
    private readonly runbooks: RunbookLauncher,
    private readonly team?: TeamAlertsSource,
  ) {
    this.subscription = health.onDidChange(() => {
      this.follow();
      this.changed.fire(undefined);
    });
    // A mute or a rules change shows at once, not at the next poll.
    this.offAlerts = alerts.onDidChange(() => this.changed.fire(undefined));
  }

  /** The view was shown or hidden: the team's alerts are read only while it shows. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.follow();
  }

  /** Watches the active cluster's team alerts while visible; lets go otherwise. */
  private follow(): void {
    const state = this.health.state;
    const clusterId = this.visible && this.team && state.kind !== 'no-cluster' ? state.cluster.id : undefined;
    const team = clusterId === undefined ? undefined : this.team?.get(clusterId);
    if (this.watching && this.watching.team === team) return;
    this.unwatch();
    if (!team || clusterId === undefined) return;
    const off = team.onDidChange(() => this.changed.fire(undefined));
    this.watching = { clusterId, team, release: team.watch(), off };
  }

  private unwatch(): void {
    this.watching?.release();
    this.watching?.off();
    this.watching = undefined;
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
                  team: this.team?.get(state.cluster.id)?.view() ?? null,
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
    this.unwatch();
    this.subscription.dispose();
    this.offAlerts();
    this.changed.dispose();
  }
}
