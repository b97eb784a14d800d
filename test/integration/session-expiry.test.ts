import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { SessionStateChange, ZkSession } from '../../src/core/zk/session';
import type { WatchEvent } from '../../src/core/zk/watches';
import { rejectsWith } from '../support/sessions';
import { sleep } from '../support/wait';

/**
 * Blocks this thread (no pings leave) for longer than the session timeout, as a suspended laptop
 * or a long GC pause would, so the ensemble expires the session.
 */
function freeze(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('an expired session', () => {
  let bed: Testbed;
  let observer: ZkSession;

  before(async () => {
    bed = await Testbed.start({ size: 1, adminServer: false });
    observer = await ZkSession.connect(bed.connectString);
  });

  after(async () => {
    await observer?.close();
    await bed?.close();
  });

  test('is replaced by a new one; watchers hear sessionExpired; ephemerals are gone', async () => {
    const s = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 4000 });
    try {
      assert.equal(s.negotiatedTimeoutMs, 4000);
      await s.create('/eph', undefined, { mode: 'ephemeral' });
      const events: WatchEvent[] = [];
      await s.get('/eph', (e) => events.push(e));
      const changes: SessionStateChange[] = [];
      s.onState((c) => changes.push(c));
      const oldId = s.sessionId;
      freeze(7000);
      for (let i = 0; i < 200 && !(changes.some((c) => c.state === 'expired') && s.state === 'connected'); i++) await sleep(50);
      assert.deepEqual(
        changes.map((c) => c.state),
        ['disconnected', 'expired', 'connecting', 'connected'],
      );
      assert.notEqual(s.sessionId, oldId);
      assert.equal(changes.at(-1)?.sessionId, s.sessionId);
      assert.deepEqual(events, [{ type: 'sessionExpired', path: '/eph' }]);
      assert.equal(await observer.exists('/eph'), null, 'the ephemeral node went with the old session');
      await s.create('/eph', undefined, { mode: 'ephemeral' });
      assert.equal((await observer.exists('/eph'))?.ephemeralOwner, s.sessionId);
    } finally {
      await s.close();
    }
  });

  test('stays expired when renewal is off, and every call says so', async () => {
    const s = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 4000, renewExpiredSession: false });
    try {
      freeze(7000);
      for (let i = 0; i < 200 && s.state !== 'expired'; i++) await sleep(50);
      assert.equal(s.state, 'expired');
      await rejectsWith(s.get('/'), 'SESSIONEXPIRED');
    } finally {
      await s.close();
    }
    assert.equal(s.state, 'closed');
  });
});
