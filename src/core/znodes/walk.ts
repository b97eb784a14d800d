/**
 * A pipelined walk of a subtree: every node's reads are issued as soon as its parent's child list
 * arrives, with up to `concurrency` nodes in flight, and reads of many nodes share requests
 * (`ZkSession.readMany`: multiRead on ZooKeeper 3.6+, single requests before). Export, diff,
 * search, delete and move all walk with this one function and differ only in what they fetch per
 * node and what they do with it.
 *
 * Per node, in two steps, so that every batched read knows how big its reply will be:
 * 1. with `acl`, a getAcl (its stat says how much data and how many children follow); otherwise
 *    a get (data and stat; its size is not known yet, so few of these share a request);
 * 2. what the stat says is still missing: the data (with `acl` and `data`, size known) and the
 *    child list when there are children (count known).
 * Where single requests are the cost (~55 µs of server CPU each, measured here), a leaf of an
 * export costs one getAcl plus a share of a multiRead instead of a getData and a getAcl.
 * Reads failing with transient errors are retried with backoff, as `withRetry` does.
 */
import type { ZkAcl } from '../zk/acl';
import { ZkError, isZkError, toZkError } from '../zk/errors';
import { joinPath } from '../zk/paths';
import type { ReadOp, ReadOutcome, ZkSession } from '../zk/session';
import type { ZkStat } from '../zk/stat';
import { isTransient } from './retry';

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
  /** Nodes in flight at once (each has one or two reads outstanding). Default 1024. */
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
   * Retries stop once no read has succeeded for this long: they ride out a failover (the session
   * moves in well under a second), but a server that accepts requests and never answers them must
   * not hold a walk for attempts × timeout (`zkops export --timeout`). Default: no such bound.
   */
  readonly stallMs?: number;
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

/** A node being read. */
interface InFlight {
  readonly path: string;
  readonly depth: number;
  stat: ZkStat | undefined;
  data: Buffer | undefined;
  acl: ZkAcl[] | undefined;
  children: string[];
  /** Reads not answered yet (waiting, sent or waiting for a retry). */
  open: number;
  /** Step 1 answered. */
  stepped: boolean;
  /** Delivered, failed, vanished or abandoned: later answers are ignored. */
  finished: boolean;
}

interface PendingRead {
  readonly node: InFlight;
  readonly op: ReadOp;
  readonly attempt: number;
}

/** Attempts per read, and the backoff between them, as `withRetry` does. */
const ATTEMPTS = 6;
const backoffMs = (attempt: number): number => Math.min(2000, 100 * 2 ** attempt);
/** getAcl reads per readMany call: each is its own request, and the call settles with its slowest. */
const ACL_CHUNK = 32;
/** get/children reads per readMany call: one multiRead when they fit. */
const BATCH_CHUNK = 256;

function relative(root: string, path: string): string {
  if (path === root) return '/';
  return root === '/' ? path : path.slice(root.length);
}

/**
 * Walks `root` and its subtree, calling `onNode` once per node in completion order (parents
 * always before their children). Rejects with the root's error (NONODE, NOAUTH…), with the first
 * node error `onError` did not skip, or with CANCELLED.
 */
export function walkTree(session: ZkSession, root: string, options: WalkOptions, onNode: (node: WalkedNode) => void): Promise<WalkSummary> {
  return new Walk(session, root, options, onNode).run();
}

class Walk {
  private readonly started = performance.now();
  private readonly concurrency: number;
  private readonly call: { timeoutMs?: number };
  private readonly queue: { path: string; depth: number }[];
  private head = 0;
  private ready: PendingRead[] = [];
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly active = new Set<InFlight>();
  private calls = 0;
  private visited = 0;
  private vanished = 0;
  private skipped = 0;
  private seen = 1;
  private failure: ZkError | undefined;
  private pumpQueued = false;
  private resolve: () => void = () => undefined;
  /** When a read last succeeded (or the walk began). */
  private lastAnswer = performance.now();

  constructor(
    private readonly session: ZkSession,
    private readonly root: string,
    private readonly options: WalkOptions,
    private readonly onNode: (node: WalkedNode) => void,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1024);
    // Not the signal: a listener per call on the caller's signal would pile up. Cancelling stops
    // the pump; reads already out finish in milliseconds.
    this.call = { timeoutMs: options.timeoutMs };
    this.queue = [{ path: root, depth: 0 }];
  }

  async run(): Promise<WalkSummary> {
    // Wakes a walk that waits for nothing but a retry's backoff.
    const onAbort = (): void => this.schedulePump();
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve) => {
        this.resolve = resolve;
        this.pump();
      });
    } finally {
      this.options.signal?.removeEventListener('abort', onAbort);
    }
    if (this.failure) throw this.failure;
    return { visited: this.visited, vanished: this.vanished, skipped: this.skipped, ms: performance.now() - this.started };
  }

  private get stopping(): boolean {
    if (!this.failure && this.options.signal?.aborted) this.failure = toZkError(this.options.signal.reason ?? new ZkError('CANCELLED'));
    return this.failure !== undefined;
  }

  /** Runs once per tick at most, so the answers of one socket read go out as few requests. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    process.nextTick(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.stopping) this.abandonAll();
    else {
      while (this.active.size < this.concurrency && this.head < this.queue.length) this.start(this.queue[this.head++]!);
      // Free the consumed prefix now and then so a huge walk does not hold every path twice.
      if (this.head > 65_536 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.send();
    }
    if (this.calls === 0 && this.active.size === 0 && (this.failure || this.head >= this.queue.length)) this.resolve();
  }

  private start(item: { path: string; depth: number }): void {
    // Spelled out: an object spread here was the walk's hottest line.
    const node: InFlight = {
      path: item.path,
      depth: item.depth,
      stat: undefined,
      data: undefined,
      acl: undefined,
      children: [],
      open: 0,
      stepped: false,
      finished: false,
    };
    this.active.add(node);
    this.enqueue(node, this.options.acl ? { op: 'getAcl', path: node.path } : { op: 'get', path: node.path });
  }

  private enqueue(node: InFlight, op: ReadOp, attempt = 0): void {
    node.open++;
    this.ready.push({ node, op, attempt });
  }

  private send(): void {
    if (!this.ready.length) return;
    const acl = this.ready.filter((r) => r.op.op === 'getAcl');
    const batched = this.ready.filter((r) => r.op.op !== 'getAcl');
    this.ready = [];
    for (let i = 0; i < acl.length; i += ACL_CHUNK) this.dispatch(acl.slice(i, i + ACL_CHUNK));
    for (let i = 0; i < batched.length; i += BATCH_CHUNK) this.dispatch(batched.slice(i, i + BATCH_CHUNK));
  }

  private dispatch(reads: PendingRead[]): void {
    this.calls++;
    this.session
      .readMany(
        reads.map((r) => r.op),
        this.call,
      )
      .then(
        (outcomes) => outcomes.forEach((o, i) => this.answer(reads[i]!, o)),
        // Only invalid arguments reject (a path the server would refuse); that ends the walk.
        (err: unknown) => reads.forEach((r) => this.answer(r, { ok: false, op: r.op.op, error: toZkError(err) })),
      )
      .finally(() => {
        this.calls--;
        this.schedulePump();
      });
  }

  private answer(read: PendingRead, outcome: ReadOutcome): void {
    const node = read.node;
    if (node.finished) return;
    node.open--;
    if (!outcome.ok) {
      if (isTransient(outcome.error) && read.attempt + 1 < ATTEMPTS && !this.stopping && !this.stalledBy(backoffMs(read.attempt)))
        this.retry(read);
      else this.fail(node, outcome.error);
      return;
    }
    this.lastAnswer = performance.now();
    if (outcome.op === 'getAcl') {
      node.acl = outcome.value.acl;
      node.stat ??= outcome.value.stat;
    } else if (outcome.op === 'get') {
      // The get's stat belongs with its data; a getAcl's may be a moment older.
      node.stat = outcome.value.stat;
      if (this.options.data) node.data = outcome.value.data;
    } else {
      node.children = outcome.value.children;
    }
    if (!node.stepped) this.step(node);
    if (node.open === 0 && !node.finished) this.complete(node);
  }

  /** Step 2: what step 1's stat says is still missing, with the sizes it gives. */
  private step(node: InFlight): void {
    node.stepped = true;
    const stat = node.stat!;
    if (this.options.acl && this.options.data) this.enqueue(node, { op: 'get', path: node.path, dataLength: stat.dataLength });
    const wantChildren = this.options.maxDepth === undefined || node.depth < this.options.maxDepth;
    if (wantChildren && stat.numChildren > 0) this.enqueue(node, { op: 'children', path: node.path, numChildren: stat.numChildren });
  }

  /** Whether waiting `ms` more would leave the walk without an answer for longer than `stallMs`. */
  private stalledBy(ms: number): boolean {
    return this.options.stallMs !== undefined && performance.now() - this.lastAnswer + ms > this.options.stallMs;
  }

  private retry(read: PendingRead): void {
    read.node.open++;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.ready.push({ ...read, attempt: read.attempt + 1 });
      this.schedulePump();
    }, backoffMs(read.attempt));
    this.retries.add(timer);
  }

  private complete(node: InFlight): void {
    node.finished = true;
    this.active.delete(node);
    const children = node.children;
    this.seen += children.length;
    if (this.options.maxNodes !== undefined && this.seen > this.options.maxNodes) {
      this.failure ??= new ZkError('BADARGUMENTS', {
        path: this.root,
        op: 'walk',
        message: `the subtree has more than ${this.options.maxNodes} nodes; refusing to walk it all`,
      });
      return;
    }
    const skipSystem = this.options.excludeSystem && node.path === '/' && !this.session.chroot;
    const kept = skipSystem ? children.filter((c) => c !== 'zookeeper') : children;
    for (const name of kept) this.queue.push({ path: joinPath(node.path, name), depth: node.depth + 1 });
    this.visited++;
    this.onNode({
      path: node.path,
      relPath: relative(this.root, node.path),
      depth: node.depth,
      stat: node.stat!,
      data: node.data,
      acl: node.acl,
      children: kept,
    });
  }

  private fail(node: InFlight, error: ZkError): void {
    node.finished = true;
    this.active.delete(node);
    const below = node.path !== this.root;
    if (below && isZkError(error, 'NONODE')) this.vanished++;
    else if (below && !isZkError(error, 'CANCELLED', 'BADARGUMENTS') && this.options.onError?.(node.path, error) === 'skip') this.skipped++;
    else this.failure ??= error;
  }

  /** After a failure or cancel: nothing more is sent; answers still on their way are ignored. */
  private abandonAll(): void {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.ready = [];
    for (const node of this.active) node.finished = true;
    this.active.clear();
  }
}
