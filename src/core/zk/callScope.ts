/**
 * The life of one call: its deadline and the caller's AbortSignal folded into one signal that the
 * limiter and the transport listen to, and the typed error that ends the call when it fires.
 */
import { ZkError } from './errors';
import type { RequestInfo } from './wire';

export interface CallOptions {
  /** Milliseconds from the call until it fails with OPERATIONTIMEOUT (default: the session's). */
  readonly timeoutMs?: number;
  /** Aborting fails the call with CANCELLED; a request not yet sent is never sent. */
  readonly signal?: AbortSignal;
}

export class CallScope {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly started = Date.now();
  private why: 'timeout' | 'cancelled' | undefined;
  private readonly onUserAbort = (): void => this.fire('cancelled');

  constructor(
    readonly timeoutMs: number,
    private readonly userSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(() => this.fire('timeout'), Math.max(0, timeoutMs));
    if (userSignal?.aborted) this.fire('cancelled');
    else userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private fire(why: 'timeout' | 'cancelled'): void {
    if (this.why) return;
    this.why = why;
    this.controller.abort(new ZkError(why === 'timeout' ? 'OPERATIONTIMEOUT' : 'CANCELLED'));
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
