/**
 * Bounded concurrency with back-pressure: a semaphore whose waiting line is itself bounded, and
 * a lazy bounded map for bulk work that never materialises more promises than it runs.
 */
import { ZkError, toZkError } from './errors';

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (err: ZkError) => void;
  cleanup: () => void;
}

/** Counts permits; `acquire` waits in FIFO order and fails fast once too many are waiting. */
export class Semaphore {
  private inUse = 0;
  private readonly waiters: Waiter[] = [];

  /**
   * @param permits how many holders at once
   * @param maxWaiting how many may wait; the next one fails with THROTTLEDOP instead of queueing
   */
  constructor(
    readonly permits: number,
    readonly maxWaiting: number = Number.POSITIVE_INFINITY,
  ) {
    if (!(permits >= 1)) throw new RangeError(`permits must be >= 1, got ${permits}`);
  }

  get active(): number {
    return this.inUse;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** A release function when a permit is free now and nobody waits; undefined otherwise. */
  tryAcquire(): (() => void) | undefined {
    if (this.inUse >= this.permits || this.waiters.length) return undefined;
    this.inUse += 1;
    return this.releaser();
  }

  /** Resolves to a release function (idempotent). Rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(toZkError(signal.reason));
    if (this.inUse < this.permits) {
      this.inUse += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.maxWaiting) {
      return Promise.reject(
        new ZkError('THROTTLEDOP', {
          mayHaveApplied: false,
          message: `${this.inUse} requests in flight and ${this.waiters.length} waiting; this client refuses more until some finish`,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(toZkError(signal?.reason));
      };
      const waiter: Waiter = { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) {
        next.cleanup();
        next.resolve(this.releaser());
      } else {
        this.inUse -= 1;
      }
    };
  }
}

export type BulkOutcome<T, R> =
  { readonly item: T; readonly ok: true; readonly value: R } | { readonly item: T; readonly ok: false; readonly error: ZkError };

export interface BulkOptions {
  /** How many calls run at once (default 100). */
  readonly concurrency?: number;
  /** Stops pulling new items; items already running finish or fail on their own. */
  readonly signal?: AbortSignal;
  /** Stop pulling new items after the first failure. */
  readonly stopOnError?: boolean;
}

const PENDING: unknown = Object.freeze({ ok: false });

/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight, pulling items lazily, and
 * settles with one outcome per item started, in input order. Never rejects.
 */
export async function mapBounded<T, R>(
  items: Iterable<T>,
  fn: (item: T) => Promise<R>,
  options: BulkOptions = {},
): Promise<BulkOutcome<T, R>[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 100));
  const iterator = items[Symbol.iterator]();
  const outcomes: BulkOutcome<T, R>[] = [];
  let stop = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stop || options.signal?.aborted) return;
      const next = iterator.next();
      if (next.done) return;
      const index = outcomes.length;
      const item = next.value;
      // Overwritten below before anyone sees it; a ZkError here would cost a stack trace per item.
      outcomes.push(PENDING as BulkOutcome<T, R>);
      try {
        outcomes[index] = { item, ok: true, value: await fn(item) };
      } catch (err) {
        outcomes[index] = { item, ok: false, error: toZkError(err) };
        if (options.stopOnError) stop = true;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}
