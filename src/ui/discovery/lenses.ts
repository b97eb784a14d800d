import * as vscode from 'vscode';
import { FoundConnectString, HealthLookup, LiveHealth, SOURCE_LABELS, isUsable } from '../../core/discovery';
import { label, md } from '../health/presentation';
import { CheckFoundCommand, OPEN_DASHBOARD, OpenDashboardCommand, OpenInViewCommand } from './commands';
import { foundIn, toRange } from './documents';
import type { DiscoverySettings } from './settings';

class HealthLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly found: FoundConnectString,
  ) {
    super(range);
  }
}

/** Where the hover's health comes from, so a reader knows whether it is the status bar's view. */
function asOf(h: LiveHealth): string {
  const time = new Date(h.checkedAt).toLocaleTimeString();
  return h.polledAs === undefined ? `_Probed at ${time}._` : `_Polled at ${time} for the watched cluster ${md(h.polledAs)}._`;
}

function healthTitle(h: LiveHealth): string {
  const icon = !h.quorum ? '$(error)' : h.unreachable.length > 0 || h.canLose === 0 ? '$(warning)' : '$(pass)';
  return `${icon} ZooKeeper: ${label(h.summary)}`;
}

/**
 * On each connect string of a config file: a lens with the ensemble's live health (leader, members
 * up, can lose N), then "Open in ZooKeeper View", "Open Dashboard" (only when that command exists)
 * and "Run Health Check"; a hover with every member. Health comes through the HealthLookup.
 */
export class DiscoveryLenses implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly onHealth: vscode.Disposable;

  constructor(
    private readonly lookup: HealthLookup,
    private readonly settings: () => DiscoverySettings,
    healthChanged: vscode.Event<void>,
  ) {
    this.onHealth = healthChanged(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const settings = this.settings();
    if (!settings.enabled) return [];
    const found = foundIn(document, settings.caps.maxFileBytes);
    if (found.length === 0) return [];
    const dashboard = (await vscode.commands.getCommands(true)).includes(OPEN_DASHBOARD);
    const lenses: vscode.CodeLens[] = [];
    for (const f of found) {
      const at = toRange(f.range);
      const head = new vscode.Range(at.start, at.start);
      if (f.placeholders.length > 0) {
        lenses.push(
          new vscode.CodeLens(head, {
            title: `ZooKeeper: ${label(f.placeholders.join(', '))} is resolved where the program runs`,
            command: '',
          }),
        );
        continue;
      }
      if (!isUsable(f)) continue; // the diagnostic says what is wrong
      lenses.push(new HealthLens(head, f));
      lenses.push(new vscode.CodeLens(head, { title: 'Open in ZooKeeper View', command: OpenInViewCommand.id, arguments: [f] }));
      if (dashboard) lenses.push(new vscode.CodeLens(head, { title: 'Open Dashboard', command: OpenDashboardCommand.id, arguments: [f] }));
      lenses.push(new vscode.CodeLens(head, { title: 'Run Health Check', command: CheckFoundCommand.id, arguments: [f] }));
    }
    return lenses;
  }

  async resolveCodeLens(lens: vscode.CodeLens): Promise<vscode.CodeLens> {
    if (!(lens instanceof HealthLens)) return lens;
    let title: string;
    let tooltip: string | undefined;
    try {
      const h = await this.lookup(lens.found.connectString);
      title = healthTitle(h);
      tooltip = h.memberLines.join('\n');
    } catch (err) {
      title = `$(question) ZooKeeper: ${label(err instanceof Error ? err.message : String(err))}`;
    }
    lens.command = { title, tooltip, command: CheckFoundCommand.id, arguments: [lens.found] };
    return lens;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const settings = this.settings();
    if (!settings.enabled) return undefined;
    const f = foundIn(document, settings.caps.maxFileBytes).find((x) => toRange(x.range).contains(position));
    if (!f) return undefined;
    // The key as escaped text, not a code span: markdown keeps backslashes inside code spans, which
    // showed `zookeeper\.connect` (and a key from a file may hold a backtick of its own).
    const lines = [`**ZooKeeper** (${md(SOURCE_LABELS[f.source])}, ${md(f.key)}): ${md(f.connectString)}`, ''];
    if (f.placeholders.length > 0)
      lines.push(`Placeholders ${f.placeholders.map(md).join(', ')} are resolved where the program runs; nothing is guessed.`);
    else if (f.error) lines.push(`Not a usable connect string: ${md(f.error)}`);
    else {
      try {
        const h = await this.lookup(f.connectString);
        lines.push(md(h.summary), '', ...h.memberLines.map((l) => `- ${md(l)}`), '', asOf(h));
      } catch (err) {
        lines.push(md(err instanceof Error ? err.message : String(err)));
      }
    }
    const text = new vscode.MarkdownString(lines.join('\n'));
    text.supportThemeIcons = true;
    return new vscode.Hover(text, toRange(f.range));
  }

  dispose(): void {
    this.onHealth.dispose();
    this.changed.dispose();
  }
}
