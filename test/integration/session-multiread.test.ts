/**
 * ZkSession.readMany against real 3.8.0 servers: per-read outcomes from multiRead (existing and
 * missing nodes, NOAUTH on one read, a big value), the same answers with multiRead off, far fewer
 * requests than reads (counted by the server), a chroot, cancel and timeout, and a member killed
 * while multiReads are in flight.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendFourLetterWord } from '../../src/core/ensemble/fourLetterWord';
import { Testbed } from '../../src/core/testbed/testbed';
import { Perms, digestAcl } from '../../src/core/zk/acl';
import { isZkError } from '../../src/core/zk/errors';
import { ReadOp, ReadOutcome, ZkSession } from '../../src/core/zk/session';
import { connectedMember } from '../support/sessions';
import { createChildren } from '../support/znodes';

/** Requests the member the session is connected to has received so far (srvr's counter). */
async function received(bed: Testbed, session: ZkSession): Promise<number> {
  const member = connectedMember(bed, session);
  const reply = await sendFourLetterWord('127.0.0.1', member.ports.client, 'srvr', { timeoutMs: 5000 });
  assert.ok(reply.ok, 'srvr answered');
  const count = /Received: (\d+)/.exec(reply.text)?.[1];
  assert.ok(count, reply.text);
  return Number(count);
}

/** A comparable form of an outcome: data as text, children sorted, errors by name. */
function shape(o: ReadOutcome): string {
  if (!o.ok) return `${o.op}:${o.error.name}`;
  if (o.op === 'get')
    return `get:${o.value.data.length > 64 ? `${o.value.data.length} bytes` : o.value.data.toString('utf8')}:v${o.value.stat.version}`;
  if (o.op === 'children') return `children:${[...o.value.children].sort().join(',')}`;
  return `getAcl:${o.value.acl.map((a) => `${a.scheme}:${a.perms}`).join(',')}`;
}

describe('ZkSession.readMany (multiRead) on a real 3-member ensemble', () => {
  let bed: Testbed;
  let s: ZkSession;
  let single: ZkSession;
  const big = Buffer.alloc(1_000_000, 0x61);

  before(async () => {
    bed = await Testbed.start({ size: 3, adminServer: false });
    s = await ZkSession.connect(bed.connectString);
    single = await ZkSession.connect(bed.connectString, { multiRead: false });
    await s.create('/mr', Buffer.from('root'));
    await s.create('/mr/a', Buffer.from('alpha'));
    await s.create('/mr/a/x');
    await s.create('/mr/big', big);
    await s.create('/mr/secret', Buffer.from('hidden'), {
      acl: [digestAcl('carol', 'pw'), { scheme: 'world', id: 'anyone', perms: Perms.ADMIN }],
    });
  });

  after(async () => {
    await s?.close();
    await single?.close();
    await bed?.close();
  });

  test('mixed reads: each has its own outcome, NOAUTH and NONODE fail only their own read', async () => {
    const ops: ReadOp[] = [
      { op: 'get', path: '/mr/a' },
      { op: 'children', path: '/mr' },
      { op: 'get', path: '/mr/missing' },
      { op: 'get', path: '/mr/secret' },
      { op: 'children', path: '/mr/secret' },
      { op: 'getAcl', path: '/mr/secret' },
      { op: 'get', path: '/mr/big' },
      { op: 'children', path: '/mr/missing/deeper' },
      { op: 'getAcl', path: '/mr/missing' },
      { op: 'get', path: '/' },
    ];
    const out = await s.readMany(ops);
    assert.equal(s.multiReadSupported, true);
    assert.deepEqual(out.map(shape), [
      'get:alpha:v0',
      'children:a,big,secret',
      'get:NONODE',
      'get:NOAUTH',
      'children:NOAUTH',
      'getAcl:digest:31,world:16',
      'get:1000000 bytes:v0',
      'children:NONODE',
      'getAcl:NONODE',
      'get::v0',
    ]);
    const noauth = out[3];
    assert.ok(noauth && !noauth.ok && noauth.error.path === '/mr/secret' && noauth.error.op === 'get');
    const got = out[6];
    assert.ok(got?.ok && got.op === 'get' && got.value.data.equals(big) && got.value.stat.dataLength === big.length);
    // The same reads one by one give the same answers.
    assert.deepEqual((await single.readMany(ops)).map(shape), out.map(shape));
    assert.equal(single.multiReadSupported, false);
    await assert.rejects(s.readMany([{ op: 'get', path: 'relative' }]), (e: unknown) => isZkError(e, 'BADARGUMENTS'));
    assert.deepEqual(await s.readMany([]), []);
  });

  test('hundreds of reads travel in a handful of requests, big values stay within the reply budget', async () => {
    const names = Array.from({ length: 600 }, (_, i) => `n${i}`);
    await createChildren(s, '/mr/many', names, (n) => Buffer.from(`value ${n}`));
    const ops: ReadOp[] = names.flatMap((n): ReadOp[] => [
      { op: 'get', path: `/mr/many/${n}`, dataLength: 12 },
      { op: 'children', path: `/mr/many/${n}`, numChildren: 0 },
    ]);
    const before = await received(bed, s);
    const out = await s.readMany(ops);
    const requests = (await received(bed, s)) - before;
    assert.ok(out.every((o) => o.ok));
    assert.equal(shape(out[0]!), 'get:value n0:v0');
    // 1200 reads in ceil(1200 / 256) = 5 multiReads, plus the srvr probe and maybe a ping.
    assert.ok(requests <= 8, `${requests} requests for 1200 reads`);
    // Twelve values of 900 KB: with their sizes known each goes alone; unknown, 8 share a request.
    const bigNames = Array.from({ length: 12 }, (_, i) => `b${i}`);
    await createChildren(s, '/mr/bigs', bigNames, () => Buffer.alloc(900_000, 0x62));
    const known = await s.readMany(
      bigNames.map((n) => ({ op: 'get', path: `/mr/bigs/${n}`, dataLength: 900_000 })),
      { timeoutMs: 30_000 },
    );
    const unknown = await s.readMany(
      bigNames.map((n) => ({ op: 'get', path: `/mr/bigs/${n}` })),
      { timeoutMs: 30_000 },
    );
    for (const o of [...known, ...unknown]) assert.ok(o.ok && o.op === 'get' && o.value.data.length === 900_000);
    assert.equal((await s.exists('/mr/bigs'))?.numChildren, 12, 'the server is still serving');
  });

  test("through a chroot, paths are the chroot's", async () => {
    const chrooted = await ZkSession.connect(`${bed.connectString}/mr`);
    try {
      const out = await chrooted.readMany([
        { op: 'get', path: '/a' },
        { op: 'children', path: '/' },
        { op: 'get', path: '/nope' },
      ]);
      assert.deepEqual(
        out.map(shape).map((x) => x.replace(/big,|many,|bigs,/g, '')),
        ['get:alpha:v0', 'children:a,secret', 'get:NONODE'],
      );
      const missing = out[2];
      assert.ok(missing && !missing.ok && missing.error.path === '/nope');
    } finally {
      await chrooted.close();
    }
  });

  test('cancel and timeout end every read of the call with a typed error', async () => {
    const ops: ReadOp[] = [
      { op: 'get', path: '/mr/a' },
      { op: 'getAcl', path: '/mr/a' },
    ];
    const controller = new AbortController();
    controller.abort();
    const cancelled = await s.readMany(ops, { signal: controller.signal });
    assert.deepEqual(cancelled.map(shape), ['get:CANCELLED', 'getAcl:CANCELLED']);
    const timedOut = await s.readMany(ops, { timeoutMs: 0 });
    assert.deepEqual(timedOut.map(shape), ['get:OPERATIONTIMEOUT', 'getAcl:OPERATIONTIMEOUT']);
  });

  test('a member killed under a stream of multiReads: every read still answers, from the next member', async () => {
    const names = Array.from({ length: 4000 }, (_, i) => `k${i}`);
    await createChildren(s, '/mr/kill', names, (n) => Buffer.from(n));
    const victim = connectedMember(bed, s);
    // Unknown sizes: 8 reads per request, so hundreds of multiReads are in flight at the kill.
    let done = false;
    let lostWhileReading = false;
    const stop = s.onState((c) => {
      if (c.state === 'disconnected' && !done) lostWhileReading = true;
    });
    const reading = s.readMany(
      names.map((n) => ({ op: 'get', path: `/mr/kill/${n}` })),
      { timeoutMs: 20_000 },
    );
    await bed.kill(victim.id);
    const out = await reading.finally(() => {
      done = true;
      stop();
    });
    assert.ok(lostWhileReading, 'the connection was lost while the reads were in flight');
    const failed = out.filter((o) => !o.ok).map(shape);
    assert.deepEqual(failed, [], `failed reads: ${failed.slice(0, 5).join(' ')}`);
    assert.ok(out.every((o, i) => o.ok && o.op === 'get' && o.value.data.toString() === names[i]));
    assert.notEqual(connectedMember(bed, s).id, victim.id);
    bed.startMember(victim.id);
  });
});
