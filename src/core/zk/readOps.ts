/**
 * Batched reads: what one read of a batch asks for and gets, how big its reply can grow, and how
 * a list of reads is packed into multiRead requests (ZooKeeper 3.6+, opcode 22).
 *
 * Why the packing is careful about bytes: a server builds a whole multiRead reply in one buffer
 * before sending it, and measured here a 40 MB reply (40 values of 1 MB) made a 3.8.0 server with
 * a 128 MB heap run out of memory and shut down. So every request carries at most `maxOps` reads
 * and at most `maxReplyBytes` of expected reply, counting what the caller knows (a stat's
 * dataLength, numChildren) and assuming `unknownBytes` for what it does not.
 */
import type { ZkAcl } from './acl';
import { ZkError } from './errors';
import { validatePath } from './paths';
import type { DataResult } from './requests';
import type { ZkStat } from './stat';

/**
 * One read. `get` and `children` travel inside multiRead requests; `getAcl` cannot (ZooKeeper's
 * multiRead only takes getData and getChildren) and is sent as its own pipelined request.
 */
export type ReadOp =
  | {
      readonly op: 'get';
      readonly path: string;
      /** The node's dataLength when a stat already told it; keeps the reply within budget. */
      readonly dataLength?: number;
    }
  | {
      readonly op: 'children';
      readonly path: string;
      /** The node's numChildren when a stat already told it. */
      readonly numChildren?: number;
    }
  | { readonly op: 'getAcl'; readonly path: string };

export type ReadKind = ReadOp['op'];

const KINDS: readonly string[] = ['get', 'children', 'getAcl'] satisfies readonly ReadKind[];

/** Throws BADARGUMENTS for a read that cannot be sent (unknown kind, invalid path, bad size hint). */
export function checkReadOp(op: ReadOp, index: number): void {
  if (!KINDS.includes(op.op))
    throw new ZkError('BADARGUMENTS', {
      op: 'readMany',
      message: `read ${index} has unknown type ${JSON.stringify(op.op)} (get, children or getAcl)`,
    });
  validatePath(op.path, op.op);
  const hint = op.op === 'get' ? op.dataLength : op.op === 'children' ? op.numChildren : undefined;
  if (hint !== undefined && !(Number.isInteger(hint) && hint >= 0)) {
    throw new ZkError('BADARGUMENTS', { op: op.op, path: op.path, message: `a size hint must be a whole number >= 0, got ${hint}` });
  }
}

/** The child names of a node (a multiRead getChildren carries no stat). */
export interface ChildNames {
  readonly children: string[];
}

/** One read's outcome: its value, or the error of that read alone (NONODE, NOAUTH…). */
export type ReadOutcome =
  | { readonly ok: true; readonly op: 'get'; readonly value: DataResult }
  | { readonly ok: true; readonly op: 'children'; readonly value: ChildNames }
  | { readonly ok: true; readonly op: 'getAcl'; readonly value: { readonly acl: ZkAcl[]; readonly stat: ZkStat } }
  | { readonly ok: false; readonly op: ReadKind; readonly error: ZkError };

export interface ReadBatchLimits {
  /** Most reads in one multiRead request. */
  readonly maxOps: number;
  /** Most expected reply bytes of one multiRead request: well under jute.maxbuffer (1 MB). */
  readonly maxReplyBytes: number;
  /** Most request bytes of one multiRead request (its paths). */
  readonly maxRequestBytes: number;
  /** Reply bytes assumed for a read whose size nothing told (no dataLength / numChildren). */
  readonly unknownBytes: number;
}

/**
 * 256 reads per request is where the gain flattens (measured: 100k getData+getChildren pairs in
 * 0.46 s at 256 per request against 5.4 s as single requests). 512 KB keeps replies at half of
 * what a Java client would even accept; 64 KB for an unknown size means at most 8 unknown values
 * per request, so even values of 1 MB each make an 8 MB reply, which that small server survived.
 */
export const DEFAULT_READ_LIMITS: ReadBatchLimits = {
  maxOps: 256,
  maxReplyBytes: 512 * 1024,
  maxRequestBytes: 256 * 1024,
  unknownBytes: 64 * 1024,
};

/** Bytes of a MultiHeader (type, done, err) in front of every op and at the end. */
const MULTI_HEADER = 9;
/** A Stat record on the wire: six longs and five ints. */
const STAT_BYTES = 68;
/** Guessed bytes per child name (a length prefix plus the name) when only the count is known. */
const CHILD_NAME_GUESS = 4 + 60;

/** The reply bytes one read adds to a multiRead reply (an estimate when sizes are unknown). */
export function expectedReplyBytes(op: ReadOp, limits: ReadBatchLimits): number {
  switch (op.op) {
    case 'get':
      return op.dataLength === undefined ? limits.unknownBytes : MULTI_HEADER + 4 + Math.max(0, op.dataLength) + STAT_BYTES;
    case 'children':
      return op.numChildren === undefined ? limits.unknownBytes : MULTI_HEADER + 4 + Math.max(0, op.numChildren) * CHILD_NAME_GUESS;
    case 'getAcl':
      return 0;
  }
}

/** The request bytes one read adds to a multiRead request: header, path (with chroot), watch flag. */
export function requestBytes(op: ReadOp, chroot: string | undefined): number {
  return MULTI_HEADER + 4 + Buffer.byteLength(op.path, 'utf8') + (chroot ? Buffer.byteLength(chroot, 'utf8') : 0) + 1;
}

/** A request to send: several reads in one multiRead, or one read on its own. */
export type ReadGroup =
  { readonly kind: 'multi'; readonly indexes: readonly number[] } | { readonly kind: 'single'; readonly index: number };

/**
 * Packs `ops` into requests, keeping their order within each multiRead: getAcl always alone,
 * everything alone when `multi` is false (a server without multiRead), a read whose expected
 * reply alone is over budget alone (one big value costs the same either way), the rest greedily
 * into multiReads bounded by count, expected reply bytes and request bytes.
 */
export function planReads(ops: readonly ReadOp[], limits: ReadBatchLimits, multi: boolean, chroot: string | undefined): ReadGroup[] {
  const groups: ReadGroup[] = [];
  let current: number[] = [];
  let replyBytes = 0;
  let reqBytes = 0;
  const close = (): void => {
    if (current.length) groups.push({ kind: 'multi', indexes: current });
    current = [];
    replyBytes = 0;
    reqBytes = 0;
  };
  ops.forEach((op, index) => {
    const reply = expectedReplyBytes(op, limits);
    const request = requestBytes(op, chroot);
    if (!multi || op.op === 'getAcl' || reply > limits.maxReplyBytes || request > limits.maxRequestBytes) {
      groups.push({ kind: 'single', index });
      return;
    }
    if (current.length >= limits.maxOps || replyBytes + reply > limits.maxReplyBytes || reqBytes + request > limits.maxRequestBytes)
      close();
    current.push(index);
    replyBytes += reply;
    reqBytes += request;
  });
  close();
  return groups;
}
