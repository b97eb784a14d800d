import * as vscode from 'vscode';
import { FoundConnectString, isUsable } from '../../core/discovery';
import { runHealthCheck } from '../../core/health/healthCheck';
import { reportToMarkdown } from '../../core/health/report';
import type { ClusterRegistry } from '../clusters';
import type { Command } from '../commands/command';
import { DiscoveryOffer } from './offer';
import type { WorkspaceScan } from './workspaceScan';
import { watchFound } from './watching';

/** The dashboard's command, registered elsewhere: invoked only when it exists. */
export const OPEN_DASHBOARD = 'zookeeper.openDashboard';

const isFound = (v: unknown): v is FoundConnectString =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as FoundConnectString).connectString === 'string' &&
  Array.isArray((v as FoundConnectString).placeholders);

/** The found string a command is about: its argument, or one the user picks from the workspace's. */
async function foundOf(scan: WorkspaceScan, offer: DiscoveryOffer, arg: unknown): Promise<FoundConnectString | undefined> {
  if (isFound(arg)) return arg;
  const usable = offer.candidates(scan.found).length ? offer.candidates(scan.found) : scan.found.filter(isUsable);
  if (usable.length === 0) {
    void vscode.window.showInformationMessage('No usable ZooKeeper connect string was found in this workspace.');
    return undefined;
  }
  const item = await vscode.window.showQuickPick(
    usable.map((f) => ({ label: f.connectString, description: vscode.workspace.asRelativePath(vscode.Uri.parse(f.file)), found: f })),
    { placeHolder: 'Which ZooKeeper ensemble?' },
  );
  return item?.found;
}

/** "Watch ZooKeeper Found in Workspace…": the found string becomes the watched (active) cluster. */
export class WatchFoundCommand implements Command {
  static readonly id = 'zookeeper.discovery.watch';
  readonly id = WatchFoundCommand.id;
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly scan: WorkspaceScan,
    private readonly offer: DiscoveryOffer,
  ) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const found = await foundOf(this.scan, this.offer, arg);
    return found ? (await watchFound(this.registry, found)).id : undefined;
  }
}

/** CodeLens "Open in ZooKeeper View": watch it, then show the ZooKeeper views. */
export class OpenInViewCommand implements Command {
  static readonly id = 'zookeeper.discovery.openInView';
  readonly id = OpenInViewCommand.id;
  constructor(private readonly registry: ClusterRegistry) {}

  async run(arg?: unknown): Promise<string | undefined> {
    if (!isFound(arg)) return undefined;
    const cluster = await watchFound(this.registry, arg);
    await vscode.commands.executeCommand('workbench.view.extension.zookeeper');
    return cluster.id;
  }
}

/** CodeLens "Open Dashboard": watch it, then the dashboard's own command with the cluster's id. */
export class OpenDashboardCommand implements Command {
  static readonly id = 'zookeeper.discovery.openDashboard';
  readonly id = OpenDashboardCommand.id;
  constructor(private readonly registry: ClusterRegistry) {}

  async run(arg?: unknown): Promise<unknown> {
    if (!isFound(arg)) return undefined;
    if (!(await vscode.commands.getCommands(true)).includes(OPEN_DASHBOARD))
      throw new Error('the dashboard is not available in this build');
    const cluster = await watchFound(this.registry, arg);
    return vscode.commands.executeCommand(OPEN_DASHBOARD, cluster.id);
  }
}

/** CodeLens "Run Health Check": the full report for this connect string, configured or not. */
export class CheckFoundCommand implements Command {
  static readonly id = 'zookeeper.discovery.runHealthCheck';
  readonly id = CheckFoundCommand.id;

  async run(arg?: unknown): Promise<vscode.TextDocument | undefined> {
    const connect = isFound(arg) ? arg.connectString : typeof arg === 'string' ? arg : undefined;
    if (connect === undefined) return undefined;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the health of ${connect}…` },
      () => runHealthCheck(connect),
    );
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: reportToMarkdown(report) });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }
}

/** "Find ZooKeeper Connect Strings in Workspace": a full scan now, and how it went. */
export class RescanCommand implements Command {
  static readonly id = 'zookeeper.discovery.rescan';
  readonly id = RescanCommand.id;
  constructor(private readonly scan: WorkspaceScan) {}

  async run(): Promise<number> {
    await this.scan.rescanAll();
    const stats = this.scan.stats;
    const found = this.scan.found;
    const capped = stats && stats.skippedOverCap > 0 ? ' (the file cap was reached: raise zookeeper.discovery.maxFiles to read more)' : '';
    void vscode.window.showInformationMessage(
      `ZooKeeper: ${found.length} connect string(s) in ${stats?.filesRead ?? 0} file(s) read${capped}.`,
    );
    return found.length;
  }
}
