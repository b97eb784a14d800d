/**
 * Retrying calls across a connection blip. The session moves to another member in well under a
 * second after a member dies, but calls in flight at that moment fail with CONNECTIONLOSS (or
 * time out), and a long export or import should not die of that. Reads are safe to repeat;
 * writes are retried only by callers that can tell a repeated write from a conflict.
 */
import { ZkError, isZkError, toZkError } from '../zk/errors';

/** Failures that say nothing about the request itself, only about the connection. */
export function isTransient(err: unknown): boolean {
  return isZkError(err, 'CONNECTIONLOSS', 'OPERATIONTIMEOUT', 'SESSIONMOVED', 'THROTTLEDOP');
}

export interface RetryOptions {
  /** Attempts in all, including the first. Default 6. */
  readonly attempts?: number;
  /** First backoff in ms, doubled per attempt up to 2 s. Default 100. */
  readonly backoffMs?: number;
  readonly signal?: AbortSignal;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(toZkError(signal.reason ?? new ZkError('CANCELLED')));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(toZkError(signal?.reason ?? new ZkError('CANCELLED')));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn`, repeating it after transient failures with exponential backoff. `attempt` is 0 for
 * the first call, so a write can tell that an earlier attempt may have been applied.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 6);
  let delay = options.backoffMs ?? 100;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt + 1 >= attempts || !isTransient(err) || options.signal?.aborted) throw err;
      await pause(delay, options.signal);
      delay = Math.min(2000, delay * 2);
    }
  }
}
