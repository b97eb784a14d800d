import * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import type { EnsembleHealthController } from '../health/controller';
import { md } from '../health/presentation';
import { alertCount } from './presentation';

const BACKGROUND = { error: 'statusBarItem.errorBackground', warning: 'statusBarItem.warningBackground', info: undefined } as const;

/**
 * The count of the active cluster's firing alerts, right beside the health item (`$(bell-dot) 2`),
 * in the theme's error or warning colours by the worst severity; hidden while none fires. Muted
 * alerts are not counted (the tooltip names them). A click shows them in the Ensemble view.
 */
export class AlertStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly offs: (() => void)[];
  private backgroundId: string | undefined;

  constructor(
    private readonly alerts: AlertService,
    private readonly health: EnsembleHealthController,
  ) {
    // Just right of the health item (priority 50, left-aligned: lower priority sits further right).
    this.item = vscode.window.createStatusBarItem('zookeeper.alerts', vscode.StatusBarAlignment.Left, 49.9);
    this.item.name = 'ZooKeeper Alerts';
    this.item.command = 'zookeeper.alerts.show';
    const changed = health.onDidChange(() => this.update());
    this.offs = [alerts.onDidChange(() => this.update()), () => changed.dispose()];
    this.update();
  }

  /** The text shown now, '' when hidden (host tests read it). */
  get text(): string {
    return this.visible ? this.item.text : '';
  }

  get background(): string | undefined {
    return this.backgroundId;
  }

  private visible = false;

  private update(): void {
    const state = this.health.state;
    const clusterId = state.kind === 'no-cluster' ? undefined : state.cluster.id;
    const view = clusterId ? alertCount(this.alerts.get(clusterId)?.active() ?? []) : undefined;
    if (!view) {
      this.visible = false;
      this.backgroundId = undefined;
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(
      [...view.lines.map((l, i) => (i === 0 ? `**${md(l)}**` : `- ${md(l)}`)), '', 'Click to see them in the Ensemble view.'].join('\n'),
    );
    this.item.tooltip = tooltip;
    this.backgroundId = BACKGROUND[view.tone];
    this.item.backgroundColor = this.backgroundId ? new vscode.ThemeColor(this.backgroundId) : undefined;
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.item.dispose();
  }
}
