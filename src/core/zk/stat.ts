/**
 * Znode stats as people read them: zxids as bigint and hex, times as Dates, the ephemeral owner
 * as a session id, and the node kind that ZooKeeper hides inside `ephemeralOwner`.
 */

/** A ZooKeeper transaction id: epoch in the high 32 bits, counter in the low 32. */
export interface Zxid {
  readonly value: bigint;
  /** `0x100000002`, as zkCli and the four-letter words print it. */
  readonly hex: string;
  readonly epoch: number;
  readonly counter: number;
}

export type NodeKind = 'persistent' | 'ephemeral' | 'container' | 'ttl';

export interface ZkStat {
  readonly czxid: Zxid;
  readonly mzxid: Zxid;
  readonly pzxid: Zxid;
  readonly ctime: Date;
  readonly mtime: Date;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  /** The owning session (`0x1000…`) of an ephemeral node, otherwise undefined. */
  readonly ephemeralOwner: string | undefined;
  /** The raw 64-bit field, for display and for callers that need the exact value. */
  readonly ephemeralOwnerRaw: bigint;
  /**
   * What the owner field encodes. ZooKeeper 3.6+ reports 0 to clients for container and TTL
   * nodes (DataTree.getClientEphemeralOwner), so those read as `persistent` there; only older
   * servers expose the container marker and TTL encoding decoded here.
   */
  readonly kind: NodeKind;
  /** For TTL nodes: the time to live in milliseconds. */
  readonly ttlMs: number | undefined;
  readonly dataLength: number;
  readonly numChildren: number;
}

/** EphemeralType.CONTAINER_EPHEMERAL_OWNER (Long.MIN_VALUE) as an unsigned 64-bit value. */
const CONTAINER_OWNER = 0x8000000000000000n;
/** Extended types (TTL) set the whole high byte; server ids are limited to 254 for that reason. */
const EXTENDED_MASK = 0xff00000000000000n;
const RESERVED_BITS = 0x00ffff0000000000n;
const TTL_VALUE_MASK = 0x000000ffffffffffn;

export function zxid(value: bigint): Zxid {
  const v = BigInt.asUintN(64, value);
  return { value: v, hex: `0x${v.toString(16)}`, epoch: Number(v >> 32n), counter: Number(v & 0xffffffffn) };
}

/** A session id as ZooKeeper prints it (`0x` + hex, no padding). */
export function formatSessionId(id: bigint): string {
  return `0x${BigInt.asUintN(64, id).toString(16)}`;
}

/** What `ephemeralOwner` encodes: plain session, container marker or TTL. */
export function classifyOwner(raw: bigint): { kind: NodeKind; owner: string | undefined; ttlMs: number | undefined } {
  const owner = BigInt.asUintN(64, raw);
  if (owner === 0n) return { kind: 'persistent', owner: undefined, ttlMs: undefined };
  if (owner === CONTAINER_OWNER) return { kind: 'container', owner: undefined, ttlMs: undefined };
  if ((owner & EXTENDED_MASK) === EXTENDED_MASK && (owner & RESERVED_BITS) === 0n) {
    return { kind: 'ttl', owner: undefined, ttlMs: Number(owner & TTL_VALUE_MASK) };
  }
  return { kind: 'ephemeral', owner: formatSessionId(owner), ttlMs: undefined };
}

/** The raw fields of a Stat record, in wire order, as the codec reads them. */
export interface RawStat {
  czxid: bigint;
  mzxid: bigint;
  ctime: bigint;
  mtime: bigint;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: bigint;
}

export function decodeStat(raw: RawStat): ZkStat {
  const owner = classifyOwner(raw.ephemeralOwner);
  return {
    czxid: zxid(raw.czxid),
    mzxid: zxid(raw.mzxid),
    pzxid: zxid(raw.pzxid),
    ctime: new Date(Number(raw.ctime)),
    mtime: new Date(Number(raw.mtime)),
    version: raw.version,
    cversion: raw.cversion,
    aversion: raw.aversion,
    ephemeralOwner: owner.owner,
    ephemeralOwnerRaw: BigInt.asUintN(64, raw.ephemeralOwner),
    kind: owner.kind,
    ttlMs: owner.ttlMs,
    dataLength: raw.dataLength,
    numChildren: raw.numChildren,
  };
}
