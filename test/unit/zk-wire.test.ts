import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isZkError } from '../../src/core/zk/errors';
import { JuteError, JuteReader, JuteWriter } from '../../src/core/zk/jute';
import { multiRequest } from '../../src/core/zk/multi';
import { MAX_TTL_MS, Requests, checkCreate } from '../../src/core/zk/requests';
import { OP, readReply } from '../../src/core/zk/wire';

test('jute values round-trip, nulls included', () => {
  const w = new JuteWriter()
    .int(-7)
    .long(-(2n ** 63n))
    .bool(true)
    .ustring('héllo')
    .ustring(null)
    .buffer(Buffer.from([1, 2]))
    .buffer(null);
  for (let i = 0; i < 100; i++) w.ustring('grow the buffer past its first 256 bytes');
  const r = new JuteReader(w.bytes());
  assert.equal(r.int(), -7);
  assert.equal(r.long(), -(2n ** 63n));
  assert.equal(r.bool(), true);
  assert.equal(r.ustring(), 'héllo');
  assert.equal(r.ustring(), null);
  assert.deepEqual(r.buffer(), Buffer.from([1, 2]));
  assert.equal(r.buffer(), null);
});

test('short replies throw JuteError instead of reading garbage', () => {
  const r = new JuteReader(Buffer.from([0, 0, 0, 9, 1]));
  assert.throws(() => r.ustring(), JuteError);
  assert.throws(() => new JuteReader(Buffer.from([0, 0, 0x7f, 0xff])).vector((v) => v.int()), JuteError);
});

test('requests carry the chroot and the xid the library assigns', () => {
  const req = new Requests('/app').getData('/x', true);
  req.header.xid = 42;
  const frame = req.toBuffer();
  const r = new JuteReader(frame);
  assert.equal(r.int(), frame.length - 4);
  assert.equal(r.int(), 42);
  assert.equal(r.int(), OP.GET_DATA);
  assert.equal(r.ustring(), '/app/x');
  assert.equal(r.bool(), true);
  assert.equal(req.size, frame.length - 4);
});

test('container and TTL creates use their own opcodes; TTL carries the ttl', () => {
  const acl = [{ perms: 31, scheme: 'world', id: 'anyone' }];
  assert.equal(new Requests(undefined).create('/c', Buffer.alloc(0), { mode: 'container', acl }).header.type, OP.CREATE_CONTAINER);
  const ttl = new Requests(undefined).create('/t', Buffer.alloc(0), { mode: 'ttl', acl, ttlMs: 5000 });
  assert.equal(ttl.header.type, OP.CREATE_TTL);
  const r = new JuteReader(ttl.toBuffer().subarray(12));
  assert.equal(r.ustring(), '/t');
  r.buffer();
  r.acls();
  assert.equal(r.int(), 5);
  assert.equal(r.long(), 5000n);
  assert.throws(
    () => checkCreate('/t', { mode: 'ttl', acl }),
    (e: unknown) => isZkError(e, 'BADARGUMENTS') && /ttlMs/.test(e.message),
  );
  assert.throws(() => checkCreate('/t', { mode: 'ttl', acl, ttlMs: MAX_TTL_MS + 1 }));
  assert.throws(() => checkCreate('/p', { mode: 'persistent', acl, ttlMs: 5 }), /only valid/);
});

test('multi keeps version 0 (the library turned it into -1) and validates every op', () => {
  const req = multiRequest([{ op: 'check', path: '/a', version: 0 }], undefined);
  const r = new JuteReader(req.toBuffer().subarray(12));
  assert.deepEqual([r.int(), r.bool(), r.int()], [OP.CHECK, false, -1]);
  assert.equal(r.ustring(), '/a');
  assert.equal(r.int(), 0);
  assert.deepEqual([r.int(), r.bool(), r.int()], [-1, true, -1]);
  assert.throws(() => multiRequest([], undefined), /at least one/);
  assert.throws(
    () => multiRequest([{ op: 'delete', path: 'bad', version: 0 }], undefined),
    (e: unknown) => isZkError(e, 'BADARGUMENTS'),
  );
  assert.throws(() => multiRequest([{ op: 'set', path: '/a', data: Buffer.alloc(0), version: 1.5 }], undefined), /version/);
});

test('reply headers decode with 64-bit zxids', () => {
  const frame = new JuteWriter().int(7).long(0x500000001n).int(-101).bytes();
  const reply = readReply(Buffer.from(frame));
  assert.deepEqual([reply.xid, reply.zxid, reply.err, reply.body.length], [7, 0x500000001n, -101, 0]);
});
