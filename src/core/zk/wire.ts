/**
 * A request as it travels through node-zookeeper-client's queues. The library only reads
 * `header.type`, sets `header.xid`, calls `toBuffer()` and skips chroot handling when `payload`
 * is null, so a WireRequest can ride its packet and pending queues while the encoding, the chroot
 * and the decoding of the reply stay ours.
 */
import { JuteReader } from './jute';

/** ZooKeeper's opcodes (ZooDefs.OpCode) used here. */
export const OP = {
  CREATE: 1,
  DELETE: 2,
  EXISTS: 3,
  GET_DATA: 4,
  SET_DATA: 5,
  GET_ACL: 6,
  SET_ACL: 7,
  GET_CHILDREN: 8,
  SYNC: 9,
  PING: 11,
  GET_CHILDREN2: 12,
  CHECK: 13,
  MULTI: 14,
  CREATE2: 15,
  RECONFIG: 16,
  CREATE_CONTAINER: 19,
  CREATE_TTL: 21,
  MULTI_READ: 22,
  AUTH: 100,
  SET_WATCHES: 101,
  GET_EPHEMERALS: 103,
  CLOSE_SESSION: -11,
  ERROR: -1,
} as const;

/** Reserved xids of replies that answer no queued request. */
export const XID = { NOTIFICATION: -1, PING: -2, AUTH: -4, SET_WATCHES: -8 } as const;

/** A reply frame after the length prefix: header fields and the undecoded body. */
export interface Reply {
  readonly xid: number;
  readonly zxid: bigint;
  readonly err: number;
  readonly body: Buffer;
}

export interface RequestInfo {
  /** The operation's name in errors, e.g. `create`. */
  readonly op: string;
  readonly path?: string;
  /** Whether it changes state: refused on read-only connections, ambiguous on connection loss. */
  readonly write: boolean;
  /** Decode the body even when the header carries an error (multi puts per-op results there). */
  readonly decodeOnError?: boolean;
}

/** One encoded request and the decoder of its reply. */
export class WireRequest<T = unknown> {
  readonly header: { xid: number; readonly type: number };
  /** Always null: the library must not touch our chroot handling. */
  readonly payload = null;
  private readonly frame: Buffer;

  constructor(
    type: number,
    body: Buffer,
    readonly decode: (reader: JuteReader) => T,
    readonly info: RequestInfo,
    xid = 0,
  ) {
    this.header = { xid, type };
    this.frame = Buffer.allocUnsafe(12 + body.length);
    this.frame.writeInt32BE(8 + body.length, 0);
    this.frame.writeInt32BE(xid, 4);
    this.frame.writeInt32BE(type, 8);
    body.copy(this.frame, 12);
  }

  /** Bytes the server sees after the length prefix; jute.maxbuffer applies to this. */
  get size(): number {
    return this.frame.length - 4;
  }

  /** Called by the library right after it assigned the xid. */
  toBuffer(): Buffer {
    this.frame.writeInt32BE(this.header.xid, 4);
    return this.frame;
  }
}

/** Reads the reply header (xid, zxid, err) of a frame. */
export function readReply(frame: Buffer): Reply {
  const reader = new JuteReader(frame);
  const xid = reader.int();
  const zxid = reader.long();
  const err = reader.int();
  return { xid, zxid, err, body: frame.subarray(16) };
}
