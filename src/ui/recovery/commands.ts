import * as vscode from 'vscode';
import type { Command } from '../commands/command';
import type { ReconfigureCommandFlow } from './reconfigure';
import type { RunbookRun } from './run';
import type { RunbookDocuments } from './runView';
import { RecoveryRefusal, RecoveryService } from './service';

/*
 * The recovery commands. Each resolves to the run it started (host tests await `run.done`); a
 * situation the user must change first is a warning, not an error.
 */

/** A cluster id from a command argument: a string, or `{ clusterId }`. */
function clusterIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { clusterId?: unknown }).clusterId === 'string')
    return (arg as { clusterId: string }).clusterId;
  return undefined;
}

async function refusalsAsWarnings<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof RecoveryRefusal)) throw err;
    void vscode.window.showWarningMessage(err.message);
    return undefined;
  }
}

/** "ZooKeeper: Run Runbook…": the runbooks that apply to the cluster now; the one picked runs. */
export class RunRunbookCommand implements Command {
  static readonly id = 'zookeeper.runRunbook';
  readonly id = RunRunbookCommand.id;
  constructor(private readonly recovery: RecoveryService) {}
  run(arg?: unknown): Promise<RunbookRun | undefined> {
    return refusalsAsWarnings(() => this.recovery.pickAndRun(clusterIdOf(arg)));
  }
}

/** "ZooKeeper: Rolling Restart…" */
export class RollingRestartCommand implements Command {
  static readonly id = 'zookeeper.rollingRestart';
  readonly id = RollingRestartCommand.id;
  constructor(private readonly recovery: RecoveryService) {}
  run(arg?: unknown): Promise<RunbookRun | undefined> {
    return refusalsAsWarnings(() => this.recovery.rollingRestart(clusterIdOf(arg)));
  }
}

/** "ZooKeeper: Reconfigure Ensemble…" */
export class ReconfigureCommand implements Command {
  static readonly id = 'zookeeper.reconfigure';
  readonly id = ReconfigureCommand.id;
  constructor(private readonly flow: ReconfigureCommandFlow) {}
  run(arg?: unknown): Promise<RunbookRun | undefined> {
    return refusalsAsWarnings(() => this.flow.run(clusterIdOf(arg)));
  }
}

/**
 * `zookeeper.openRunbook` with `{ clusterId, runbook, member }`: what an alert's "Open runbook" and
 * the dashboard's Recovery section call. `member` (an address) is noted in the run's log.
 */
export class OpenRunbookCommand implements Command {
  static readonly id = 'zookeeper.openRunbook';
  readonly id = OpenRunbookCommand.id;
  constructor(private readonly recovery: RecoveryService) {}
  run(arg?: unknown): Promise<RunbookRun | undefined> {
    const a = (arg && typeof arg === 'object' ? arg : {}) as { clusterId?: unknown; runbook?: unknown; member?: unknown };
    if (typeof a.runbook !== 'string' || !a.runbook)
      return Promise.reject(new Error('zookeeper.openRunbook needs { clusterId, runbook, member? }: runbook is missing'));
    if (a.clusterId !== undefined && typeof a.clusterId !== 'string')
      return Promise.reject(new Error('zookeeper.openRunbook: clusterId must be a string'));
    const member = typeof a.member === 'string' ? a.member : null;
    return refusalsAsWarnings(() => this.recovery.openRunbook(a.clusterId as string | undefined, a.runbook as string, member));
  }
}

/** "ZooKeeper: Save Runbook Log as Markdown…": the run shown in the editor, else the latest. */
export class SaveRunbookLogCommand implements Command {
  static readonly id = 'zookeeper.saveRunbookLog';
  readonly id = SaveRunbookLogCommand.id;
  constructor(
    private readonly recovery: RecoveryService,
    private readonly documents: RunbookDocuments,
  ) {}
  run(arg?: unknown): Promise<vscode.Uri | undefined> {
    const fromUri = arg instanceof vscode.Uri ? this.documents.runOf(arg) : undefined;
    const fromId = typeof arg === 'string' ? this.recovery.runs.find((r) => r.id === arg) : undefined;
    const active = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = active ? this.documents.runOf(active) : undefined;
    return this.recovery.saveLog(fromUri ?? fromId ?? fromEditor ?? this.recovery.runs.at(-1));
  }
}

export function recoveryCommands(recovery: RecoveryService, documents: RunbookDocuments, reconfigure: ReconfigureCommandFlow): Command[] {
  return [
    new RunRunbookCommand(recovery),
    new RollingRestartCommand(recovery),
    new ReconfigureCommand(reconfigure),
    new OpenRunbookCommand(recovery),
    new SaveRunbookLogCommand(recovery, documents),
  ];
}
