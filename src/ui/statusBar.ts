import * as vscode from 'vscode';
import type { EnsembleHealthController } from './health/controller';
import { NO_CLUSTER_TEXT, Severity, presentStatus } from './health/presentation';

const BACKGROUND: Record<Severity, string | undefined> = {
  ok: undefined,
  none: undefined,
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
};

/**
 * The status bar item: the active cluster and its ensemble's health, e.g.
 * `ZK prod: leader 2 · 3/3 · can lose 1`, in the theme's warning or error colours when degraded.
 * A click opens the Ensemble view.
 */
export class ClusterStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable | undefined;

  constructor(private readonly health?: EnsembleHealthController) {
    this.item = vscode.window.createStatusBarItem('zookeeper.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'ZooKeeper';
    this.item.command = 'zookeeper.showEnsemble';
    this.subscription = health?.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  /** The text shown now (host tests read it). */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    if (!this.health) {
      this.showDisconnected();
      return;
    }
    const state = this.health.state;
    const active = state.kind === 'no-cluster' ? undefined : state.cluster.id;
    const others = this.health.clusterCount > 1 ? this.health.otherClusterNames(active) : [];
    const view = presentStatus(state, others);
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip.join('\n'));
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    const background = BACKGROUND[view.severity];
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
  }

  showDisconnected(): void {
    this.item.text = NO_CLUSTER_TEXT;
    this.item.tooltip = 'ZooKeeper Ops: no cluster connected';
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.item.dispose();
  }
}
