import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawStat, classifyOwner, decodeStat, formatSessionId, zxid } from '../../src/core/zk/stat';

const raw = (over: Partial<RawStat>): RawStat => ({
  czxid: 0x100000002n,
  mzxid: 0x100000005n,
  ctime: 1_700_000_000_123n,
  mtime: 1_700_000_100_456n,
  version: 3,
  cversion: 1,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 12,
  numChildren: 2,
  pzxid: 0x100000007n,
  ...over,
});

test('zxids decode to bigint, hex, epoch and counter', () => {
  const z = zxid(0x300000010n);
  assert.equal(z.value, 0x300000010n);
  assert.equal(z.hex, '0x300000010');
  assert.equal(z.epoch, 3);
  assert.equal(z.counter, 16);
  // Negative jute longs are unsigned zxids.
  assert.equal(zxid(-1n).hex, '0xffffffffffffffff');
});

test('times become Dates and counters stay numbers', () => {
  const s = decodeStat(raw({}));
  assert.equal(s.ctime.getTime(), 1_700_000_000_123);
  assert.equal(s.mtime.toISOString(), new Date(1_700_000_100_456).toISOString());
  assert.equal(s.mzxid.hex, '0x100000005');
  assert.equal(s.pzxid.value, 0x100000007n);
  assert.deepEqual([s.version, s.cversion, s.aversion, s.dataLength, s.numChildren], [3, 1, 0, 12, 2]);
  assert.equal(s.kind, 'persistent');
  assert.equal(s.ephemeralOwner, undefined);
});

test('an ephemeral owner reads as a session id', () => {
  const s = decodeStat(raw({ ephemeralOwner: 0x100000f301e0000n }));
  assert.equal(s.kind, 'ephemeral');
  assert.equal(s.ephemeralOwner, '0x100000f301e0000');
  assert.equal(formatSessionId(0x2000010760a0000n), '0x2000010760a0000');
});

test('container and TTL markers are recognised (servers before 3.6 expose them)', () => {
  assert.deepEqual(classifyOwner(-(2n ** 63n)), { kind: 'container', owner: undefined, ttlMs: undefined });
  const ttl = classifyOwner(BigInt.asIntN(64, 0xff00000000000000n | 60_000n));
  assert.deepEqual(ttl, { kind: 'ttl', owner: undefined, ttlMs: 60_000 });
  // A session of server id 255 with reserved bits set is still a session.
  assert.equal(classifyOwner(BigInt.asIntN(64, 0xff01000000000001n)).kind, 'ephemeral');
});
