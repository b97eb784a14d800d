import type { ZkSession } from '../../../core/zk/session';
import type { ClusterLookup } from './arguments';

/*
 * The narrow services operations take: each operation names the few it uses, so it can be called
 * by the dashboard or a runbook and unit-tested over small fakes. adapters.ts implements them over
 * the editor; the ExplorerContext's services satisfy the rest as they are.
 */

/** Opens (or reuses) a cluster's session (the ConnectionManager). */
export interface Sessions<S = ZkSession> {
  connect(clusterId: string): Promise<S>;
}

/** Runs work under a cancellable progress notification; the signal fires when the user cancels. */
export interface Progress {
  run<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => PromiseLike<T>): Promise<T>;
}

/** A question asked before a destructive step. */
export interface Confirmation {
  readonly message: string;
  readonly detail?: string;
  /** The one button that goes ahead; anything else (Cancel, Escape) declines. */
  readonly button: string;
}

/** A question with several answers (besides cancelling). */
export interface Choice<T extends string> {
  readonly message: string;
  readonly detail?: string;
  readonly buttons: readonly T[];
}

/**
 * The questions operations ask, whoever called them: a modal in the product; host tests answer them
 * by replacing these methods on `ExplorerContext.prompts`.
 */
export interface OperationPrompts {
  /** True only when the user pressed the confirmation's button. */
  confirm(question: Confirmation): Promise<boolean>;
  /** The button picked, or undefined. */
  choose<T extends string>(question: Choice<T>): Promise<T | undefined>;
}

/** The output channel. */
export interface Log {
  appendLine(line: string): void;
}

/** Re-lists tree rows after a write (the explorer tree). */
export interface TreeReloads {
  reload(clusterId: string, path: string, subtree?: boolean): void;
  reloadRow(clusterId: string, path: string): Promise<void>;
}

/** Tells open zk: documents that the server changed (the zk: file system). */
export interface ServerChanges {
  serverChanged(clusterId: string, path?: string, deleted?: boolean): void;
}

/** Local files by absolute path (export files). */
export interface Files {
  read(path: string): Promise<Uint8Array>;
  write(path: string, bytes: Uint8Array): Promise<void>;
}

/** What the subtree writes that back up first (delete, move) take. */
export interface SubtreeWriteServices {
  readonly registry: ClusterLookup;
  readonly connections: Sessions;
  readonly progress: Progress;
  readonly prompts: Pick<OperationPrompts, 'confirm'>;
  readonly tree: TreeReloads;
  readonly fs: ServerChanges;
  readonly output: Log;
  /** Folder for the backup written before anything changes. */
  readonly backupDir: string;
}

/** A line for the output channel, stamped with the time. */
export function stamped(text: string): string {
  return `[${new Date().toISOString()}] ${text}`;
}
