/**
 * A pipelined walk of a subtree: every node's requests are issued as soon as its parent's child
 * list arrives, with up to `concurrency` nodes in flight, so a 100k-node tree costs round trips
 * in parallel instead of one after another. Export, diff, search, delete and move all walk with
 * this one function and differ only in what they fetch per node and what they do with it.
 *
 * Per node: with `data`, a get (data + stat) and, only when the stat says there are children, a
 * getChildren; without `data`, just a getChildren (its reply carries the stat too). With `acl`,
 * a getAcl in parallel. Reads are retried across connection blips.
 */
import type { ZkAcl } from '../zk/acl';
import { ZkError, isZkError, toZkError } from '../zk/errors';
import { joinPath } from '../zk/paths';
import type { ZkSession } from '../zk/session';
import type { ZkStat } from '../zk/stat';
import { withRetry } from './retry';

export interface WalkedNode {
  /** Absolute path on the session (chroot-relative). */
  readonly path: string;
  /** Path below the walk's root: `/` for the root itself, `/a/b` for root/a/b. */
  readonly relPath: string;
  readonly depth: number;
  readonly stat: ZkStat;
  /** Present when the walk fetched data. */
  readonly data: Buffer | undefined;
  /** Present when the walk fetched ACLs. */
  readonly acl: ZkAcl[] | undefined;
  /** Child names as ZooKeeper returned them (unsorted); empty for a leaf. */
  readonly children: readonly string[];
}

/** What to do about a node that could not be read: stop the walk, or leave it out and go on. */
export type WalkErrorDecision = 'fail' | 'skip';

export interface WalkOptions {
  readonly data?: boolean;
  readonly acl?: boolean;
  /** Nodes in flight at once (each is 1–3 requests). Default 256. */
  readonly concurrency?: number;
  /** Do not descend below this depth (root is 0). */
  readonly maxDepth?: number;
  /** Stop with BADARGUMENTS once more nodes than this were seen: a guard for accidental walks. */
  readonly maxNodes?: number;
  readonly signal?: AbortSignal;
  /**
   * Leave out ZooKeeper's own `/zookeeper` (config, quotas) when walking from the real root: it
   * differs between any two clusters and cannot be restored.
   */
  readonly excludeSystem?: boolean;
  /** Per-call timeout. */
  readonly timeoutMs?: number;
  /**
   * A node that failed with anything but "vanished" (NONODE below the root). Default: fail the
   * walk. Return 'skip' to leave the node and its subtree out.
   */
  readonly onError?: (path: string, error: ZkError) => WalkErrorDecision;
}

export interface WalkSummary {
  /** Nodes delivered to `onNode`. */
  readonly visited: number;
  /** Nodes deleted between being listed and being read. */
  readonly vanished: number;
  /** Nodes left out by `onError`. */
  readonly skipped: number;
  readonly ms: number;
}

function relative(root: string, path: string): string {
  if (path === root) return '/';
  return root === '/' ? path : path.slice(root.length);
}

/**
 * Walks `root` and its subtree, calling `onNode` once per node in completion order (parents
 * always before their children). Rejects with the root's error (NONODE, NOAUTH…), with the first
 * node error `onError` did not skip, or with CANCELLED.
 */
export async function walkTree(session: ZkSession, root: string, options: WalkOptions, onNode: (node: WalkedNode) => void): Promise<WalkSummary> {
  const started = performance.now();
  const concurrency = Math.max(1, options.concurrency ?? 256);
  // Cancellation stops the pump from issuing more; requests already sent are reads that finish
  // in milliseconds. Not handing the signal to every call saves an abort listener per request
  // (measurable at tens of thousands of requests per second).
  const call = options.timeoutMs === undefined ? undefined : { timeoutMs: options.timeoutMs };
  const retry = { signal: options.signal };
  const queue: { path: string; depth: number }[] = [{ path: root, depth: 0 }];
  let head = 0;
  let active = 0;
  let visited = 0;
  let vanished = 0;
  let skipped = 0;
  let seen = 1;
  let failure: ZkError | undefined;

  const visit = async (path: string, depth: number): Promise<void> => {
    const wantChildren = options.maxDepth === undefined || depth < options.maxDepth;
    const aclP = options.acl ? withRetry(() => session.getAcl(path, call), retry) : undefined;
    // Awaited below; this keeps its failure from counting as unhandled when the get fails first.
    aclP?.catch(() => undefined);
    let stat: ZkStat;
    let data: Buffer | undefined;
    let children: string[] = [];
    if (options.data) {
      const got = await withRetry(() => session.get(path, undefined, call), retry);
      stat = got.stat;
      data = got.data;
      if (wantChildren && stat.numChildren > 0) children = (await withRetry(() => session.children(path, undefined, call), retry)).children;
    } else {
      const listed = await withRetry(() => session.children(path, undefined, call), retry);
      stat = listed.stat;
      if (wantChildren) children = listed.children;
    }
    const acl = aclP ? (await aclP).acl : undefined;
    seen += children.length;
    if (options.maxNodes !== undefined && seen > options.maxNodes) {
      throw new ZkError('BADARGUMENTS', { path: root, op: 'walk', message: `the subtree has more than ${options.maxNodes} nodes; refusing to walk it all` });
    }
    const skipSystem = options.excludeSystem && path === '/' && !session.chroot;
    for (const name of children) if (!(skipSystem && name === 'zookeeper')) queue.push({ path: joinPath(path, name), depth: depth + 1 });
    visited++;
    onNode({ path, relPath: relative(root, path), depth, stat, data, acl, children: skipSystem ? children.filter((c) => c !== 'zookeeper') : children });
  };

  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (!failure && active < concurrency && head < queue.length) {
        if (options.signal?.aborted) {
          failure = toZkError(options.signal.reason ?? new ZkError('CANCELLED'));
          break;
        }
        const item = queue[head++]!;
        // Free the consumed prefix now and then so a huge walk does not hold every path twice.
        if (head > 65_536 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        active++;
        visit(item.path, item.depth)
          .catch((err: unknown) => {
            const error = toZkError(err, { path: item.path });
            if (item.path !== root && isZkError(error, 'NONODE')) vanished++;
            else if (item.path !== root && !isZkError(error, 'CANCELLED', 'BADARGUMENTS') && options.onError?.(item.path, error) === 'skip') skipped++;
            else failure ??= error;
          })
          .finally(() => {
            active--;
            pump();
          });
      }
      if (active === 0 && (failure || head >= queue.length)) resolve();
    };
    pump();
  });
  if (failure) throw failure;
  return { visited, vanished, skipped, ms: performance.now() - started };
}
