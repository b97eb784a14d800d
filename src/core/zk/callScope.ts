/**
 * The life of one call: its deadline and the caller's AbortSignal folded into one signal that the
 * limiter and the transport listen to, and the typed error that ends the call when it fires.
 */
import { setMaxListeners } from 'node:events';
import { ZkError } from './errors';
import type { ConnectionState } from './transport';
import type { RequestInfo } from './wire';

export interface CallOptions {
  /** Milliseconds from the call until it fails with OPERATIONTIMEOUT (default: the session's); 0 fails at once. */
  readonly timeoutMs?: number;
  /** Aborting fails the call with CANCELLED; a request not yet sent is never sent. */
  readonly signal?: AbortSignal;
}

export class CallScope {
  /** Made only when someone asks for `signal`: most calls never wait and never need one. */
  private controller: AbortController | undefined;
  /** Requests in flight under this scope; a Set because one scope may carry hundreds of them. */
  private readonly aborters = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly started = Date.now();
  private why: 'timeout' | 'cancelled' | undefined;
  private readonly onUserAbort = (): void => this.fire('cancelled');

  constructor(
    readonly timeoutMs: number,
    private readonly userSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(() => this.fire('timeout'), Math.max(0, timeoutMs));
    // A deadline that has already passed fails the call before anything is sent.
    if (timeoutMs <= 0) this.fire('timeout');
    else if (userSignal?.aborted) this.fire('cancelled');
    else userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
  }

  /** True once the deadline passed or the caller cancelled. */
  get aborted(): boolean {
    return this.why !== undefined;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      // Calls waiting for a limiter slot each listen; a readMany scope may have hundreds.
      setMaxListeners(0, this.controller.signal);
      if (this.why) this.controller.abort(this.reason());
    }
    return this.controller.signal;
  }

  /** Runs `fn` when the scope ends early (at once if it has); returns the function that forgets it. */
  onAbort(fn: () => void): () => void {
    if (this.why) {
      fn();
      return () => undefined;
    }
    this.aborters.add(fn);
    return () => this.aborters.delete(fn);
  }

  private reason(): ZkError {
    return new ZkError(this.why === 'timeout' ? 'OPERATIONTIMEOUT' : 'CANCELLED');
  }

  private fire(why: 'timeout' | 'cancelled'): void {
    if (this.why) return;
    this.why = why;
    this.controller?.abort(this.reason());
    const aborters = [...this.aborters];
    this.aborters.clear();
    for (const fn of aborters) fn();
  }

  /**
   * The error for this call once its signal fired. `sent` says whether the request reached the
   * wire: a write that was sent may have been applied even though no reply came.
   */
  failure(info: RequestInfo, sent: boolean): ZkError {
    const mayHaveApplied = sent && info.write;
    const fate = !sent ? 'it was not sent' : info.write ? 'it was sent and may have been applied' : 'it was sent';
    const details = { op: info.op, path: info.path, mayHaveApplied, sent };
    if (this.why === 'cancelled') return new ZkError('CANCELLED', { ...details, message: `cancelled by the caller; ${fate}` });
    const waited = Date.now() - this.started;
    return new ZkError('OPERATIONTIMEOUT', { ...details, message: `no reply within ${this.timeoutMs} ms (waited ${waited} ms); ${fate}` });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }
}

/** `promise`, or the scope's failure if the scope fires first. */
export function untilAborted<T>(promise: Promise<T>, scope: CallScope, info: RequestInfo): Promise<T> {
  if (scope.signal.aborted) return Promise.reject(scope.failure(info, false));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(scope.failure(info, true));
    scope.signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => scope.signal.removeEventListener('abort', onAbort));
  });
}

/** Something with a connection state and state events (a ZkSession). */
export interface StateSource {
  readonly state: ConnectionState;
  onState(listener: (change: { readonly state: ConnectionState }) => void): () => void;
}

/** Resolves once `source` is in `state`; rejects when the scope fires, the source closes or auth fails. */
export function waitForState(source: StateSource, state: ConnectionState, scope: CallScope): Promise<void> {
  if (source.state === state) return Promise.resolve();
  const info = { op: `wait for ${state}`, write: false };
  return new Promise<void>((resolve, reject) => {
    const done = (err?: ZkError): void => {
      dispose();
      scope.signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => done(scope.failure(info, false));
    const dispose = source.onState((c) => {
      if (c.state === state) done();
      else if (c.state === 'closed') done(new ZkError('CONNECTIONLOSS', { op: info.op, message: 'the session closed' }));
      else if (c.state === 'authFailed') done(new ZkError('AUTHFAILED', { op: 'connect' }));
    });
    if (scope.signal.aborted) onAbort();
    else scope.signal.addEventListener('abort', onAbort, { once: true });
  });
}
