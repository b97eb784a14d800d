/**
 * Recursive delete, made safe: count first (for the confirmation), write a JSON backup of the
 * whole subtree before the first delete, refuse if the subtree changed since it was counted, then
 * delete with each node's version from the backup, so a node changed after the backup stops the
 * delete instead of being lost. Small subtrees go in one multi (all or nothing); big ones level by
 * level from the leaves up, pipelined.
 */
import { JUTE_MAX_BUFFER, ZkError, isZkError } from '../zk/errors';
import { mapBounded } from '../zk/limiter';
import type { MultiOp } from '../zk/multi';
import type { ZkSession } from '../zk/session';
import type { ExportDocument } from './exportFormat';
import { targetPath } from './exportFormat';
import { exportTree } from './exporter';
import { withRetry } from './retry';
import { walkTree } from './walk';

/** Most ops one delete multi may carry: beyond this, pipelined deletes are faster than one big transaction. */
export const MAX_ATOMIC_DELETE = 1000;

export interface DeleteCount {
  readonly path: string;
  /** Nodes including `path` itself. */
  readonly count: number;
  /** Ephemeral nodes among them (their owners will notice). */
  readonly ephemerals: number;
}

/** How many nodes a recursive delete of `path` would remove (for the confirmation). */
export async function countSubtree(
  session: ZkSession,
  path: string,
  options: { signal?: AbortSignal; maxNodes?: number } = {},
): Promise<DeleteCount> {
  let count = 0;
  let ephemerals = 0;
  await walkTree(session, path, { signal: options.signal, maxNodes: options.maxNodes }, (n) => {
    count++;
    if (n.stat.kind === 'ephemeral') ephemerals++;
  });
  return { path, count, ephemerals };
}

/** The subtree changed between the confirmation and the delete; nothing was deleted. */
export class SubtreeChangedError extends Error {
  override readonly name = 'SubtreeChangedError';
  constructor(
    readonly path: string,
    readonly confirmed: number,
    readonly now: number,
  ) {
    super(`${path} has ${now} nodes now but ${confirmed} were confirmed for deletion; nothing was deleted. Count again and confirm.`);
  }
}

export interface DeleteOptions {
  /** The count the user confirmed; the delete refuses when the subtree no longer has it. */
  readonly expectedCount?: number;
  /** Receives the backup before anything is deleted; if it throws, nothing is deleted. */
  readonly backup?: (doc: ExportDocument) => Promise<void>;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (deleted: number, total: number) => void;
}

export interface DeleteResult {
  readonly path: string;
  readonly deleted: number;
  /** True when the whole subtree went in one transaction. */
  readonly atomic: boolean;
  readonly ms: number;
}

/**
 * Deletes `path` and everything below it. Rejects with SubtreeChangedError, the backup's error,
 * BADVERSION/NOTEMPTY (the subtree changed during the delete: what was deleted is in the backup),
 * NOAUTH, or a connection error.
 */
export async function deleteTree(session: ZkSession, path: string, options: DeleteOptions = {}): Promise<DeleteResult> {
  if (path === '/') throw new ZkError('BADARGUMENTS', { op: 'delete', path, message: 'the root cannot be deleted' });
  const started = performance.now();
  // A backup keeps masked digests as seen: refusing them would make the node undeletable.
  const { document } = await exportTree(session, path, { stats: true, signal: options.signal, maskedAcl: 'keep' });
  if (options.expectedCount !== undefined && options.expectedCount !== document.count) {
    throw new SubtreeChangedError(path, options.expectedCount, document.count);
  }
  await options.backup?.(document);
  const call = { signal: options.signal };
  // Children before parents: reverse file order works for the multi, depth groups for the pipeline.
  const nodes = document.nodes.map((n) => ({
    path: targetPath(path, n.path),
    version: n.stat?.version ?? -1,
    depth: n.path === '/' ? 0 : n.path.split('/').length - 1,
  }));
  const bytes = nodes.reduce((sum, n) => sum + Buffer.byteLength(n.path) + 20, 0);
  if (nodes.length <= MAX_ATOMIC_DELETE && bytes < JUTE_MAX_BUFFER / 2) {
    const ops: MultiOp[] = nodes
      .slice()
      .reverse()
      .map((n) => ({ op: 'delete', path: n.path, version: n.version }));
    const outcome = await session.multi(ops, call);
    if (!outcome.committed)
      throw outcome.error ?? new ZkError('SYSTEMERROR', { op: 'delete', path, message: 'the delete transaction was not applied' });
    options.onProgress?.(nodes.length, nodes.length);
    return { path, deleted: nodes.length, atomic: true, ms: performance.now() - started };
  }
  const byDepth = new Map<number, typeof nodes>();
  for (const n of nodes) {
    const list = byDepth.get(n.depth);
    if (list) list.push(n);
    else byDepth.set(n.depth, [n]);
  }
  let deleted = 0;
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a)) {
    const outcomes = await mapBounded(
      byDepth.get(depth) ?? [],
      async (n) => {
        try {
          await withRetry(() => session.delete(n.path, n.version, call), call);
        } catch (err) {
          // Gone already (a retried delete whose first attempt went through, or someone else).
          if (!isZkError(err, 'NONODE')) throw err;
        }
        deleted++;
        if (options.onProgress && deleted % 1000 === 0) options.onProgress(deleted, nodes.length);
      },
      { concurrency: options.concurrency ?? 1000, signal: options.signal, stopOnError: true },
    );
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
    if (options.signal?.aborted)
      throw new ZkError('CANCELLED', { op: 'delete', path, message: `cancelled after ${deleted} of ${nodes.length} nodes` });
  }
  options.onProgress?.(deleted, nodes.length);
  return { path, deleted, atomic: false, ms: performance.now() - started };
}
