/**
 * Coalesces bursts of change signals (watch events, refresh requests) into bounded batches so a
 * busy tree cannot flood the editor with refreshes. No vscode import: unit-tested with fake timers.
 */

export interface CoalescerOptions {
  /** Quiet time after the last signal before a batch is delivered. */
  readonly delayMs: number;
  /** A batch is delivered at most this long after its first signal, even if signals keep coming. */
  readonly maxWaitMs: number;
  /** More distinct keys than this in one batch collapse into "everything changed". */
  readonly maxKeys: number;
}

/** One delivery: the distinct keys in arrival order, or `all` when the batch overflowed. */
export type Batch<K> = { readonly all: false; readonly keys: readonly K[] } | { readonly all: true };

/** The timer functions used; tests pass fakes. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export class Coalescer<K> {
  private keys = new Set<K>();
  private overflow = false;
  private firstAt: number | undefined;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly options: CoalescerOptions,
    private readonly deliver: (batch: Batch<K>) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Signals that `key` changed. */
  push(key: K): void {
    if (this.disposed) return;
    if (!this.overflow) {
      this.keys.add(key);
      if (this.keys.size > this.options.maxKeys) {
        this.overflow = true;
        this.keys.clear();
      }
    }
    this.schedule();
  }

  /** Signals that everything changed (e.g. after a reconnect). */
  pushAll(): void {
    if (this.disposed) return;
    this.overflow = true;
    this.keys.clear();
    this.schedule();
  }

  /** Number of distinct keys waiting (0 when overflowed). */
  get pending(): number {
    return this.keys.size;
  }

  private schedule(): void {
    const now = this.timers.now();
    this.firstAt ??= now;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.options.delayMs, this.firstAt + this.options.maxWaitMs - now));
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Delivers what is waiting now, if anything. */
  flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.firstAt = undefined;
    if (this.overflow) {
      this.overflow = false;
      this.deliver({ all: true });
    } else if (this.keys.size > 0) {
      const keys = [...this.keys];
      this.keys.clear();
      this.deliver({ all: false, keys });
    }
  }

  /** Drops whatever is waiting; nothing is delivered afterwards. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.keys.clear();
  }
}

/**
 * Spaces out repeated work on the same key: `run(key)` happens at once unless the key ran less
 * than `gapFor(key)` ms ago; then it happens once, when the gap is over, however often it was
 * asked for meanwhile. Keeps a busy 300k-child parent from being listed again every batch.
 */
export class ReloadGate<K> {
  private readonly lastRun = new Map<K, number>();
  private readonly waiting = new Map<K, unknown>();
  private disposed = false;

  constructor(
    private readonly gapFor: (key: K) => number,
    private readonly run: (key: K) => void,
    private readonly timers: Timers = realTimers,
    /** Keys remembered at most (the oldest are forgotten). */
    private readonly maxKeys = 10_000,
  ) {}

  request(key: K): void {
    if (this.disposed || this.waiting.has(key)) return;
    const wait = (this.lastRun.get(key) ?? Number.NEGATIVE_INFINITY) + this.gapFor(key) - this.timers.now();
    if (wait <= 0) return this.fire(key);
    this.waiting.set(
      key,
      this.timers.setTimeout(() => {
        this.waiting.delete(key);
        if (!this.disposed) this.fire(key);
      }, wait),
    );
  }

  /** Keys whose run is deferred. */
  get deferred(): number {
    return this.waiting.size;
  }

  private fire(key: K): void {
    this.lastRun.delete(key);
    this.lastRun.set(key, this.timers.now());
    if (this.lastRun.size > this.maxKeys) this.lastRun.delete(this.lastRun.keys().next().value as K);
    this.run(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const handle of this.waiting.values()) this.timers.clearTimeout(handle);
    this.waiting.clear();
  }
}
