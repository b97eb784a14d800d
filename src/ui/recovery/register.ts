import * as vscode from 'vscode';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import type { EnsembleHealthController } from '../health/controller';
import { recoveryCommands } from './commands';
import { EnsembleMemories } from './memories';
import { ReconfigureCommandFlow } from './reconfigure';
import { RunbookDocuments } from './runView';
import { RecoveryService } from './service';
import { RecoveryTerminal } from './terminal';

/** Recovery in the editor, for other parts (alerts, dashboard) and host tests. */
export interface RecoveryUi {
  readonly service: RecoveryService;
  readonly terminal: RecoveryTerminal;
  readonly documents: RunbookDocuments;
  readonly memories: EnsembleMemories;
  /** Plans runbook `runbookId` for the cluster and runs it, asking before each action (an alert's "Open runbook"). */
  openRunbook(clusterId: string, runbookId: string, member?: string | null): ReturnType<RecoveryService['openRunbook']>;
}

/**
 * Guided recovery: runbooks from the health service's reports, member control commands in a
 * visible terminal, consent modals, live run views. Every disposable goes to `context.subscriptions`.
 */
export function activateRecovery(
  context: vscode.ExtensionContext,
  registry: ClusterRegistry,
  health: EnsembleHealthController,
  output: vscode.OutputChannel,
): RecoveryUi {
  const memories = new EnsembleMemories(health.service, context.globalState);
  context.subscriptions.push(memories);
  const terminal = new RecoveryTerminal();
  context.subscriptions.push(terminal);
  const documents = new RunbookDocuments();
  context.subscriptions.push(documents);
  const service = new RecoveryService({
    registry,
    health,
    memories,
    terminal,
    documents,
    output,
    backupDir: RecoveryService.backupDirOf(context),
  });
  context.subscriptions.push({ dispose: () => service.runs.forEach((r) => r.stop()) });
  const reconfigure = new ReconfigureCommandFlow(service, context.secrets);
  const clusterOf = (args: readonly unknown[]): ReturnType<ClusterRegistry['get']> => {
    const a = args[0];
    const id = typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { clusterId?: unknown }).clusterId : undefined;
    return typeof id === 'string' ? registry.get(id) : registry.active;
  };
  context.subscriptions.push(...registerCommands(recoveryCommands(service, documents, reconfigure), output, clusterOf));
  return {
    service,
    terminal,
    documents,
    memories,
    openRunbook: (clusterId, runbookId, member) => service.openRunbook(clusterId, runbookId, member),
  };
}
