import * as vscode from 'vscode';
import { memberName, releaseOf } from '../../../core/health/model';
import { ALL_CHECKS } from '../../../core/health/checks';
import type { HealthReport } from '../../../core/health/report';
import { formatConnections, formatLatency, stateWord, summaryLine } from '../../../core/health/summary';
import type { CheckResult, MemberHealth } from '../../../core/health/types';
import { md } from '../presentation';

/**
 * The Ensemble view's rows: one class per kind over an abstract base. Ids are stable (cluster id
 * + member address + field), so expansion and selection survive every refresh.
 */
export abstract class EnsembleNode {
  abstract readonly id: string;
  constructor(readonly parent: EnsembleNode | undefined) {}
  abstract toTreeItem(): vscode.TreeItem;
  children(): EnsembleNode[] {
    return [];
  }
  protected item(label: string, collapsible = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
    const item = new vscode.TreeItem(label, collapsible);
    item.id = this.id;
    return item;
  }
}

/** A one-line message: no cluster, probing, paused, an error. */
export class MessageNode extends EnsembleNode {
  constructor(
    readonly id: string,
    private readonly text: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
  ) {
    super(undefined);
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(this.text);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.command = this.command;
    return item;
  }
}

const STATUS_ICON: Record<CheckResult['status'], [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  warn: ['warning', 'list.warningForeground'],
  fail: ['error', 'list.errorForeground'],
};

/** The ensemble's one-line verdict: `leader 2 · 3/3 · can lose 1`. */
export class SummaryNode extends EnsembleNode {
  readonly id: string;
  constructor(
    clusterId: string,
    private readonly clusterName: string,
    private readonly report: HealthReport,
    private readonly paused: boolean,
  ) {
    super(undefined);
    this.id = `health:${clusterId}:summary`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(this.clusterName);
    item.description = `${summaryLine(this.report.health)}${this.paused ? ' (paused)' : ''}`;
    const [icon, color] = STATUS_ICON[this.report.status];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.tooltip = `${this.clusterName}: ${this.report.summary}\n${this.report.health.connectString}\nprobed ${this.report.health.takenAt}`;
    item.contextValue = 'zk.health.summary';
    return item;
  }
}

function roleIcon(m: MemberHealth): vscode.ThemeIcon {
  switch (m.condition) {
    case 'down':
      return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.errorForeground'));
    case 'hung':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.errorForeground'));
    case 'not-serving':
    case 'read-only':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'));
    case 'unknown':
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
    default:
      if (m.role === 'leader' || m.role === 'standalone') return new vscode.ThemeIcon('star-full', new vscode.ThemeColor('charts.yellow'));
      if (m.role === 'observer') return new vscode.ThemeIcon('eye');
      return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('testing.iconPassed'));
  }
}

/** One member: role icon, state, and its figures; expands to one row per figure. */
export class MemberNode extends EnsembleNode {
  readonly id: string;
  constructor(
    readonly clusterId: string,
    readonly member: MemberHealth,
  ) {
    super(undefined);
    this.id = `health:${clusterId}:member:${member.address}`;
  }

  private facts(): [string, string][] {
    const m = this.member;
    const rows: [string, string][] = [
      ['state', m.condition === 'up' ? stateWord(m) : `${stateWord(m)}${m.reason ? `: ${m.reason}` : ''}`],
      ['voting', m.voting === null ? 'unknown' : m.voting ? 'yes' : 'no (observer or outside the membership)'],
      ['zxid', m.zxid ?? '–'],
      ['lag', m.lag === null ? '–' : `${m.lag} transactions${m.olderEpoch ? ' (previous epoch)' : ''}`],
      [
        'latency',
        m.latency
          ? `${formatLatency(m.latency.min)} / ${formatLatency(m.latency.avg)} / ${formatLatency(m.latency.max)} (min/avg/max since start)`
          : '–',
      ],
      ['connections', m.connections === null ? '–' : String(m.connections)],
      ['outstanding', m.outstanding === null ? '–' : String(m.outstanding)],
      ['file descriptors', m.openFileDescriptors === null ? '–' : `${m.openFileDescriptors} of ${m.maxFileDescriptors ?? '?'}`],
      ['version', m.version ?? '–'],
      ['metrics', m.metricsSource === '4lw' ? 'mntr' : m.metricsSource === 'admin' ? 'AdminServer monitor' : 'none'],
    ];
    return rows;
  }

  toTreeItem(): vscode.TreeItem {
    const m = this.member;
    const item = this.item(m.id !== null ? `${m.id} ${stateWord(m)}` : stateWord(m), vscode.TreeItemCollapsibleState.Collapsed);
    const bits = [
      m.address,
      m.zxid ? `zxid ${m.zxid}${m.lag ? ` (-${m.lag})` : ''}` : undefined,
      m.latency ? formatLatency(m.latency.avg) : undefined,
      m.connections !== null ? formatConnections(m.connections) : undefined,
      m.outstanding ? `${m.outstanding} outstanding` : undefined,
      m.version ? releaseOf(m.version) : undefined,
      m.voting === false ? 'non-voting' : undefined,
    ];
    item.description = bits.filter(Boolean).join(' · ');
    item.iconPath = roleIcon(m);
    const tooltip = new vscode.MarkdownString();
    // Addresses come from the connect string and server replies: escaped, never markdown.
    tooltip.appendMarkdown(`**${md(memberName(m))}** — ${md(stateWord(m))}\n\n`);
    tooltip.appendCodeblock(JSON.stringify(snapshotOf(m), null, 2), 'json');
    item.tooltip = tooltip;
    item.contextValue = 'zk.health.member';
    return item;
  }

  override children(): EnsembleNode[] {
    return this.facts().map(([label, value]) => new FactNode(this, `${this.id}:${label}`, label, value));
  }
}

/** The full snapshot shown in a member's tooltip: the probe's findings without the bulky metric map. */
function snapshotOf(m: MemberHealth): unknown {
  const p = m.snapshot.probe;
  return {
    address: p.address,
    state: p.state,
    source: p.source,
    zxid: p.zxid,
    latencyMs: p.latencyMs,
    connections: p.connections,
    outstanding: m.outstanding,
    reason: p.reason,
    missing: p.missing,
    version: p.version,
    serverState: p.monitor?.serverState ?? null,
    peerState: p.monitor?.peerState ?? null,
    metrics: p.monitor ? Object.keys(p.monitor.metrics).length : 0,
    elapsedMs: p.elapsedMs,
    timings: p.timings,
    probedAt: new Date(m.snapshot.probedAt).toISOString(),
    notes: m.snapshot.notes,
  };
}

/** One figure of a member. */
export class FactNode extends EnsembleNode {
  constructor(
    parent: EnsembleNode,
    readonly id: string,
    private readonly label: string,
    private readonly value: string,
    /** What a click does (an alert's runbook row opens the runbook). */
    private readonly command?: vscode.Command,
  ) {
    super(parent);
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(this.label);
    item.description = this.value;
    item.tooltip = `${this.label}: ${this.value}`;
    if (this.command) {
      item.command = this.command;
      item.iconPath = new vscode.ThemeIcon('play');
    }
    return item;
  }
}

/** The checks that do not pass (collapsed when there are none). */
export class ChecksNode extends EnsembleNode {
  readonly id: string;
  constructor(
    clusterId: string,
    private readonly checks: readonly CheckResult[],
  ) {
    super(undefined);
    this.id = `health:${clusterId}:checks`;
  }
  toTreeItem(): vscode.TreeItem {
    const problems = this.checks.filter((c) => c.status !== 'pass');
    const item = this.item(
      problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : 'All checks pass',
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    // The same count as the health check's report: checks the poller cannot run are listed too.
    item.description = `${ALL_CHECKS.length} checks`;
    item.iconPath = new vscode.ThemeIcon('checklist');
    item.command = { command: 'zookeeper.health.runCheck', title: 'Run Health Check' };
    return item;
  }
  override children(): EnsembleNode[] {
    const order = { fail: 0, warn: 1, pass: 2 };
    const rows: EnsembleNode[] = [...this.checks].sort((a, b) => order[a.status] - order[b.status]).map((c) => new CheckNode(this, c));
    const ran = new Set(this.checks.map((c) => c.id));
    for (const check of ALL_CHECKS) if (!ran.has(check.id)) rows.push(new UnpolledCheckNode(this, check.id, check.title));
    return rows;
  }
}

export class CheckNode extends EnsembleNode {
  readonly id: string;
  constructor(
    parent: EnsembleNode,
    private readonly check: CheckResult,
  ) {
    super(parent);
    this.id = `${parent.id}:${check.id}`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(this.check.title);
    item.description = this.check.evidence;
    const [icon, color] = this.check.notJudged ? ['circle-outline', 'descriptionForeground'] : STATUS_ICON[this.check.status];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(
      `${this.check.notJudged ? 'NOT JUDGED YET' : this.check.status.toUpperCase()}: ${this.check.title}\n\n${this.check.evidence}\n\nWhat to do: ${this.check.advice}`,
    );
    item.tooltip = tooltip;
    return item;
  }
}

/**
 * A check the background poller does not run (it needs per-client lists from `cons`, which only
 * Run Health Check fetches): listed so the view counts the same checks as the report.
 */
export class UnpolledCheckNode extends EnsembleNode {
  readonly id: string;
  constructor(
    parent: EnsembleNode,
    checkId: string,
    private readonly title: string,
  ) {
    super(parent);
    this.id = `${parent.id}:${checkId}`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = this.item(this.title);
    item.description = 'run by Run Health Check only';
    item.iconPath = new vscode.ThemeIcon('circle-outline');
    item.tooltip = `${this.title}: not polled in the background (it needs each client's connections); Run Health Check includes it.`;
    item.command = { command: 'zookeeper.health.runCheck', title: 'Run Health Check' };
    return item;
  }
}
