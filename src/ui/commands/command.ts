import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { describeError, isSilent } from './errorText';

/** One command: its id and what it does. Dependencies come in through the constructor. */
export interface Command {
  readonly id: string;
  run(...args: unknown[]): unknown;
}

/** The cluster a command's arguments are about, for error messages. */
export type ClusterOfArgs = (args: readonly unknown[]) => ClusterConfig | undefined;

/**
 * Registers every command through one wrapper: a failure becomes a clear notification (and a line
 * in the output channel) instead of VS Code's generic "command failed"; cancellations stay quiet.
 * The wrapper still returns the command's result, so tests can call commands directly.
 */
export function registerCommands(
  commands: readonly Command[],
  output: vscode.OutputChannel,
  clusterOf: ClusterOfArgs,
): vscode.Disposable[] {
  return commands.map((command) =>
    vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
      try {
        return await command.run(...args);
      } catch (err) {
        if (isSilent(err)) return undefined;
        const message = describeError(err, { clusterName: clusterOf(args)?.name });
        output.appendLine(`[${new Date().toISOString()}] ${command.id} failed: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}
