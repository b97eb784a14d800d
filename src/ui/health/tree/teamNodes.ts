import * as vscode from 'vscode';
import type { TeamAlertItem, TeamAlertsView, TeamRuleItem, TeamSilenceItem } from '../../../shared/teamAlerts';
import { TeamRowView, TeamTone, ruleRow, rulesSummary, silenceRow, teamAlertRow, teamErrors } from '../../team/presentation';
import { EnsembleNode } from './nodes';

/*
 * The team's part of the Ensemble view's Alerts node: Prometheus's and Alertmanager's alerts for
 * the cluster (each marked with where it was seen), the silences that hold them, Prometheus's
 * alerting rules, and a row per server that did not answer. Texts come from ../../team/presentation.
 */

const COLOUR: Readonly<Record<TeamTone, string | undefined>> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'descriptionForeground',
  muted: 'disabledForeground',
};

function styled(item: vscode.TreeItem, view: TeamRowView): vscode.TreeItem {
  item.description = view.description;
  const colour = COLOUR[view.tone];
  item.iconPath = new vscode.ThemeIcon(view.icon, colour ? new vscode.ThemeColor(colour) : undefined);
  // Server strings: text, never markdown.
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(view.tooltip);
  item.tooltip = tooltip;
  return item;
}

/** The team rows under the Alerts node (alerts first, then silences, rules and errors). */
export function teamChildren(parent: EnsembleNode, clusterId: string, view: TeamAlertsView, now: number): EnsembleNode[] {
  return [
    ...teamErrors(view).map((text, i) => new TeamErrorNode(parent, `${parent.id}:team-error:${i}`, text)),
    ...view.alerts.map((a) => new TeamAlertNode(parent, clusterId, a, now)),
    ...(view.alertmanager ? [new SilencesNode(parent, clusterId, view.silences)] : []),
    ...(view.prometheus ? [new TeamRulesNode(parent, view.rules)] : []),
  ];
}

/** An alert from Prometheus or Alertmanager; "Silence 1 h" reads `clusterId` and `labels`. */
export class TeamAlertNode extends EnsembleNode {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  constructor(
    parent: EnsembleNode,
    readonly clusterId: string,
    readonly alert: TeamAlertItem,
    private readonly now: number,
  ) {
    super(parent);
    this.labels = alert.labels;
    this.id = `${parent.id}:team:${alert.key}`;
  }
  toTreeItem(): vscode.TreeItem {
    const view = teamAlertRow(this.alert, this.now);
    const item = styled(this.item(view.label), view);
    item.contextValue = this.alert.state === 'silenced' ? 'zk.alert.team.silenced' : 'zk.alert.team';
    return item;
  }
}

export class SilencesNode extends EnsembleNode {
  readonly id: string;
  constructor(
    parent: EnsembleNode,
    private readonly clusterId: string,
    private readonly silences: readonly TeamSilenceItem[],
  ) {
    super(parent);
    this.id = `${parent.id}:silences`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(
      'Silences',
      this.silences.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.description = `${this.silences.length} in Alertmanager`;
    item.iconPath = new vscode.ThemeIcon('bell-slash');
    item.tooltip = "Alertmanager's active and pending silences that hold an alert of this cluster or name it or one of its members.";
    return item;
  }
  override children(): EnsembleNode[] {
    return this.silences.map((s) => new SilenceNode(this, this.clusterId, s));
  }
}

/** One silence; "Expire Silence" reads `clusterId` and `silenceId`. */
export class SilenceNode extends EnsembleNode {
  readonly id: string;
  readonly silenceId: string;
  constructor(
    parent: EnsembleNode,
    readonly clusterId: string,
    private readonly silence: TeamSilenceItem,
  ) {
    super(parent);
    this.silenceId = silence.id;
    this.id = `${parent.id}:${silence.id}`;
  }
  toTreeItem(): vscode.TreeItem {
    const view = silenceRow(this.silence);
    const item = styled(this.item(view.label), view);
    item.contextValue = 'zk.silence';
    return item;
  }
}

export class TeamRulesNode extends EnsembleNode {
  readonly id: string;
  constructor(
    parent: EnsembleNode,
    private readonly rules: readonly TeamRuleItem[],
  ) {
    super(parent);
    this.id = `${parent.id}:team-rules`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(
      'Prometheus alerting rules',
      this.rules.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = rulesSummary(this.rules);
    item.iconPath = new vscode.ThemeIcon('checklist');
    return item;
  }
  override children(): EnsembleNode[] {
    return this.rules.map((r, i) => new TeamRuleNode(this, r, i));
  }
}

export class TeamRuleNode extends EnsembleNode {
  readonly id: string;
  constructor(
    parent: EnsembleNode,
    private readonly rule: TeamRuleItem,
    index: number,
  ) {
    super(parent);
    // A group may hold two rules of one name (one alert, two expressions).
    this.id = `${parent.id}:${index}:${rule.group}:${rule.name}`;
  }
  toTreeItem(): vscode.TreeItem {
    return styled(this.item(ruleRow(this.rule).label), ruleRow(this.rule));
  }
}

export class TeamErrorNode extends EnsembleNode {
  constructor(
    parent: EnsembleNode,
    readonly id: string,
    private readonly text: string,
  ) {
    super(parent);
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(this.text);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.tooltip = this.text;
    return item;
  }
}
