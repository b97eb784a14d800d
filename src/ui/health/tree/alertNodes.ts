import * as vscode from 'vscode';
import type { ActiveAlert } from '../../../core/alerts/clusterAlerts';
import type { AlertRule, Forecast } from '../../../core/alerts/types';
import { Tone, alertRow, alertsSummary, forecastRow, sortAlerts, worstSeverity, TONE } from '../../alerts/presentation';
import { RunbookLauncher, runbookNote } from '../../alerts/runbooks';
import { EnsembleNode, FactNode } from './nodes';
import type { TeamAlertsView } from '../../../shared/teamAlerts';
import { teamChildren } from './teamNodes';

/*
 * The Ensemble view's "Alerts" node: the active cluster's firing and pending alerts (muted ones
 * marked), each expanding to its member, value, since when, runbook and what to do; and the
 * forecasts with their ETA. Texts come from ../../alerts/presentation (unit-tested).
 */

const COLOUR: Readonly<Record<Tone, string>> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'descriptionForeground',
};

export interface AlertsSnapshot {
  readonly clusterId: string;
  readonly alerts: readonly ActiveAlert[];
  readonly forecasts: readonly Forecast[];
  readonly rules: readonly AlertRule[];
  readonly now: number;
  readonly runbooks: RunbookLauncher;
  /** The team's Prometheus and Alertmanager view of the cluster; null when it has neither (or before the first read). */
  readonly team: TeamAlertsView | null;
}

export class AlertsNode extends EnsembleNode {
  readonly id: string;
  constructor(private readonly snapshot: AlertsSnapshot) {
    super(undefined);
    this.id = `health:${snapshot.clusterId}:alerts`;
  }
  toTreeItem(): vscode.TreeItem {
    const { alerts, forecasts, team } = this.snapshot;
    const empty = alerts.length === 0 && forecasts.length === 0 && team === null;
    const item = this.item('Alerts', empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
    const theirs = team && team.alerts.length > 0 ? ` · ${team.alerts.length} from Prometheus/Alertmanager` : '';
    item.description = alertsSummary(alerts, forecasts.length) + theirs;
    const loud = alerts.filter((a) => a.state === 'firing' && a.mutedUntil === null);
    const worst = worstSeverity(loud);
    item.iconPath = worst ? new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor(COLOUR[TONE[worst]])) : new vscode.ThemeIcon('bell');
    item.tooltip = empty ? 'No alert is firing or pending, and no limit is forecast to be reached.' : `Alerts: ${item.description}`;
    item.contextValue = 'zk.alerts';
    return item;
  }
  override children(): EnsembleNode[] {
    const { alerts, forecasts, rules } = this.snapshot;
    const titles = new Map(rules.map((r) => [r.id, r.title]));
    return [
      ...sortAlerts(alerts).map((a) => new AlertNode(this, this.snapshot, a)),
      ...forecasts.map((f) => new ForecastNode(this, f, titles.get(f.rule) ?? f.rule)),
      ...(this.snapshot.team ? teamChildren(this, this.snapshot.clusterId, this.snapshot.team, this.snapshot.now) : []),
    ];
  }
}

/** One alert under way; commands (mute, unmute) read `clusterId`, `rule` and `member`. */
export class AlertNode extends EnsembleNode {
  readonly id: string;
  readonly clusterId: string;
  readonly rule: string;
  readonly member: string | null;
  constructor(
    parent: EnsembleNode,
    private readonly snapshot: AlertsSnapshot,
    readonly alert: ActiveAlert,
  ) {
    super(parent);
    this.clusterId = snapshot.clusterId;
    this.rule = alert.rule.id;
    this.member = alert.member;
    this.id = `${parent.id}:${alert.rule.id}:${alert.member ?? 'ensemble'}`;
  }
  private view() {
    return alertRow(this.alert, this.snapshot.now, runbookNote(this.snapshot.runbooks, this.alert.rule.runbook));
  }
  toTreeItem(): vscode.TreeItem {
    const view = this.view();
    const item = this.item(view.muted ? `${view.label} (muted)` : view.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = view.description;
    item.iconPath = new vscode.ThemeIcon(view.icon, new vscode.ThemeColor(COLOUR[view.tone]));
    const tooltip = new vscode.MarkdownString();
    // Summaries hold member addresses and server numbers: text, never markdown.
    tooltip.appendText(`${this.alert.summary}\n\n${view.description}\n\nWhat to do: ${this.alert.rule.action}`);
    item.tooltip = tooltip;
    item.contextValue = view.muted ? 'zk.alert.muted' : 'zk.alert';
    return item;
  }
  override children(): EnsembleNode[] {
    const runbook = this.alert.rule.runbook;
    // The runbook row opens it, for this alert's member (plain fields: commands cross bundles).
    const open: vscode.Command | undefined = this.snapshot.runbooks.has(runbook)
      ? {
          command: 'zookeeper.openRunbook',
          title: 'Open Runbook',
          arguments: [{ clusterId: this.clusterId, runbook, member: this.member }],
        }
      : undefined;
    return this.view().facts.map(
      ([label, value]) => new FactNode(this, `${this.id}:${label}`, label, value, label === 'runbook' ? open : undefined),
    );
  }
}

export class ForecastNode extends EnsembleNode {
  readonly id: string;
  constructor(
    parent: EnsembleNode,
    private readonly forecast: Forecast,
    private readonly title: string,
  ) {
    super(parent);
    this.id = `${parent.id}:forecast:${forecast.rule}:${forecast.member}`;
  }
  toTreeItem(): vscode.TreeItem {
    const view = forecastRow(this.forecast, this.title);
    const item = this.item(view.label);
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.iconPath = new vscode.ThemeIcon('graph-line');
    item.contextValue = 'zk.alert.forecast';
    return item;
  }
}
