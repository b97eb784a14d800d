/**
 * Matches auth replies to the calls that sent credentials. ZooKeeper answers auth packets with a
 * reserved xid and no request id, in order, so a FIFO of waiters is enough; replies to the
 * credentials the library replays after a reconnect find no waiter and are dropped.
 */
import { CallScope, untilAborted } from './callScope';
import { ZkError } from './errors';

interface Waiter {
  resolve(): void;
  reject(err: ZkError): void;
}

export class AuthReplies {
  private readonly waiters: Waiter[] = [];

  /** A promise for the next unclaimed auth reply. */
  expect(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Like `expect`, but the scope may end the wait; a waiter that gave up keeps its place. */
  expectWithin(scope: CallScope): Promise<void> {
    return untilAborted(this.expect(), scope, { op: 'addAuth', write: false });
  }

  /** The server answered an auth packet with `err` (0 = accepted). */
  reply(err: number): void {
    const waiter = this.waiters.shift();
    if (!waiter) return;
    if (err === 0) waiter.resolve();
    else waiter.reject(ZkError.fromCode(err, { op: 'addAuth' }));
  }

  failAll(name: 'SESSIONEXPIRED' | 'AUTHFAILED' | 'CONNECTIONLOSS'): void {
    for (const w of this.waiters.splice(0)) w.reject(new ZkError(name, { op: 'addAuth' }));
  }
}
