import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freePorts } from '../../src/core/testbed/ports';
import { Testbed } from '../../src/core/testbed/testbed';
import { OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE, digestAcl, digestId } from '../../src/core/zk/acl';
import type { ZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import type { WatchEvent } from '../../src/core/zk/watches';
import { rejectsWith, tally } from '../support/sessions';
import { sleep } from '../support/wait';

describe('ZkSession operations on a real 3-member ensemble', () => {
  let bed: Testbed;
  let s: ZkSession;
  const others: ZkSession[] = [];
  const open = async (connect: string, options: Parameters<typeof ZkSession.connect>[1] = {}): Promise<ZkSession> => {
    const session = await ZkSession.connect(connect, { sessionTimeoutMs: 10_000, ...options });
    others.push(session);
    return session;
  };

  before(async () => {
    bed = await Testbed.start({ size: 3, adminServer: false, superPassword: 'su', extraConfig: { extendedTypesEnabled: 'true' } });
    s = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 10_000 });
  });

  after(async () => {
    await Promise.all(others.map((o) => o.close()));
    await s?.close();
    await bed?.close();
  });

  test('connect refuses a bad connect string and gives up on silence within its bound', async () => {
    await rejectsWith(ZkSession.connect('127.0.0.1:99999'), 'BADARGUMENTS', /connect string.*port/);
    await rejectsWith(ZkSession.connect(''), 'BADARGUMENTS', /empty connect string/);
    await rejectsWith(ZkSession.connect(bed.connectString, { auth: [{ scheme: 'nosuchscheme', auth: 'x' }] }), 'AUTHFAILED');
    const [port] = await freePorts(1);
    const started = Date.now();
    await rejectsWith(
      ZkSession.connect(`127.0.0.1:${port}`, { connectTimeoutMs: 1500 }),
      'CONNECTIONLOSS',
      new RegExp(`no ZooKeeper server answered within 1500 ms \\(tried 127.0.0.1:${port}\\)`),
    );
    assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms`);
  });

  test('create, get, exists, set and delete with versions and decoded stats', async () => {
    const before = Date.now();
    assert.equal(await s.create('/ops', Buffer.from('v0')), '/ops');
    const got = await s.get('/ops');
    assert.equal(got.data.toString(), 'v0');
    assert.equal(got.stat.version, 0);
    assert.equal(typeof got.stat.mzxid.value, 'bigint');
    assert.match(got.stat.mzxid.hex, /^0x[0-9a-f]+$/);
    assert.ok(got.stat.ctime instanceof Date && Math.abs(got.stat.ctime.getTime() - before) < 60_000);
    assert.equal(got.stat.kind, 'persistent');
    const stat = await s.set('/ops', Buffer.from('v1'), 0);
    assert.equal(stat.version, 1);
    assert.ok(stat.mzxid.value > got.stat.mzxid.value);
    await rejectsWith(s.set('/ops', Buffer.from('x'), 0), 'BADVERSION');
    await rejectsWith(s.set('/ops', Buffer.from('x'), 1.5), 'BADARGUMENTS', /version/);
    await rejectsWith(s.create('/ops'), 'NODEEXISTS');
    await rejectsWith(s.get('/missing'), 'NONODE');
    await rejectsWith(s.create('/missing/child'), 'NONODE');
    await rejectsWith(s.get('no-slash'), 'BADARGUMENTS', /start with/);
    assert.equal(await s.exists('/missing'), null);
    assert.equal((await s.exists('/ops'))?.dataLength, 2);
    await s.create('/ops/child');
    await rejectsWith(s.delete('/ops', -1), 'NOTEMPTY');
    await s.delete('/ops/child', 0);
    await rejectsWith(s.delete('/ops', 0), 'BADVERSION');
    await s.delete('/ops', 1);
    assert.equal(await s.exists('/ops'), null);
  });

  test("every create mode, children with stat and this session's ephemerals", async () => {
    await s.create('/modes');
    const seq = await s.create('/modes/seq-', undefined, { mode: 'persistent-sequential' });
    assert.match(seq, /^\/modes\/seq-\d{10}$/);
    const eph = await s.create('/modes/eph', Buffer.from('e'), { mode: 'ephemeral' });
    const ephSeq = await s.create('/modes/eseq-', undefined, { mode: 'ephemeral-sequential' });
    assert.equal(await s.create('/modes/box', undefined, { mode: 'container' }), '/modes/box');
    assert.equal(await s.create('/modes/ttl', undefined, { mode: 'ttl', ttlMs: 60_000 }), '/modes/ttl');
    await rejectsWith(s.create('/modes/ttl2', undefined, { mode: 'ttl' }), 'BADARGUMENTS', /ttlMs/);
    const ephStat = await s.exists(eph);
    assert.equal(ephStat?.kind, 'ephemeral');
    assert.equal(ephStat?.ephemeralOwner, s.sessionId);
    const listing = await s.children('/modes');
    assert.deepEqual(
      [...listing.children].sort(),
      ['box', 'eph', ephSeq.slice('/modes/'.length), seq.slice('/modes/'.length), 'ttl'].sort(),
    );
    assert.equal(listing.stat.numChildren, 5);
    await rejectsWith(s.children('/nowhere'), 'NONODE');
    assert.deepEqual((await s.getEphemerals('/modes')).sort(), [eph, ephSeq].sort());
    const other = await open(bed.connectString);
    assert.deepEqual(await other.getEphemerals('/modes'), []);
  });

  test('ACLs: digest auth, NOAUTH, getAcl/setAcl with versions, super user', async () => {
    await s.create('/secret', Buffer.from('s'), { acl: [digestAcl('alice', 'pw', Perms.ALL)] });
    const anonymous = await open(bed.connectString);
    await rejectsWith(anonymous.get('/secret'), 'NOAUTH');
    await anonymous.addAuth('digest', 'alice:pw');
    assert.equal((await anonymous.get('/secret')).data.toString(), 's');
    const alice = await open(bed.connectString, { auth: [{ scheme: 'digest', auth: 'alice:pw' }] });
    const acl = await alice.getAcl('/secret');
    assert.deepEqual(acl.acl, [{ perms: Perms.ALL, scheme: 'digest', id: digestId('alice', 'pw') }]);
    const stat = await alice.setAcl('/secret', [...acl.acl, ...READ_ACL_UNSAFE], acl.stat.aversion);
    assert.equal(stat.aversion, acl.stat.aversion + 1);
    await rejectsWith(alice.setAcl('/secret', OPEN_ACL_UNSAFE, 0), 'BADVERSION');
    await rejectsWith(alice.setAcl('/secret', [], -1), 'INVALIDACL');
    assert.equal((await s.get('/secret')).data.toString(), 's', 'world may read now');
    await rejectsWith(s.set('/secret', Buffer.from('x'), -1), 'NOAUTH');
    const superUser = await open(bed.connectString, { auth: [bed.superAuth!] });
    await superUser.set('/secret', Buffer.from('by super'), -1);
  });

  test('multi commits atomically or reports a typed error per op', async () => {
    const ok = await s.multi([
      { op: 'create', path: '/tx' },
      { op: 'create', path: '/tx/a', data: Buffer.from('a') },
      { op: 'set', path: '/tx/a', data: Buffer.from('b'), version: 0 },
      { op: 'check', path: '/tx', version: 0 },
    ]);
    assert.equal(ok.committed, true);
    assert.deepEqual(
      ok.results.map((r) => r.op),
      ['create', 'create', 'set', 'check'],
    );
    assert.equal(ok.results[1]?.op === 'create' && ok.results[1].path, '/tx/a');
    assert.equal(ok.results[2]?.op === 'set' && ok.results[2].stat.version, 1);
    const failed = await s.multi([
      { op: 'create', path: '/tx/b' },
      { op: 'check', path: '/tx/a', version: 0 },
      { op: 'delete', path: '/tx/a', version: -1 },
    ]);
    assert.equal(failed.committed, false);
    assert.equal(failed.error?.name, 'BADVERSION');
    assert.equal(failed.error?.path, '/tx/a');
    assert.deepEqual(
      failed.results.map((r) => (r.op === 'error' ? (r.error?.name ?? 'OK') : r.op)),
      ['OK', 'BADVERSION', 'RUNTIMEINCONSISTENCY'],
    );
    assert.equal(await s.exists('/tx/b'), null, 'nothing of a failed multi is applied');
    assert.ok(await s.exists('/tx/a'));
  });

  test('sync makes a member catch up before a read', async () => {
    const writer = await open(bed.connectString);
    const readers = await Promise.all(bed.members.map((m) => open(`127.0.0.1:${m.ports.client}`)));
    await writer.create('/synced', Buffer.from('fresh'));
    for (const reader of readers) {
      await reader.sync('/synced');
      assert.equal((await reader.get('/synced')).data.toString(), 'fresh');
    }
  });

  test('watches fire once with typed events; a throwing watcher only warns', async () => {
    await s.create('/w');
    const events: WatchEvent[] = [];
    await s.get('/w', (e) => events.push(e));
    await s.children('/w', (e) => events.push(e));
    assert.equal(await s.exists('/w/new', (e) => events.push(e)), null);
    const warnings: string[] = [];
    const dispose = s.onWarning((w) => warnings.push(w));
    await s.exists('/w', () => {
      throw new Error('watcher bug');
    });
    const other = await open(bed.connectString);
    await other.set('/w', Buffer.from('1'), -1);
    await other.set('/w', Buffer.from('2'), -1);
    await other.create('/w/new');
    for (let i = 0; i < 100 && events.length < 3; i++) await sleep(20);
    dispose();
    assert.deepEqual(events.map((e) => `${e.type} ${e.path}`).sort(), ['childrenChanged /w', 'created /w/new', 'dataChanged /w']);
    assert.ok(
      warnings.some((w) => /watcher bug/.test(w)),
      warnings.join('; '),
    );
  });

  test('a chroot is applied to requests, replies, ephemerals, multi and watches', async () => {
    await s.create('/app');
    const rooted = await open(`${bed.connectString}/app`);
    assert.equal(rooted.chroot, '/app');
    assert.equal(await rooted.create('/x', Buffer.from('in chroot')), '/x');
    assert.equal((await s.get('/app/x')).data.toString(), 'in chroot');
    const q = await rooted.create('/q-', undefined, { mode: 'ephemeral-sequential' });
    assert.match(q, /^\/q-\d{10}$/);
    assert.deepEqual((await rooted.children('/')).children.sort(), [q.slice(1), 'x'].sort());
    const multi = await rooted.multi([{ op: 'create', path: '/y' }]);
    assert.deepEqual(multi.results, [{ op: 'create', path: '/y' }]);
    assert.deepEqual(await rooted.getEphemerals(), [q]);
    const seen: WatchEvent[] = [];
    await rooted.get('/x', (e) => seen.push(e));
    await s.set('/app/x', Buffer.from('changed'), -1);
    for (let i = 0; i < 100 && seen.length === 0; i++) await sleep(20);
    assert.deepEqual(seen, [{ type: 'dataChanged', path: '/x' }]);
  });

  test('cancelled calls are never sent; timeouts and limits fail with typed errors', async () => {
    const controller = new AbortController();
    const pending = s.create('/cancelled', undefined, {}, { signal: controller.signal });
    controller.abort();
    const cancelled = await rejectsWith(pending, 'CANCELLED', /not sent/);
    assert.equal(cancelled.mayHaveApplied, false);
    assert.equal(await s.exists('/cancelled'), null);
    await rejectsWith(s.create('/late', undefined, {}, { timeoutMs: 0 }), 'OPERATIONTIMEOUT', /not sent/);
    assert.equal(await s.exists('/late'), null);
    const tight = await open(bed.connectString, { maxInFlight: 1, maxWaiting: 2 });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        tight.get('/').then(
          () => ({ ok: true }),
          (error: ZkError) => ({ ok: false, error }),
        ),
      ),
    );
    assert.deepEqual(tally(outcomes), { ok: 3, THROTTLEDOP: 7 });
  });

  test('bulk work keeps at most `concurrency` requests in flight', async () => {
    await s.create('/bulk');
    let peak = 0;
    const outcomes = await s.bulk(
      Array.from({ length: 2000 }, (_, i) => i),
      async (i) => {
        peak = Math.max(peak, s.load.inFlight);
        return s.create(`/bulk/n${i}`);
      },
      { concurrency: 200 },
    );
    assert.deepEqual(tally(outcomes), { ok: 2000 });
    assert.ok(peak <= 200, `peak ${peak}`);
    assert.equal((await s.children('/bulk')).stat.numChildren, 2000);
  });

  test('requests over jute.maxbuffer are refused locally; read-only sessions refuse writes', async () => {
    await rejectsWith(s.create('/huge', Buffer.alloc(1024 * 1024)), 'MARSHALLINGERROR', /jute\.maxbuffer.*1 MB/);
    assert.equal(s.state, 'connected');
    assert.ok(await s.exists('/'));
    const reader = await open(bed.connectString, { readOnly: true });
    await rejectsWith(reader.create('/ro'), 'NOTREADONLY', /read-only/);
    assert.ok(await reader.exists('/'));
    await rejectsWith(s.reconfig({ leaving: [3] }), 'RECONFIGDISABLED', /reconfigEnabled/);
  });

  test('close releases the session; later calls fail fast', async () => {
    const short = await open(bed.connectString);
    const states: string[] = [];
    short.onState((c) => states.push(c.state));
    await short.create('/short-lived', undefined, { mode: 'ephemeral' });
    await short.close();
    await short.close();
    assert.equal(short.state, 'closed');
    assert.deepEqual(states, ['closed']);
    await rejectsWith(short.get('/'), 'CONNECTIONLOSS', /closed/);
    assert.equal(await s.exists('/short-lived'), null, 'closing ended the session and its ephemerals');
  });
});
