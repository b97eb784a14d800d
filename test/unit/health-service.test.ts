import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealthService, ServiceCluster, ServiceSettings } from '../../src/core/health/service';
import { FakePoller } from '../support/fakePoller';

function harness(): { service: HealthService; pollers: FakePoller[]; live: () => FakePoller[] } {
  const pollers: FakePoller[] = [];
  const service = new HealthService({
    createPoller: (options) => {
      const p = new FakePoller(options);
      pollers.push(p);
      return p;
    },
  });
  return { service, pollers, live: () => pollers.filter((p) => !p.disposed) };
}

const settings: ServiceSettings = { intervalMs: 2000, unfocusedIntervalMs: 10_000, maxMonitored: 2 };
const a: ServiceCluster = { id: 'a', connectString: '127.0.0.1:1' };
const b: ServiceCluster = { id: 'b', connectString: '127.0.0.1:2' };
const c: ServiceCluster = { id: 'c', connectString: '127.0.0.1:3' };

test('only the active cluster is polled by default; others when their monitor setting is on, at most maxMonitored', () => {
  const { service, live } = harness();
  service.update([a, b, c], 'b', settings);
  assert.deepEqual(service.polledIds(), ['b']);
  service.update([{ ...a, monitor: true }, b, { ...c, monitor: true }], 'b', settings);
  assert.deepEqual(service.polledIds().sort(), ['a', 'b'], 'active first, then in order, capped at 2');
  assert.equal(live().length, 2);
  assert.match(JSON.stringify(service.status('c')), /more than 2/);
  service.update([a, { ...b, monitor: false }], 'b', settings);
  assert.deepEqual(service.polledIds(), [], 'monitor: false turns off even the active cluster');
  assert.equal(service.get('c'), undefined, 'a removed cluster is forgotten');
  service.dispose();
});

test('a settings change restarts the poller but keeps the store, the events and the report', () => {
  const { service, pollers, live } = harness();
  service.update([a], 'a', settings);
  const monitor = service.get('a')!;
  const events: string[] = [];
  const samples: number[] = [];
  monitor.onEvent((e) => events.push(e.kind));
  monitor.onSamples((s) => samples.push(s.members.length));
  pollers[0]!.round('healthy-3', 1000);
  pollers[0]!.round('follower-down', 3000);
  assert.deepEqual(events, ['member-state-changed']);
  assert.deepEqual(samples, [3, 2]);
  const store = monitor.store;
  const keys = store.keys('127.0.0.1:34043').length;
  service.update([a], 'a', { ...settings, intervalMs: 1000 });
  assert.equal(live().length, 1);
  assert.equal(pollers.length, 2, 'a new poller');
  assert.equal(pollers[1]!.options.store, store, 'the same store');
  assert.equal(pollers[1]!.intervalMs, 1000);
  assert.equal(service.get('a'), monitor, 'the same monitor');
  assert.equal(monitor.store.keys('127.0.0.1:34043').length, keys);
  assert.ok(monitor.report, 'the last report stays');
  pollers[1]!.round('healthy-3', 5000);
  assert.deepEqual(events, ['member-state-changed', 'member-state-changed'], 'the follower came back: history continues');
  assert.equal(monitor.events.length, 2);
  service.update([a], 'a', { ...settings, intervalMs: 1000 });
  assert.equal(pollers.length, 2, 'an unchanged update restarts nothing');
  service.dispose();
});

test('unfocused: the slower interval instead of a pause; focus brings the fast one back', () => {
  const { service, live } = harness();
  service.update([a, { ...b, monitor: true }], 'a', settings);
  service.setFocused(false);
  assert.deepEqual(
    live().map((p) => p.intervalMs),
    [10_000, 10_000],
  );
  assert.ok(live().every((p) => p.running));
  service.setFocused(true);
  assert.deepEqual(
    live().map((p) => p.intervalMs),
    [2000, 2000],
  );
  service.update([a, b], 'a', { ...settings, unfocusedIntervalMs: 500 });
  service.setFocused(false);
  assert.deepEqual(
    live().map((p) => p.intervalMs),
    [2000],
    'never faster than the focused interval',
  );
  service.dispose();
});

test('changing the active cluster keeps the history of the one left', () => {
  const { service, pollers } = harness();
  service.update([a, b], 'a', settings);
  pollers[0]!.round('healthy-3', 1000);
  const monitorA = service.get('a')!;
  service.update([a, b], 'b', settings);
  assert.deepEqual(service.polledIds(), ['b']);
  assert.equal(monitorA.running, false);
  assert.ok(monitorA.store.memberNames().length === 3 && monitorA.report);
  service.update([a, b], 'a', settings);
  assert.equal(service.get('a'), monitorA);
  assert.equal(monitorA.store.memberNames().length, 3);
  service.dispose();
});

test('the event history is bounded', () => {
  const pollers: FakePoller[] = [];
  const service = new HealthService({ maxEvents: 3, createPoller: (o) => (pollers.push(new FakePoller(o)), pollers.at(-1)!) });
  service.update([a], 'a', settings);
  for (let i = 0; i < 5; i++) {
    pollers[0]!.round('healthy-3', i * 4000);
    pollers[0]!.round('follower-down', i * 4000 + 2000);
  }
  const events = service.get('a')!.events;
  assert.equal(events.length, 3);
  assert.deepEqual(
    events.map((e) => e.seq),
    [7, 8, 9],
  );
  service.dispose();
});

test('a bad connect string leaves that cluster stopped with the reason, the others polled', () => {
  const { service } = harness();
  service.update(
    [
      { id: 'bad', connectString: 'nope:port:x' },
      { ...b, monitor: true },
    ],
    'bad',
    settings,
  );
  const status = service.status('bad');
  assert.ok(status && !status.polled);
  assert.ok(service.polledIds().includes('b'));
  service.dispose();
});
