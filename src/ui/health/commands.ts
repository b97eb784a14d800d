import * as vscode from 'vscode';
import { adminPortsFor } from '../../core/clusters/clusterConfig';
import { runHealthCheck } from '../../core/health/healthCheck';
import { collectMemberOutput } from '../../core/health/memberOutput';
import { reportToMarkdown } from '../../core/health/report';
import type { MemberHealth } from '../../core/health/types';
import type { Command } from '../commands/command';
import type { EnsembleHealthController } from './controller';
import type { HealthReportDocuments } from './reportDocuments';
import { MemberNode } from './tree/nodes';
import { label } from './presentation';

/**
 * "ZooKeeper: Run Health Check": the full report (every check) rendered in the Markdown preview of
 * the cluster's one read-only report document, replaced on each run.
 */
export class RunHealthCheckCommand implements Command {
  static readonly id = 'zookeeper.health.runCheck';
  readonly id = RunHealthCheckCommand.id;
  constructor(
    private readonly health: EnsembleHealthController,
    private readonly reports: HealthReportDocuments,
  ) {}

  async run(): Promise<vscode.TextDocument | undefined> {
    const cluster = this.health.state.kind === 'no-cluster' ? undefined : this.health.state.cluster;
    if (!cluster) {
      void vscode.window.showInformationMessage('No ZooKeeper cluster configured: add one first (ZooKeeper: Add Cluster).');
      return undefined;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the health of ${cluster.name}…` },
      () => runHealthCheck(cluster.connectString, { adminPorts: adminPortsFor(cluster), tls: this.health.tlsOf(cluster) }),
    );
    return this.reports.show(cluster, reportToMarkdown(report));
  }
}

/** The member a command was invoked on: a tree row, or one picked from the latest report. */
async function pickMember(health: EnsembleHealthController, arg: unknown): Promise<MemberHealth | undefined> {
  if (arg instanceof MemberNode) return arg.member;
  const members = health.report?.health.members ?? [];
  if (typeof arg === 'string') return members.find((m) => m.address === arg);
  if (members.length === 0) {
    void vscode.window.showInformationMessage('No ensemble report yet: wait for the first probe round.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    members.map((m) => ({ label: m.address, description: `${m.id ?? ''} ${m.role ?? m.condition}`.trim(), member: m })),
    { placeHolder: 'Which member?' },
  );
  return picked?.member;
}

async function outputOf(health: EnsembleHealthController, member: MemberHealth): Promise<string> {
  const timeoutMs = health.activeMonitor?.timeoutMs ?? 1500;
  const { host, port } = member.snapshot.target;
  const tls = health.state.kind === 'no-cluster' ? undefined : health.tlsOf(health.state.cluster);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Asking ${member.address}…` }, () =>
    collectMemberOutput(host, port, { timeoutMs, adminPort: member.snapshot.probe.adminPort, tls }),
  );
}

/** Copies a member's four-letter-word (and AdminServer) output to the clipboard. */
export class CopyMemberOutputCommand implements Command {
  static readonly id = 'zookeeper.health.copyMemberOutput';
  readonly id = CopyMemberOutputCommand.id;
  constructor(private readonly health: EnsembleHealthController) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const member = await pickMember(this.health, arg);
    if (!member) return undefined;
    const text = await outputOf(this.health, member);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied the output of ${member.address}`, 3000);
    return text;
  }
}

/** Opens a member's four-letter-word (and AdminServer) output as an untitled document. */
export class OpenMemberOutputCommand implements Command {
  static readonly id = 'zookeeper.health.openMemberOutput';
  readonly id = OpenMemberOutputCommand.id;
  constructor(private readonly health: EnsembleHealthController) {}

  async run(arg?: unknown): Promise<vscode.TextDocument | undefined> {
    const member = await pickMember(this.health, arg);
    if (!member) return undefined;
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: await outputOf(this.health, member) });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }
}

/** Probes every member now. */
export class RefreshHealthCommand implements Command {
  static readonly id = 'zookeeper.health.refresh';
  readonly id = RefreshHealthCommand.id;
  constructor(private readonly health: EnsembleHealthController) {}
  run(): Promise<unknown> {
    return this.health.refresh();
  }
}

/** Chooses which configured cluster the status bar and the Ensemble view watch. */
export class PickHealthClusterCommand implements Command {
  static readonly id = 'zookeeper.health.pickCluster';
  readonly id = PickHealthClusterCommand.id;
  constructor(private readonly health: EnsembleHealthController) {}

  async run(): Promise<void> {
    const clusters = this.health.clusters();
    if (clusters.length === 0) {
      void vscode.window.showInformationMessage('No ZooKeeper cluster configured: add one first (ZooKeeper: Add Cluster).');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      clusters.map((c) => ({ label: label(c.name), description: c.connectString, id: c.id })),
      { placeHolder: 'Watch the health of which cluster?' },
    );
    if (picked) await this.health.pick(picked.id);
  }
}

export function healthCommands(health: EnsembleHealthController, reports: HealthReportDocuments): Command[] {
  return [
    new RunHealthCheckCommand(health, reports),
    new CopyMemberOutputCommand(health),
    new OpenMemberOutputCommand(health),
    new RefreshHealthCommand(health),
    new PickHealthClusterCommand(health),
  ];
}
