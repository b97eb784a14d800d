import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import type { ZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import type { WatchEvent } from '../../src/core/zk/watches';
import { connectedMember, tally } from '../support/sessions';
import { sleep } from '../support/wait';

describe('ZkSession when the connected member is killed (kill -9)', () => {
  let bed: Testbed;
  let s: ZkSession;
  let observer: ZkSession;

  before(async () => {
    bed = await Testbed.start({ size: 3, adminServer: false });
    s = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 10_000 });
    observer = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 10_000 });
  });

  after(async () => {
    await s?.close();
    await observer?.close();
    await bed?.close();
  });

  /**
   * A session on a member other than `victim`, so a write made while the victim is down cannot be
   * lost with it (the shared observer may sit on the victim: CONNECTIONLOSS, "may have applied").
   */
  const writerAwayFrom = async <T>(victim: { id: number }, write: (writer: ZkSession) => Promise<T>): Promise<T> => {
    const other = bed.members.find((m) => m.id !== victim.id && bed.isRunning(m.id))!;
    const writer = await ZkSession.connect(`127.0.0.1:${other.ports.client}`, { sessionTimeoutMs: 10_000 });
    try {
      return await write(writer);
    } finally {
      await writer.close();
    }
  };

  /** Restarts whatever was killed so the next test starts with three members. */
  const heal = async (): Promise<void> => {
    for (const m of bed.members) if (!bed.isRunning(m.id)) bed.startMember(m.id);
    await bed.waitForLeader(30_000);
  };

  test('mid-bulk: every create succeeds or fails typed; none lost, none hanging', async () => {
    await s.create('/bulk');
    const sessionId = s.sessionId;
    const victim = connectedMember(bed, s);
    let done = 0;
    const N = 5000;
    const run = s.bulk(
      Array.from({ length: N }, (_, i) => i),
      async (i) => {
        const path = await s.create(`/bulk/n${i}`);
        done++;
        return path;
      },
      { concurrency: 200 },
    );
    for (let i = 0; i < 2000 && done < 500; i++) await sleep(5);
    const killedAt = Date.now();
    await bed.kill(victim.id);
    await s.waitFor('connected', { timeoutMs: 10_000 });
    const failoverMs = Date.now() - killedAt;
    const outcomes = await run;
    const counts = tally(outcomes);
    assert.equal(outcomes.length, N, 'every item has an outcome');
    assert.equal(s.sessionId, sessionId, 'same session after the failover');
    assert.notEqual(connectedMember(bed, s).id, victim.id);
    assert.ok(failoverMs < 5000, `failover took ${failoverMs} ms`);
    const failures = outcomes.filter((o) => !o.ok);
    assert.ok(failures.length > 0 && failures.length <= 200, `${failures.length} failures (at most the 200 in flight)`);
    assert.deepEqual(Object.keys(counts).sort(), ['CONNECTIONLOSS', 'ok']);
    const present = new Set((await observer.children('/bulk')).children);
    for (const o of outcomes) {
      if (o.ok) assert.ok(present.has(`n${o.item}`), `n${o.item} reported created but missing`);
      else {
        assert.equal(o.error.mayHaveApplied, true, 'in-flight writes are ambiguous, and say so');
        assert.match(o.error.message, /may have been applied/);
      }
    }
    await heal();
  });

  test('reads in flight are resent on the next member; watches survive the reconnect', async () => {
    await s.create('/watched', Buffer.from('0'));
    const events: WatchEvent[] = [];
    await s.get('/watched', (e) => events.push(e));
    await s.children('/watched', (e) => events.push(e));
    const victim = connectedMember(bed, s);
    const reads = Array.from({ length: 300 }, () =>
      s.get('/watched').then(
        () => ({ ok: true }),
        (error: ZkError) => ({ ok: false, error }),
      ),
    );
    await bed.kill(victim.id);
    assert.deepEqual(tally(await Promise.all(reads)), { ok: 300 });
    await s.waitFor('connected', { timeoutMs: 10_000 });
    assert.notEqual(connectedMember(bed, s).id, victim.id);
    assert.equal(events.length, 0, 'no spurious events on reconnect');
    await writerAwayFrom(victim, async (writer) => {
      await writer.set('/watched', Buffer.from('1'), -1);
      await writer.create('/watched/kid');
    });
    for (let i = 0; i < 200 && events.length < 2; i++) await sleep(20);
    assert.deepEqual(events.map((e) => e.type).sort(), ['childrenChanged', 'dataChanged']);
    await heal();
  });

  test('a change made while disconnected still fires the watch (SetWatches replays from the last zxid)', async () => {
    await s.create('/missed', Buffer.from('0'));
    const events: WatchEvent[] = [];
    await s.get('/missed', (e) => events.push(e));
    const victim = connectedMember(bed, s);
    await bed.kill(victim.id);
    await writerAwayFrom(victim, (writer) => writer.set('/missed', Buffer.from('changed while away'), -1));
    await s.waitFor('connected', { timeoutMs: 10_000 });
    for (let i = 0; i < 200 && events.length === 0; i++) await sleep(20);
    assert.deepEqual(events, [{ type: 'dataChanged', path: '/missed' }]);
    await heal();
  });
});
