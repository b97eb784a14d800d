/**
 * Copy, rename and move of subtrees. ZooKeeper has no rename: a move is create-everything-new
 * then delete-everything-old. When the subtree fits in one request that is a single multi (all or
 * nothing, with each old node's version checked so a concurrent edit aborts the move); bigger
 * subtrees are copied with the importer and then deleted with versions, and the result says it
 * was not atomic.
 */
import { JUTE_MAX_BUFFER, ZkError } from '../zk/errors';
import type { MultiOp } from '../zk/multi';
import { isWithin, validatePath } from '../zk/paths';
import type { ZkSession } from '../zk/session';
import { requestOverhead } from './dataLimits';
import { ExportDocument, decodeData, importAcl, targetPath } from './exportFormat';
import { exportTree } from './exporter';
import { ImportResult, importTree } from './importer';
import { deleteTree } from './deleteTree';

/** Ops in one move transaction at most (a create and a delete per node). */
export const MAX_ATOMIC_MOVE_OPS = 2000;

export interface CopyOptions {
  /** Copy to this session instead (another cluster). */
  readonly targetSession?: ZkSession;
  /** Ephemeral nodes are left out unless asked; they become persistent. */
  readonly includeEphemeral?: boolean;
  readonly signal?: AbortSignal;
}

function checkPaths(from: string, to: string, sameCluster: boolean): void {
  validatePath(from, 'copy');
  validatePath(to, 'copy');
  if (from === '/')
    throw new ZkError('BADARGUMENTS', { op: 'copy', path: from, message: 'the root cannot be copied or moved as a whole; pick a subtree' });
  if (sameCluster && (isWithin(to, from) || isWithin(from, to))) {
    throw new ZkError('BADARGUMENTS', {
      op: 'copy',
      path: to,
      message: `${to} and ${from} overlap; the target must be outside the source`,
    });
  }
}

/** Copies `from` (and below) to `to`, which must not exist. Rejects with NODEEXISTS when it does. */
export async function copyTree(session: ZkSession, from: string, to: string, options: CopyOptions = {}): Promise<ImportResult> {
  const target = options.targetSession ?? session;
  checkPaths(from, to, target === session);
  if (await target.exists(to, undefined, { signal: options.signal }))
    throw new ZkError('NODEEXISTS', { op: 'copy', path: to, message: `${to} already exists; copy refuses to merge into it` });
  const { document } = await exportTree(session, from, { signal: options.signal });
  return importTree(target, document, to, { onConflict: 'fail', includeEphemeral: options.includeEphemeral, signal: options.signal });
}

export interface MoveOptions {
  /** Receives a backup of the source before anything changes. */
  readonly backup?: (doc: ExportDocument) => Promise<void>;
  readonly signal?: AbortSignal;
}

export interface MoveResult {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  /** One transaction: either everything moved or nothing did. */
  readonly atomic: boolean;
}

/** Why a move cannot go in one multi, or undefined when it can. */
function whyNotAtomic(doc: ExportDocument, from: string, to: string, chroot: string | undefined): string | undefined {
  if (doc.count * 2 > MAX_ATOMIC_MOVE_OPS) return `${doc.count} nodes need more than ${MAX_ATOMIC_MOVE_OPS} operations`;
  let bytes = 64;
  for (const n of doc.nodes) {
    const acl = importAcl(n.acl);
    bytes += requestOverhead(targetPath(to, n.path), chroot, 'create', acl) + decodeData(n).length + 12;
    bytes += requestOverhead(targetPath(from, n.path), chroot, 'set') + 12;
  }
  if (bytes > JUTE_MAX_BUFFER - 1024) return `the data (${bytes} bytes) does not fit in one request`;
  const parents = new Set(doc.nodes.map((n) => (n.path === '/' ? '' : n.path.slice(0, n.path.lastIndexOf('/')) || '/')));
  const closed = doc.nodes.find(
    (n) => parents.has(n.path) && !n.acl.some((a) => a.scheme === 'world' && a.id === 'anyone' && a.perms.includes('c')),
  );
  if (closed) return `${closed.path} has children and an ACL that denies create to anyone`;
  return undefined;
}

/**
 * Moves (renames) `from` to `to` on one session. `to` must not exist; its parent must. Refuses a
 * subtree holding ephemeral nodes: they belong to other sessions and cannot be moved.
 */
export async function moveTree(session: ZkSession, from: string, to: string, options: MoveOptions = {}): Promise<MoveResult> {
  checkPaths(from, to, true);
  const call = { signal: options.signal };
  if (await session.exists(to, undefined, call)) throw new ZkError('NODEEXISTS', { op: 'move', path: to, message: `${to} already exists` });
  const { document } = await exportTree(session, from, { stats: true, signal: options.signal });
  const ephemeral = document.nodes.find((n) => n.ephemeral);
  if (ephemeral) {
    throw new ZkError('BADARGUMENTS', {
      op: 'move',
      path: targetPath(from, ephemeral.path),
      message: 'the subtree holds ephemeral nodes, which belong to their client sessions and cannot be moved; nothing was changed',
    });
  }
  await options.backup?.(document);
  const reason = whyNotAtomic(document, from, to, session.chroot);
  if (!reason) {
    const ops: MultiOp[] = document.nodes.map((n) => ({
      op: 'create',
      path: targetPath(to, n.path),
      data: decodeData(n),
      acl: importAcl(n.acl),
      mode: n.kind === 'container' ? 'container' : 'persistent',
    }));
    for (const n of document.nodes.slice().reverse())
      ops.push({ op: 'delete', path: targetPath(from, n.path), version: n.stat?.version ?? -1 });
    const outcome = await session.multi(ops, call);
    if (!outcome.committed)
      throw outcome.error ?? new ZkError('SYSTEMERROR', { op: 'move', path: from, message: 'the move transaction was not applied' });
    return { from, to, count: document.count, atomic: true };
  }
  const copied = await importTree(session, document, to, { onConflict: 'fail', signal: options.signal });
  if (copied.counts.failed || copied.counts['not-attempted']) {
    throw new ZkError('SYSTEMERROR', {
      op: 'move',
      path: to,
      message:
        `copying to ${to} failed for ${copied.counts.failed + copied.counts['not-attempted']} nodes; the source ` +
        `${from} was left in place (${reason}, so the move could not be one transaction)`,
    });
  }
  await deleteTree(session, from, { expectedCount: document.count, signal: options.signal });
  return { from, to, count: document.count, atomic: false };
}
