/**
 * A zxid is a 64-bit number: the leader epoch in the high 32 bits, a counter within the epoch in
 * the low 32. Counters of different epochs cannot be subtracted: a member on an older epoch is
 * behind by an unknown amount.
 */
export interface Zxid {
  readonly epoch: number;
  readonly counter: number;
}

/** Parses `0x…` as the probe reports it; null for anything else. */
export function parseZxid(text: string | null | undefined): Zxid | null {
  if (!text || !/^0x[0-9a-f]{1,16}$/i.test(text)) return null;
  const value = BigInt(text);
  return { epoch: Number(value >> 32n), counter: Number(value & 0xffffffffn) };
}

export interface ZxidLag {
  /** Transactions `member` has not applied yet (a lower bound when `olderEpoch`). */
  readonly lag: number;
  /** The member's last zxid is from an epoch before the leader's. */
  readonly olderEpoch: boolean;
}

/**
 * How far `member` is behind `leader`. Members are probed a few milliseconds apart, so a member
 * seen slightly ahead of the leader is simply in step (lag 0). A member whose last zxid is from
 * an older epoch has not applied any of the current epoch's transactions: the leader's counter
 * (0 right after an election, when nobody has written yet) is how many it misses at least.
 */
export function zxidLag(leader: Zxid, member: Zxid): ZxidLag {
  if (member.epoch === leader.epoch) return { lag: Math.max(0, leader.counter - member.counter), olderEpoch: false };
  if (member.epoch > leader.epoch) return { lag: 0, olderEpoch: false };
  return { lag: leader.counter, olderEpoch: true };
}
