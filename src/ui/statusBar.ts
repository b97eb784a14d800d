import * as vscode from 'vscode';
import type { EnsembleHealthController } from './health/controller';
import { CONNECTING_TEXT, Severity, presentStatus } from './health/presentation';

const BACKGROUND: Record<Severity, string | undefined> = {
  ok: undefined,
  none: undefined,
  notice: undefined,
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
};

const LINKED_COMMANDS = ['zookeeper.openDashboard', 'zookeeper.showEnsemble', 'zookeeper.health.runCheck', 'zookeeper.health.pickCluster'];

/** The tooltip's last line: what else the item leads to. */
function actionLinks(clusterId: string): string[] {
  const dashboard = `command:zookeeper.openDashboard?${encodeURIComponent(JSON.stringify([clusterId]))}`;
  return [
    [
      `[$(graph) Dashboard](${dashboard})`,
      '[$(list-tree) Ensemble view](command:zookeeper.showEnsemble)',
      '[$(checklist) Health check](command:zookeeper.health.runCheck)',
      '[$(arrow-swap) Other cluster](command:zookeeper.health.pickCluster)',
    ].join(' · '),
  ];
}

/**
 * The status bar item: the active cluster and its ensemble's health, e.g.
 * `ZK prod: leader 2 · 3/3 · can lose 1`, in the theme's warning colours when availability is at
 * risk and error colours when it is lost. It is shown the moment it is made ("connecting…"), then
 * follows the health controller (subscribed, never polling). A click opens the active cluster's
 * dashboard (or Add Cluster when there is none); the tooltip links the Ensemble view, the health
 * check and the cluster picker.
 */
export class ClusterStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private subscription: vscode.Disposable | undefined;
  private health: EnsembleHealthController | undefined;
  private backgroundId: string | undefined;
  /** The cluster the click command opens (null: none, Add Cluster); undefined before the first update. */
  private commandCluster: string | null | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('zookeeper.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'ZooKeeper';
    this.item.command = 'zookeeper.showEnsemble';
    this.item.text = CONNECTING_TEXT;
    this.item.tooltip = 'ZooKeeper Ops is starting';
    this.item.show();
  }

  /** Follows `health` from now on. */
  attach(health: EnsembleHealthController): void {
    this.subscription?.dispose();
    this.health = health;
    this.subscription = health.onDidChange(() => this.update());
    this.update();
  }

  /** The text shown now (host tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** The command a click runs now (host tests read it). */
  get clickCommand(): string | undefined {
    const command = this.item.command;
    return typeof command === 'string' ? command : command?.command;
  }

  /** The background colour id shown now, if any (host tests read it). */
  get background(): string | undefined {
    return this.backgroundId;
  }

  private update(): void {
    const health = this.health;
    if (!health) return;
    const state = health.state;
    const active = state.kind === 'no-cluster' ? undefined : state.cluster.id;
    const others = health.clusterCount > 1 ? health.otherClusterNames(active) : [];
    const view = presentStatus(state, others);
    this.item.text = view.text;
    if (this.commandCluster !== (active ?? null)) {
      // Set only when the cluster changes: each assignment of a command with arguments makes VS Code
      // drop the previous one's arguments, and a click that raced a poll's update would run nothing.
      this.commandCluster = active ?? null;
      this.item.command = active
        ? { command: 'zookeeper.openDashboard', title: 'Open Dashboard', arguments: [active] }
        : { command: 'zookeeper.addCluster', title: 'Add Cluster' };
    }
    const tooltip = new vscode.MarkdownString([...view.tooltip, '', ...(active ? actionLinks(active) : [])].join('\n'));
    tooltip.supportThemeIcons = true;
    // Only these commands may run from the tooltip's links; server text in it stays escaped text.
    tooltip.isTrusted = { enabledCommands: LINKED_COMMANDS };
    this.item.tooltip = tooltip;
    const background = BACKGROUND[view.severity];
    this.backgroundId = background;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.item.dispose();
  }
}
