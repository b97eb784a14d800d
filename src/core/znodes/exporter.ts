/**
 * Export of a subtree: a pipelined walk fetching data, ACL and stat of every node, then the nodes
 * put in file order (parents first, siblings in natural order).
 */
import type { ZkError } from '../zk/errors';
import { joinPath } from '../zk/paths';
import type { ZkSession } from '../zk/session';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ExportDocument,
  ExportedNode,
  encodeData,
  exportAcl,
  exportStat,
  isMaskedDigest,
} from './exportFormat';
import { sortNatural } from './naturalSort';
import { WalkSummary, WalkedNode, walkTree } from './walk';

export interface ExportOptions {
  /** Include each node's stat. */
  readonly stats?: boolean;
  /** Nodes in flight (default 256). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Called now and then with how many nodes are done. */
  readonly onProgress?: (done: number) => void;
  /** Leave out nodes this session may not read (NOAUTH) instead of failing. Default false. */
  readonly skipUnreadable?: boolean;
  /** Refuse subtrees bigger than this. */
  readonly maxNodes?: number;
  /**
   * What to do with nodes whose ACL came back with masked digests (`alice:x`: the session is not
   * authenticated as alice, so ZooKeeper hides the hash): `fail` (default) rejects with
   * MaskedAclError naming every such node, `skip` leaves them and their subtrees out, `keep`
   * writes what the server showed (a file import refuses).
   */
  readonly maskedAcl?: MaskedAclPolicy;
  /** Give up once no read has answered for this long (see WalkOptions.stallMs). */
  readonly stallMs?: number;
}

export type MaskedAclPolicy = 'keep' | 'skip' | 'fail';
export const MASKED_ACL_POLICIES: readonly MaskedAclPolicy[] = ['keep', 'skip', 'fail'];

/** A node whose ACL this session saw masked, with the masked ids (`digest:alice:x`). */
export interface MaskedNode {
  readonly path: string;
  readonly ids: readonly string[];
}

/** One line per masked node, for a terminal or a log. */
export function describeMasked(node: MaskedNode): string {
  const users = node.ids.map((id) => id.slice('digest:'.length, id.lastIndexOf(':'))).join(', ');
  return `${node.path}: ACL ${node.ids.join(', ')} is masked: ZooKeeper hides digests from a session not authenticated as ${users}`;
}

/** The export saw masked digests and the policy is `fail`: no document was produced. */
export class MaskedAclError extends Error {
  override readonly name = 'MaskedAclError';
  constructor(readonly nodes: readonly MaskedNode[]) {
    super(
      `${nodes.length === 1 ? '1 node has' : `${nodes.length} nodes have`} an ACL this session cannot read faithfully (masked digests such as ` +
        `${nodes[0]?.ids[0] ?? 'digest:user:x'}); an export of them would lock their users out when imported. ` +
        'Export with credentials of those users (or a super user), or choose to keep or skip them.',
    );
  }
}

export interface ExportResult {
  readonly document: ExportDocument;
  readonly summary: WalkSummary;
  /** Paths left out because they could not be read (only with skipUnreadable). */
  readonly unreadable: readonly { path: string; error: ZkError }[];
  /** Nodes whose ACL was masked: in the file as seen (`keep`) or left out with their subtrees (`skip`). */
  readonly masked: readonly MaskedNode[];
}

/** Orders walked nodes as the file wants them: depth first, siblings naturally sorted. */
export function inFileOrder<T extends Pick<WalkedNode, 'path' | 'children'>>(root: string, byPath: ReadonlyMap<string, T>): T[] {
  const out: T[] = [];
  const first = byPath.get(root);
  if (!first) return out;
  const stack: T[] = [first];
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    const kids = sortNatural(node.children);
    for (let i = kids.length - 1; i >= 0; i--) {
      const child = byPath.get(joinPath(node.path, kids[i]!));
      if (child) stack.push(child);
    }
  }
  return out;
}

/** One walked node as the file stores it. */
export function toExportedNode(node: WalkedNode, withStats: boolean): ExportedNode {
  const stat = node.stat;
  return {
    path: node.relPath,
    ...encodeData(node.data ?? Buffer.alloc(0)),
    acl: exportAcl(node.acl ?? []),
    ephemeral: stat.kind === 'ephemeral',
    ...(stat.kind === 'container' || stat.kind === 'ttl' ? { kind: stat.kind } : {}),
    ...(stat.kind === 'ttl' && stat.ttlMs !== undefined ? { ttlMs: stat.ttlMs } : {}),
    ...(withStats ? { stat: exportStat(stat) } : {}),
  };
}

/**
 * Exports `root` and everything below it. Rejects with NONODE/NOAUTH for the root, with the first
 * unreadable node (unless skipUnreadable), or CANCELLED.
 */
export async function exportTree(session: ZkSession, root: string, options: ExportOptions = {}): Promise<ExportResult> {
  const byPath = new Map<string, WalkedNode>();
  const unreadable: { path: string; error: ZkError }[] = [];
  const summary = await walkTree(
    session,
    root,
    {
      data: true,
      acl: true,
      excludeSystem: true,
      concurrency: options.concurrency,
      signal: options.signal,
      maxNodes: options.maxNodes,
      stallMs: options.stallMs,
      onError: (path, error) => {
        if (options.skipUnreadable && error.is('NOAUTH')) {
          unreadable.push({ path, error });
          return 'skip';
        }
        return 'fail';
      },
    },
    (node) => {
      byPath.set(node.path, node);
      if (options.onProgress && byPath.size % 1000 === 0) options.onProgress(byPath.size);
    },
  );
  const masked: MaskedNode[] = [];
  for (const node of byPath.values()) {
    const ids = (node.acl ?? []).filter(isMaskedDigest).map((a) => `${a.scheme}:${a.id}`);
    if (ids.length) masked.push({ path: node.path, ids });
  }
  masked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const policy = options.maskedAcl ?? 'fail';
  if (masked.length && policy === 'fail') throw new MaskedAclError(masked);
  // Skipped nodes take their subtrees with them: the file order walks only through present parents.
  if (policy === 'skip') for (const m of masked) byPath.delete(m.path);
  const withStats = options.stats === true;
  const nodes = inFileOrder(root, byPath).map((n) => toExportedNode(n, withStats));
  options.onProgress?.(nodes.length);
  return {
    document: {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      root,
      exportedAt: new Date().toISOString(),
      withStats,
      count: nodes.length,
      nodes,
    },
    summary,
    unreadable,
    masked,
  };
}
