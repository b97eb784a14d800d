/**
 * Polling waits shared by every test layer (host suites too: nothing here needs node built-ins).
 * Every wait is bounded, and a timeout says what was awaited and what was seen last, so a failure
 * reads as a finding rather than as "timed out".
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions<T = unknown> {
  /** Give up after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Pause between two looks; default 100 ms. */
  readonly everyMs?: number;
  /** What the timeout error adds about the last value seen (and the state around it). */
  readonly describe?: (last: T) => string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_EVERY_MS = 100;

/** The first value `read` returns that `ok` accepts; throws once `timeoutMs` has passed without one. */
export async function waitFor<T, U extends T>(
  what: string,
  read: () => T | Promise<T>,
  ok: (value: T) => value is U,
  options?: WaitOptions<T>,
): Promise<U>;
export async function waitFor<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean, options?: WaitOptions<T>): Promise<T>;
export async function waitFor<T>(
  what: string,
  read: () => T | Promise<T>,
  ok: (value: T) => boolean,
  options: WaitOptions<T> = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      const seen = options.describe ? `; ${options.describe(value)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`);
    }
    await sleep(options.everyMs ?? DEFAULT_EVERY_MS);
  }
}

/** Resolves once `check` holds; throws once `timeoutMs` has passed without it. */
export async function until(what: string, check: () => boolean | Promise<boolean>, options?: WaitOptions<boolean>): Promise<void> {
  await waitFor(what, check, (held) => held, options);
}

/** For waitFor: the value is there (a probe that answers undefined until it has one). */
export const isDefined = <T>(value: T | undefined): value is T => value !== undefined;

/**
 * `promise`, or a rejection saying `what` did not settle within `ms`. The timer is cleared either
 * way: a pending one would keep the test's process (and the whole run) alive until it fires.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${typeof what === 'string' ? what : what()}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
