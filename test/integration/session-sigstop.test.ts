import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { ZkSession } from '../../src/core/zk/session';
import { connectStringOf, connectedMember, rejectsWith, settle, tally } from '../support/sessions';
import { sleep } from '../support/wait';

/**
 * A SIGSTOPped member accepts TCP and never answers: the hung-server case node-zookeeper-client
 * alone never notices. Session timeout 10 s, so the watchdog bound is 3.33 s.
 */
describe('ZkSession when a member hangs (SIGSTOP)', () => {
  let bed: Testbed;
  const sessions: ZkSession[] = [];
  const open = async (connect: string): Promise<ZkSession> => {
    const s = await ZkSession.connect(connect, { sessionTimeoutMs: 10_000 });
    sessions.push(s);
    return s;
  };

  before(async () => {
    bed = await Testbed.start({ size: 3, adminServer: false });
  });

  afterEach(async () => {
    for (const m of bed.members) if (m.paused) bed.resume(m.id);
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    await bed.waitForLeader(30_000);
  });

  after(async () => {
    await bed?.close();
  });

  test('connected follower: calls fail over within the watchdog bound, same session', async () => {
    const leader = await bed.leaderId();
    const followers = bed.members.filter((m) => m.id !== leader);
    const s = await open(connectStringOf(followers));
    await s.create('/stop', Buffer.from('x'));
    const victim = connectedMember(bed, s);
    const sessionId = s.sessionId;
    const bound = s.watchdogBoundMs;
    assert.equal(bound, 3333);
    let reconnectedAt = 0;
    let reason = '';
    s.onState((c) => {
      if (c.state === 'disconnected') reason = c.reason ?? '';
      if (c.state === 'connected') reconnectedAt = Date.now();
    });
    bed.pause(victim.id);
    const pausedAt = Date.now();
    const calls = [
      ...Array.from({ length: 50 }, () => settle(() => s.get('/stop'))),
      ...Array.from({ length: 50 }, (_, i) => settle(() => s.create(`/stop/w${i}`))),
    ];
    const outcomes = await Promise.all(calls);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    const failoverMs = reconnectedAt - pausedAt;
    assert.ok(reconnectedAt > 0, 'reconnected');
    assert.ok(failoverMs >= bound - 100 && failoverMs < bound + 2000, `failover ${failoverMs} ms`);
    assert.ok(slowest < bound + 3000, `slowest call took ${slowest} ms`);
    assert.match(reason, /no reply from the server for \d+ ms \(watchdog bound 3333 ms\)/);
    assert.equal(s.sessionId, sessionId, 'the session survived');
    assert.notEqual(connectedMember(bed, s).id, victim.id);
    const reads = outcomes.slice(0, 50);
    assert.deepEqual(tally(reads), { ok: 50 }, 'reads were resent after the failover');
    for (const w of outcomes.slice(50)) {
      if (!w.ok) assert.ok(w.error?.is('CONNECTIONLOSS') && w.error.mayHaveApplied === true, String(w.error));
    }
    await s.create('/stop/after');
  });

  test('a member that only accepts TCP fails connect within its bound', async () => {
    const victim = bed.members[0]!;
    bed.pause(victim.id);
    const started = Date.now();
    await rejectsWith(
      ZkSession.connect(`127.0.0.1:${victim.ports.client}`, { connectTimeoutMs: 2500, sessionTimeoutMs: 10_000 }),
      'CONNECTIONLOSS',
      /no ZooKeeper server answered within 2500 ms/,
    );
    const took = Date.now() - started;
    assert.ok(took < 4000, `connect gave up after ${took} ms`);
  });

  test('leader: writes time out or fail within their bound; the session lives on under the new leader', async () => {
    const s = await open(bed.connectString);
    await s.create('/lead', Buffer.from('x'));
    const sessionId = s.sessionId;
    const leader = (await bed.leaderId())!;
    // Pinned to a follower, which keeps answering pings while the writes it forwards hang.
    const pinned = await open(connectStringOf(bed.members.filter((m) => m.id !== leader).slice(0, 1)));
    bed.pause(leader);
    const pausedAt = Date.now();
    const stuck = await settle(() => pinned.set('/lead', Buffer.from('stuck'), -1, { timeoutMs: 2000 }));
    assert.equal(stuck.error?.name, 'OPERATIONTIMEOUT', String(stuck.error));
    assert.equal(stuck.error?.mayHaveApplied, true);
    assert.match(stuck.error?.message ?? '', /no reply within 2000 ms .*sent and may have been applied/);
    assert.ok(stuck.ms >= 1900 && stuck.ms < 3000, `timed out after ${stuck.ms} ms`);
    assert.equal(pinned.state, 'connected', 'the follower still answers, so the session stays put');
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => settle(() => s.set('/lead', Buffer.from(String(i)), -1, { timeoutMs: 4000 }))),
    );
    const slowest = Math.max(...writes.map((w) => w.ms));
    assert.ok(slowest < 4000 + 3500, `slowest write settled after ${slowest} ms`);
    for (const w of writes) if (!w.ok) assert.ok(w.error?.is('OPERATIONTIMEOUT') || w.error?.is('CONNECTIONLOSS'), String(w.error));
    let recoveredMs = -1;
    for (let i = 0; i < 60 && recoveredMs < 0; i++) {
      const attempt = await settle(() => s.set('/lead', Buffer.from('again'), -1, { timeoutMs: 3000 }));
      if (attempt.ok) recoveredMs = Date.now() - pausedAt;
      else await sleep(250);
    }
    assert.ok(recoveredMs > 0, 'writes work again once the followers elect a new leader');
    assert.equal(s.sessionId, sessionId, 'the new leader kept the session');
    assert.notEqual(connectedMember(bed, s).id, leader);
  });
});
