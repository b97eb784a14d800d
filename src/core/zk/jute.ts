/**
 * ZooKeeper's wire encoding (jute): big-endian ints and longs, length-prefixed buffers and UTF-8
 * strings with -1 for null, and the ACL and Stat records. Our own codec so that every request we
 * send and every reply we read is typed, 64-bit fields are bigints, and a malformed reply is a
 * thrown JuteError we can turn into MARSHALLINGERROR instead of a crash in a socket handler.
 */
import type { ZkAcl } from './acl';
import type { RawStat } from './stat';

export class JuteError extends Error {
  override readonly name = 'JuteError';
}

/** Appends jute fields to a growing buffer. */
export class JuteWriter {
  private buf = Buffer.allocUnsafe(256);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  int(v: number): this {
    this.room(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
    return this;
  }

  long(v: bigint): this {
    this.room(8);
    this.buf.writeBigInt64BE(BigInt.asIntN(64, v), this.at);
    this.at += 8;
    return this;
  }

  bool(v: boolean): this {
    this.room(1);
    this.buf[this.at] = v ? 1 : 0;
    this.at += 1;
    return this;
  }

  buffer(v: Buffer | null): this {
    if (v === null) return this.int(-1);
    this.int(v.length);
    this.room(v.length);
    v.copy(this.buf, this.at);
    this.at += v.length;
    return this;
  }

  ustring(v: string | null): this {
    return this.buffer(v === null ? null : Buffer.from(v, 'utf8'));
  }

  acls(list: readonly ZkAcl[]): this {
    this.int(list.length);
    for (const acl of list) this.int(acl.perms).ustring(acl.scheme).ustring(acl.id);
    return this;
  }

  /** The bytes written so far (a copy-free view). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** Reads jute fields from a reply body; every read is bounds-checked. */
export class JuteReader {
  private at = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.at;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.at + n > this.buf.length) {
      throw new JuteError(`reply too short reading ${what}: need ${n} bytes at ${this.at} of ${this.buf.length}`);
    }
  }

  int(): number {
    this.need(4, 'int');
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }

  long(): bigint {
    this.need(8, 'long');
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }

  bool(): boolean {
    this.need(1, 'boolean');
    return this.buf[this.at++] !== 0;
  }

  buffer(): Buffer | null {
    const len = this.int();
    if (len === -1) return null;
    this.need(len, 'buffer');
    const v = Buffer.from(this.buf.subarray(this.at, this.at + len));
    this.at += len;
    return v;
  }

  ustring(): string | null {
    const len = this.int();
    if (len === -1) return null;
    this.need(len, 'string');
    const v = this.buf.toString('utf8', this.at, this.at + len);
    this.at += len;
    return v;
  }

  /** A vector; -1 (null) reads as an empty list. */
  vector<T>(read: (r: JuteReader) => T): T[] {
    const len = this.int();
    if (len === -1) return [];
    // Each element takes at least one byte: a cheap guard against absurd counts.
    this.need(Math.min(len, this.remaining + 1), 'vector');
    const out: T[] = [];
    for (let i = 0; i < len; i++) out.push(read(this));
    return out;
  }

  acls(): ZkAcl[] {
    return this.vector((r) => {
      const perms = r.int();
      return { perms, scheme: r.ustring() ?? '', id: r.ustring() ?? '' };
    });
  }

  stat(): RawStat {
    return {
      czxid: this.long(),
      mzxid: this.long(),
      ctime: this.long(),
      mtime: this.long(),
      version: this.int(),
      cversion: this.int(),
      aversion: this.int(),
      ephemeralOwner: this.long(),
      dataLength: this.int(),
      numChildren: this.int(),
      pzxid: this.long(),
    };
  }
}
