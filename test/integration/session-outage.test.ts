import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { ZkSession } from '../../src/core/zk/session';
import type { WatchEvent } from '../../src/core/zk/watches';
import { Settled, settle, tally } from '../support/sessions';
import { sleep } from '../support/wait';

const OUTAGE_MS = 30_000;
const QUEUE_BOUND = 200;
const FAIL_FAST_MS = 5000;
const CALL_TIMEOUT_MS = 2000;

let bed: Testbed;
let s: ZkSession;
let observer: ZkSession | undefined;

before(async () => {
  bed = await Testbed.start({ size: 3, adminServer: false });
  s = await ZkSession.connect(bed.connectString, {
    sessionTimeoutMs: 10_000,
    maxQueuedWhileDisconnected: QUEUE_BOUND,
    failFastAfterMs: FAIL_FAST_MS,
  });
});

after(async () => {
  await observer?.close();
  await s?.close();
  await bed?.close();
});

test('whole ensemble down for 30 s: bounded queue, bounded calls, recovers by itself', async () => {
  await s.create('/outage', Buffer.from('before'));
  await s.create('/outage/mine', undefined, { mode: 'ephemeral' });
  const events: WatchEvent[] = [];
  await s.get('/outage', (e) => events.push(e));
  const sessionId = s.sessionId;
  const states: string[] = [];
  s.onState((c) => states.push(c.state));

  await Promise.all(bed.members.map((m) => bed.kill(m.id)));
  const downAt = Date.now();
  const calls: Promise<Settled<unknown> & { at: number }>[] = [];
  let maxUnsent = 0;
  while (Date.now() - downAt < OUTAGE_MS) {
    for (let i = 0; i < 40; i++) {
      const at = Date.now() - downAt;
      calls.push(settle(() => s.get('/outage', undefined, { timeoutMs: CALL_TIMEOUT_MS })).then((r) => ({ ...r, at })));
    }
    maxUnsent = Math.max(maxUnsent, s.load.unsent);
    await sleep(200);
  }
  const attempts = s.load.attempts;
  const outcomes = await Promise.all(calls);
  const counts = tally(outcomes);
  const late = outcomes.filter((o) => o.at > FAIL_FAST_MS + 500);
  const slowestLate = Math.max(...late.map((o) => o.ms));
  assert.ok(maxUnsent <= QUEUE_BOUND, `queue reached ${maxUnsent}`);
  assert.ok(
    outcomes.every((o) => !o.ok),
    'nothing can succeed with every member down',
  );
  assert.deepEqual(Object.keys(counts).sort(), ['CONNECTIONLOSS', 'OPERATIONTIMEOUT'].filter((k) => k in counts).sort());
  assert.ok(
    outcomes.every((o) => o.ms < CALL_TIMEOUT_MS + 1000),
    'every call settles within its timeout',
  );
  assert.ok(slowestLate < 500, `after ${FAIL_FAST_MS} ms down, calls fail at once (slowest ${slowestLate} ms)`);
  assert.ok(late.every((o) => /no ZooKeeper server reachable/.test(o.error?.message ?? '')));
  assert.ok(attempts < 150, `${attempts} connection attempts in 30 s: the retry backs off`);
  assert.deepEqual(states, ['disconnected']);

  await bed.startAll(60_000);
  await s.waitFor('connected', { timeoutMs: 30_000 });
  assert.equal((await s.get('/outage')).data.toString(), 'before');
  assert.equal(s.load.unsent, 0);
  observer = await ZkSession.connect(bed.connectString);
  if (s.sessionId === sessionId) {
    // ZooKeeper restores sessions from its log and gives them a fresh timeout after an election.
    assert.ok(await observer.exists('/outage/mine'), 'the ephemeral node survived with its session');
    await observer.set('/outage', Buffer.from('after'), -1);
    for (let i = 0; i < 100 && events.length === 0; i++) await sleep(20);
    assert.deepEqual(events, [{ type: 'dataChanged', path: '/outage' }], 'the watch was re-registered');
  } else {
    assert.deepEqual(events, [{ type: 'sessionExpired', path: '/outage' }]);
  }
});
