/**
 * Named watches on a znode or a whole subtree, as a stream of typed, coalesced changes.
 *
 * ZooKeeper watches are one-shot; each fired watch is re-armed with a read that also tells what
 * changed (new version, new child list). Reconnects to another member keep the session and its
 * watches (the client re-registers them and the server replays what was missed). An expired
 * session loses every watch: then the watch waits for the renewed session, walks its nodes again,
 * reports what differs from what it knew, and re-arms everything (`resynced`).
 *
 * Bounded everywhere: at most `maxNodes` nodes watched per subtree (then `limitReached`), changes
 * coalesced per path and type for `coalesceMs`, at most `maxPending` waiting changes (then the
 * oldest are dropped and counted), and a change log of `logSize` entries.
 */
import { isZkError } from '../zk/errors';
import { Semaphore } from '../zk/limiter';
import { joinPath } from '../zk/paths';
import type { ZkSession } from '../zk/session';
import type { WatchEvent } from '../zk/watches';

export type ZnodeChangeType = 'created' | 'deleted' | 'dataChanged' | 'childrenChanged' | 'resynced' | 'limitReached' | 'dropped' | 'error';

export interface ZnodeChange {
  /** The watch's name. */
  readonly watch: string;
  readonly type: ZnodeChangeType;
  readonly path: string;
  /** When it was noticed (ms since the epoch). */
  readonly at: number;
  /** Data version after the change (created, dataChanged). */
  readonly version?: number;
  /** For childrenChanged (watches that do not descend): the names that came and went. */
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
  /** How many changes this one stands for (coalesced), or how many were dropped. */
  readonly count?: number;
  /** For error and limitReached: what happened. */
  readonly message?: string;
}

export interface NamedWatchOptions {
  readonly name: string;
  readonly path: string;
  /** Watch every node below `path` too. Default false: the node and its child list only. */
  readonly recursive?: boolean;
  /** Most nodes watched (default 10 000). */
  readonly maxNodes?: number;
  /** Changes within this window are delivered together, one per path and type (default 200 ms). */
  readonly coalesceMs?: number;
  /** Most changes waiting for delivery (default 5000). */
  readonly maxPending?: number;
  /** Entries kept in `log` (default 1000). */
  readonly logSize?: number;
}

interface Known {
  version: number;
  children: Set<string> | undefined;
}

export class NamedWatch {
  readonly name: string;
  readonly path: string;
  readonly recursive: boolean;
  private readonly maxNodes: number;
  private readonly coalesceMs: number;
  private readonly maxPending: number;
  private readonly logSize: number;
  private readonly known = new Map<string, Known>();
  private readonly dataArmed = new Set<string>();
  private readonly arming = new Set<string>();
  private readonly childArmed = new Set<string>();
  private readonly pending = new Map<string, ZnodeChange>();
  private readonly listeners = new Set<(batch: readonly ZnodeChange[]) => void>();
  private readonly gate = new Semaphore(100);
  private readonly history: ZnodeChange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private resyncing: Promise<void> | undefined;
  private limitHit = false;
  private disposed = false;
  private generation = 0;
  private dropped = 0;

  constructor(
    private readonly session: ZkSession,
    options: NamedWatchOptions,
  ) {
    this.name = options.name;
    this.path = options.path;
    this.recursive = options.recursive === true;
    this.maxNodes = options.maxNodes ?? 10_000;
    this.coalesceMs = options.coalesceMs ?? 200;
    this.maxPending = options.maxPending ?? 5000;
    this.logSize = options.logSize ?? 1000;
  }

  /** Arms the watch; resolves when every node is watched. Rejects on NOAUTH or a lost connection. */
  async start(): Promise<void> {
    await this.arm(this.path, this.generation, false);
  }

  /** Delivered batches of changes; returns the disposer. */
  onChanges(listener: (batch: readonly ZnodeChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The most recent changes, oldest first. */
  get log(): readonly ZnodeChange[] {
    return this.history;
  }

  /** How many nodes are watched now. */
  get watchedCount(): number {
    return this.known.size;
  }

  /** Stops delivering. ZooKeeper has no watch removal in this client; fired watches are ignored. */
  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.listeners.clear();
  }

  private async guarded<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.gate.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Reads and watches `path` (and, recursively, its children). `announce`: report it as created. */
  private async arm(path: string, generation: number, announce: boolean): Promise<void> {
    if (this.disposed || generation !== this.generation) return;
    const isNew = !this.known.has(path);
    if (isNew) {
      // Arms run in parallel: count the ones under way so the bound holds before their replies.
      if (this.arming.has(path)) return;
      if (this.known.size + this.arming.size >= this.maxNodes) {
        if (!this.limitHit) {
          this.limitHit = true;
          this.emit({
            type: 'limitReached',
            path,
            message: `watching at most ${this.maxNodes} nodes; changes below further nodes are not reported`,
          });
        }
        return;
      }
      this.arming.add(path);
    }
    let stat;
    try {
      stat = await this.guarded(() => this.session.exists(path, this.dataWatcher(path, generation)));
    } finally {
      if (isNew) this.arming.delete(path);
    }
    if (!stat) {
      if (path === this.path) this.known.delete(path);
      return;
    }
    const before = this.known.get(path);
    const node: Known = { version: stat.version, children: before?.children };
    this.known.set(path, node);
    if (announce && !before) this.emit({ type: 'created', path, version: stat.version });
    if (stat.kind === 'ephemeral') return;
    if (path !== this.path && !this.recursive) return;
    await this.listChildren(path, generation, announce);
  }

  private async listChildren(path: string, generation: number, announce: boolean): Promise<void> {
    let names: string[];
    try {
      names = (await this.guarded(() => this.session.children(path, this.childWatcher(path, generation)))).children;
    } catch (err) {
      if (isZkError(err, 'NONODE')) return;
      throw err;
    }
    const node = this.known.get(path);
    if (!node) return;
    const before = node.children ?? new Set<string>();
    const now = new Set(names);
    node.children = now;
    const added = names.filter((n) => !before.has(n));
    const removed = [...before].filter((n) => !now.has(n));
    if (!this.recursive) {
      if (announce && (added.length || removed.length)) this.emit({ type: 'childrenChanged', path, added, removed });
      return;
    }
    for (const name of removed) this.forget(joinPath(path, name));
    await Promise.all(
      added.map((name) =>
        this.arm(joinPath(path, name), generation, announce).catch((err: unknown) => this.report(joinPath(path, name), err)),
      ),
    );
  }

  /** A node is gone: report it and everything known below it. */
  private forget(path: string): void {
    const node = this.known.get(path);
    if (!node) return;
    for (const name of node.children ?? []) this.forget(joinPath(path, name));
    this.known.delete(path);
    this.dataArmed.delete(path);
    this.childArmed.delete(path);
    this.emit({ type: 'deleted', path });
  }

  private dataWatcher(path: string, generation: number): ((e: WatchEvent) => void) | undefined {
    // One armed watcher per path: the client would otherwise call every copy on each event.
    if (this.dataArmed.has(path)) return undefined;
    this.dataArmed.add(path);
    return (event) => {
      this.dataArmed.delete(path);
      if (this.disposed || generation !== this.generation) return;
      if (event.type === 'sessionExpired') return this.scheduleResync();
      if (event.type === 'deleted') {
        this.forget(path);
        if (path === this.path) void this.arm(path, generation, true).catch((err: unknown) => this.report(path, err));
        return;
      }
      void this.onDataEvent(path, generation, event.type === 'created').catch((err: unknown) => this.report(path, err));
    };
  }

  private async onDataEvent(path: string, generation: number, created: boolean): Promise<void> {
    if (created) return this.arm(path, generation, true);
    const stat = await this.guarded(() => this.session.exists(path, this.dataWatcher(path, generation)));
    if (!stat) return this.forget(path);
    const node = this.known.get(path);
    if (node && node.version !== stat.version) {
      node.version = stat.version;
      this.emit({ type: 'dataChanged', path, version: stat.version });
    }
  }

  private childWatcher(path: string, generation: number): ((e: WatchEvent) => void) | undefined {
    if (this.childArmed.has(path)) return undefined;
    this.childArmed.add(path);
    return (event) => {
      this.childArmed.delete(path);
      if (this.disposed || generation !== this.generation) return;
      if (event.type === 'sessionExpired') return this.scheduleResync();
      if (event.type === 'childrenChanged') void this.listChildren(path, generation, true).catch((err: unknown) => this.report(path, err));
    };
  }

  /** After an expiry: wait for the renewed session, walk again, report differences, re-arm. */
  private scheduleResync(): void {
    if (this.resyncing || this.disposed) return;
    this.resyncing = (async () => {
      const generation = ++this.generation;
      this.dataArmed.clear();
      this.childArmed.clear();
      for (let attempt = 0; attempt < 60 && !this.disposed; attempt++) {
        try {
          await this.session.waitFor('connected', { timeoutMs: 5000 });
          const before = new Map([...this.known].map(([p, k]) => [p, k.version]));
          this.known.clear();
          await this.arm(this.path, generation, false);
          for (const [p, version] of before) {
            const now = this.known.get(p);
            if (!now) this.emit({ type: 'deleted', path: p });
            else if (now.version !== version) this.emit({ type: 'dataChanged', path: p, version: now.version });
          }
          for (const [p, k] of this.known) if (!before.has(p)) this.emit({ type: 'created', path: p, version: k.version });
          this.emit({
            type: 'resynced',
            path: this.path,
            message: 'the session expired; watches were set again and missed changes reported',
          });
          return;
        } catch {
          if (this.disposed) return;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })().finally(() => {
      this.resyncing = undefined;
    });
  }

  private report(path: string, err: unknown): void {
    if (isZkError(err, 'NONODE')) return this.forget(path);
    this.emit({ type: 'error', path, message: err instanceof Error ? err.message : String(err) });
  }

  private emit(change: Omit<ZnodeChange, 'watch' | 'at'>): void {
    if (this.disposed) return;
    const full: ZnodeChange = { watch: this.name, at: Date.now(), ...change };
    this.history.push(full);
    if (this.history.length > this.logSize) this.history.splice(0, this.history.length - this.logSize);
    const key = `${change.type}\u0000${change.path}`;
    const prior = this.pending.get(key);
    if (prior) this.pending.delete(key);
    this.pending.set(key, prior ? { ...full, count: (prior.count ?? 1) + 1 } : full);
    if (this.pending.size > this.maxPending) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
      this.dropped++;
    }
    this.flushTimer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (this.dropped) {
      batch.push({
        watch: this.name,
        type: 'dropped',
        path: this.path,
        at: Date.now(),
        count: this.dropped,
        message: `${this.dropped} changes were dropped (more than ${this.maxPending} waiting)`,
      });
      this.dropped = 0;
    }
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch {
        // A listener's failure must not stop the others or the watch.
      }
    }
  }
}
