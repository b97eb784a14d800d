import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionState, nextConnectionState } from '../../src/core/zk/connectionState';
import { LIB_STATE } from '../../src/core/zk/libraryTypes';
import { Watchdog, WatchdogTarget } from '../../src/core/zk/watchdog';

test('library states map to calm connection states', () => {
  const walk = (libStates: number[], closed = false): ConnectionState[] => {
    let current: ConnectionState = 'connecting';
    const seen: ConnectionState[] = [];
    for (const s of libStates) {
      const next = nextConnectionState(current, s, closed);
      if (next) seen.push((current = next));
    }
    return seen;
  };
  const { CONNECTING, CONNECTED, DISCONNECTED, SESSION_EXPIRED, CLOSED, AUTHENTICATION_FAILED } = LIB_STATE;
  // Failed attempts before the first connection stay 'connecting'.
  assert.deepEqual(walk([CONNECTING, DISCONNECTED, CONNECTING, DISCONNECTED, CONNECTING, CONNECTED]), ['connected']);
  // A drop and several failed attempts read as one 'disconnected'.
  assert.deepEqual(walk([CONNECTING, CONNECTED, DISCONNECTED, CONNECTING, DISCONNECTED, CONNECTING, CONNECTED]), [
    'connected',
    'disconnected',
    'connected',
  ]);
  assert.deepEqual(walk([CONNECTED, DISCONNECTED, CONNECTING, SESSION_EXPIRED, DISCONNECTED, CLOSED]), [
    'connected',
    'disconnected',
    'expired',
  ]);
  assert.deepEqual(walk([CONNECTED, AUTHENTICATION_FAILED, DISCONNECTED, CLOSED]), ['connected', 'authFailed']);
  assert.deepEqual(walk([CONNECTED, LIB_STATE.CLOSING, DISCONNECTED, CLOSED], true), ['connected', 'closed']);
});

test('the watchdog pings a quiet connection and drops a silent one', () => {
  const log: string[] = [];
  let connected = true;
  let handshaking = false;
  const target: WatchdogTarget = {
    isConnected: () => connected,
    isHandshaking: () => handshaking,
    boundMs: () => 3000,
    sendPing: () => log.push('ping'),
    drop: (reason) => log.push(`drop: ${reason}`),
  };
  const dog = new Watchdog(target);
  const t0 = Date.now();
  dog.heard();
  dog.tick(t0 + 500);
  assert.deepEqual(log, [], 'nothing while replies are recent');
  dog.tick(t0 + 1100);
  dog.tick(t0 + 1200);
  assert.deepEqual(log, ['ping'], 'one ping once quiet for a third of the bound');
  dog.tick(t0 + 2200);
  assert.deepEqual(log, ['ping', 'ping']);
  dog.tick(t0 + 3100);
  assert.equal(log.length, 3);
  assert.match(log[2]!, /^drop: no reply from the server for 3\d{3} ms \(watchdog bound 3000 ms\)$/);
  connected = false;
  handshaking = true;
  dog.attempt();
  const t1 = Date.now();
  dog.tick(t1 + 2000);
  assert.equal(log.length, 3, 'a handshake gets the whole bound');
  dog.tick(t1 + 3100);
  assert.match(log[3]!, /no connect response within 3000 ms/);
});
