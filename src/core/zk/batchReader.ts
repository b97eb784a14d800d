/**
 * Runs a list of reads as few requests as the server allows: multiRead requests packed by
 * readOps.ts, getAcl (and everything, on servers without multiRead) as pipelined single
 * requests, all under one deadline. Every read gets its own outcome; nothing here rejects.
 *
 * Two things make it more than a loop:
 * - A server before 3.6 answers multiRead with UNIMPLEMENTED and closes the connection. The
 *   first such answer turns multiRead off for the rest of the session and the reads go one by one.
 * - A multiRead whose connection is lost after it was sent is never sent again as it was: a reply
 *   too big for the server's heap kills the server (measured with 40 MB on a 128 MB heap), and
 *   the same request would then kill the next member. It is split in halves, down to one read
 *   per request, each sent once the session is connected again.
 */
import type { CallScope } from './callScope';
import { ZkError, toZkError } from './errors';
import { MultiReadOp, multiReadRequest } from './multiRead';
import { ReadBatchLimits, ReadOp, ReadOutcome, planReads } from './readOps';
import { Requests } from './requests';
import type { WireRequest } from './wire';

/** Requests one `read` call keeps out at once. */
const MAX_REQUESTS = 512;

/** What the reader needs from its session. */
export interface ReadChannel {
  readonly chroot: string | undefined;
  /**
   * Sends `build()` within `scope` through the session's limiter and transport. With `once`, a
   * request whose connection was lost after sending fails with CONNECTIONLOSS instead of being
   * sent again.
   */
  send<T>(build: () => WireRequest<T>, scope: CallScope, once: boolean): Promise<T>;
  /** Resolves once the session is connected; rejects when the scope ends or the session closes. */
  connected(scope: CallScope): Promise<void>;
  /** Called once, when a server answered that it does not implement multiRead. */
  onUnsupported(error: ZkError): void;
}

export class BatchReader {
  private support: 'unknown' | 'yes' | 'no';
  private readonly requests: Requests;

  /** @param multiRead false sends every read on its own from the start. */
  constructor(
    private readonly channel: ReadChannel,
    private readonly limits: ReadBatchLimits,
    multiRead: boolean,
  ) {
    this.support = multiRead ? 'unknown' : 'no';
    this.requests = new Requests(channel.chroot);
  }

  /** True once a multiRead succeeded, false when it is off or unsupported, undefined before the first. */
  get multiReadSupported(): boolean | undefined {
    return this.support === 'unknown' ? undefined : this.support === 'yes';
  }

  /**
   * One outcome per op, in order. The caller validated the ops. At most `MAX_REQUESTS` of the
   * call's requests are out at once, so a call with thousands of getAcl reads waits its turn
   * instead of overflowing the session's waiting line.
   */
  async read(ops: readonly ReadOp[], scope: CallScope): Promise<ReadOutcome[]> {
    const out = new Array<ReadOutcome>(ops.length);
    const groups = planReads(ops, this.limits, this.support !== 'no', this.channel.chroot);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < groups.length) {
        const g = groups[next++]!;
        await (g.kind === 'single' ? this.single(ops, g.index, out, scope) : this.multi(ops, g.indexes, out, scope));
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_REQUESTS, groups.length) }, worker));
    return out;
  }

  private async single(ops: readonly ReadOp[], index: number, out: ReadOutcome[], scope: CallScope): Promise<void> {
    const op = ops[index]!;
    try {
      out[index] = await this.sendSingle(op, scope);
    } catch (err) {
      out[index] = { ok: false, op: op.op, error: toZkError(err, { op: op.op, path: op.path }) };
    }
  }

  private async sendSingle(op: ReadOp, scope: CallScope): Promise<ReadOutcome> {
    const { requests, channel } = this;
    switch (op.op) {
      case 'get':
        return { ok: true, op: 'get', value: await channel.send(() => requests.getData(op.path, false), scope, false) };
      case 'children': {
        const listed = await channel.send(() => requests.getChildren(op.path, false), scope, false);
        return { ok: true, op: 'children', value: { children: listed.children } };
      }
      case 'getAcl':
        return { ok: true, op: 'getAcl', value: await channel.send(() => requests.getAcl(op.path), scope, false) };
    }
  }

  private async multi(ops: readonly ReadOp[], indexes: readonly number[], out: ReadOutcome[], scope: CallScope): Promise<void> {
    if (this.support === 'no') {
      await Promise.all(indexes.map((i) => this.single(ops, i, out, scope)));
      return;
    }
    const batch = indexes.map((i) => ops[i]! as MultiReadOp);
    try {
      const results = await this.channel.send(() => multiReadRequest(batch, this.channel.chroot), scope, true);
      this.support = 'yes';
      results.forEach((r, k) => (out[indexes[k]!] = r));
      return;
    } catch (err) {
      const error = toZkError(err, { op: 'multiRead' });
      if (error.is('UNIMPLEMENTED')) {
        this.turnOff(error);
        await Promise.all(indexes.map((i) => this.single(ops, i, out, scope)));
        return;
      }
      if (error.is('CONNECTIONLOSS') && error.sent !== false && !scope.aborted) {
        await this.splitAfterLoss(ops, indexes, out, scope, error);
        return;
      }
      fail(ops, indexes, out, error);
    }
  }

  private turnOff(error: ZkError): void {
    if (this.support === 'no') return;
    this.support = 'no';
    this.channel.onUnsupported(error);
  }

  private async splitAfterLoss(
    ops: readonly ReadOp[],
    indexes: readonly number[],
    out: ReadOutcome[],
    scope: CallScope,
    lost: ZkError,
  ): Promise<void> {
    try {
      await this.channel.connected(scope);
    } catch {
      fail(ops, indexes, out, lost);
      return;
    }
    if (indexes.length === 1) {
      await this.single(ops, indexes[0]!, out, scope);
      return;
    }
    const mid = Math.ceil(indexes.length / 2);
    await Promise.all([this.multi(ops, indexes.slice(0, mid), out, scope), this.multi(ops, indexes.slice(mid), out, scope)]);
  }
}

/** Every read of a request that failed as a whole gets that request's error. */
function fail(ops: readonly ReadOp[], indexes: readonly number[], out: ReadOutcome[], error: ZkError): void {
  for (const i of indexes) out[i] = { ok: false, op: ops[i]!.op, error };
}
