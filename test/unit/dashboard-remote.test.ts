import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DashboardFeed } from '../../src/core/dashboard/feed';
import type { RemoteSeriesSource } from '../../src/core/dashboard/rangePlan';
import type { RemoteRangeResult } from '../../src/core/prometheus/rangeSeries';
import { HostMessage, SERIES_KEYS } from '../../src/shared/dashboardProtocol';
import { FakeMonitor } from '../support/fakeMonitor';
import { sleep, until } from '../support/wait';

// The feed's side of ranges from Prometheus, with a remote that answers when the test says so:
// the snapshot says "loading", the answer comes as a `series` message, and a range change, a
// hidden panel or a closed one cancels a read under way; a failure shows the local store with why.
const T0 = 1_700_000_000_000;
const LABEL = 'Prometheus 127.0.0.1:9090';

interface Call {
  readonly since: number;
  readonly until: number;
  readonly signal: AbortSignal;
  resolve(result: RemoteRangeResult): void;
  reject(err: Error): void;
}

function remote(): { source: RemoteSeriesSource; calls: Call[] } {
  const calls: Call[] = [];
  const source: RemoteSeriesSource = {
    label: LABEL,
    read: (request, signal) =>
      new Promise<RemoteRangeResult>((resolve, reject) => {
        calls.push({ since: request.since, until: request.until, signal, resolve, reject });
        // As the real reader does: a cancelled read rejects.
        signal.addEventListener('abort', () => reject(new Error('Prometheus query_range: cancelled')), { once: true });
      }),
  };
  return { source, calls };
}

const answer = (t: number, value: number): RemoteRangeResult => ({
  series: { intervalMs: 900_000, members: [{ member: 'a:1', t: [t], values: SERIES_KEYS.map(() => [value]) }] },
  stepSeconds: 900,
  missing: [],
});

function setup(options: { remoteDeadlineMs?: number; remoteRefreshMs?: number } = {}) {
  const monitor = new FakeMonitor('c1');
  monitor.record(T0 - 2000, { 'a:1': { znode_count: 7 } });
  const posted: HostMessage[] = [];
  const clock = { now: T0 };
  const { source, calls } = remote();
  const feed = new DashboardFeed(monitor, {
    clusterName: 'prod',
    post: (m) => posted.push(m),
    throttleMs: 5,
    now: () => clock.now,
    remote: () => source,
    ...options,
  });
  feed.handle({ type: 'ready' });
  return { monitor, feed, posted, clock, calls };
}

test('7 d: a snapshot that says loading, then the points Prometheus gave in a series message', async () => {
  const { feed, posted, calls } = setup();
  assert.equal(posted.at(-1)?.type, 'snapshot');
  feed.handle({ type: 'setRange', range: '7d' });
  const snapshot = posted.at(-1)!;
  assert.ok(snapshot.type === 'snapshot' && snapshot.range === '7d');
  assert.equal(snapshot.source.kind, 'loading');
  assert.match(snapshot.source.message ?? '', /Reading 7 d from Prometheus 127\.0\.0\.1:9090/);
  assert.deepEqual(snapshot.series.members, [], 'no local points pretend to be a 7 d range');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.until - calls[0]!.since, 7 * 86_400_000);
  calls[0]!.resolve(answer(T0 - 86_400_000, 42));
  await until('the series message', () => posted.at(-1)?.type === 'series', { timeoutMs: 2000 });
  const series = posted.at(-1)!;
  assert.ok(series.type === 'series');
  assert.equal(series.range, '7d');
  assert.deepEqual(series.source, { kind: 'prometheus', label: LABEL, stepSeconds: 900, message: null, missing: [] });
  assert.deepEqual(series.series.members[0]!.values[0], [42]);
  assert.equal(feed.seriesSource.kind, 'prometheus');
  feed.dispose();
});

test('a range change or a hidden panel cancels the read under way; its late answer is never posted', async () => {
  const { feed, posted, calls } = setup();
  feed.handle({ type: 'setRange', range: '30d' });
  const first = calls[0]!;
  feed.handle({ type: 'setRange', range: '7d' });
  assert.ok(first.signal.aborted, 'the 30 d read is cancelled');
  const second = calls[1]!;
  first.resolve(answer(T0, 1));
  await sleep(20);
  assert.ok(!posted.some((m) => m.type === 'series'), 'nothing from the cancelled read');
  feed.setVisible(false);
  assert.ok(second.signal.aborted, 'hidden: nobody sees it, so it stops');
  feed.setVisible(true);
  assert.equal(calls.length, 3, 'shown again: a fresh read');
  feed.dispose();
  assert.ok(calls[2]!.signal.aborted, 'closed: cancelled');
  calls[2]!.resolve(answer(T0, 3));
  await sleep(20);
  assert.ok(!posted.some((m) => m.type === 'series'));
});

test('Prometheus down or slow: the panel says so and shows the local store instead, within the deadline', async () => {
  const { feed, posted, calls } = setup({ remoteDeadlineMs: 50 });
  feed.handle({ type: 'setRange', range: '7d' });
  calls[0]!.reject(new Error('Prometheus query_range: connect ECONNREFUSED 127.0.0.1:9090'));
  await until('the failure', () => posted.at(-1)?.type === 'series', { timeoutMs: 2000 });
  const failed = posted.at(-1)!;
  assert.ok(failed.type === 'series');
  assert.equal(failed.source.kind, 'failed');
  assert.equal(failed.source.label, 'local');
  assert.match(
    failed.source.message ?? '',
    /^Prometheus 127\.0\.0\.1:9090 did not answer: .*ECONNREFUSED.*Showing the local store instead/,
  );
  assert.deepEqual(
    failed.series.members.map((m) => m.member),
    ['a:1'],
    'the local points instead',
  );
  // A read that never answers is cut off by the deadline, not waited for.
  feed.handle({ type: 'setRange', range: '30d' });
  await until('the deadline', () => posted.at(-1)?.type === 'series', { timeoutMs: 2000 });
  const slow = posted.at(-1)!;
  assert.ok(slow.type === 'series' && slow.range === '30d');
  assert.match(slow.source.message ?? '', /no complete answer within 0\.05 s/);
  assert.ok(calls[1]!.signal.aborted);
  feed.dispose();
});

test('while live, a range from Prometheus is read again on the monitor events once a minute and a step passed', async () => {
  const { feed, monitor, posted, clock, calls } = setup({ remoteRefreshMs: 60_000 });
  feed.handle({ type: 'setRange', range: '7d' });
  calls[0]!.resolve(answer(T0, 1));
  await until('the first answer', () => posted.at(-1)?.type === 'series', { timeoutMs: 2000 });
  clock.now += 61_000;
  monitor.record(clock.now, { 'a:1': { znode_count: 8 } });
  await sleep(30);
  assert.equal(calls.length, 1, 'not due yet: a minute passed, but its points are 15 min apart');
  assert.ok(!posted.slice(1).some((m) => m.type === 'append' && m.series), 'no local points appended to a Prometheus range');
  clock.now += 840_000;
  monitor.record(clock.now, { 'a:1': { znode_count: 9 } });
  await until('a second read', () => calls.length === 2, { timeoutMs: 2000 });
  feed.handle({ type: 'setLive', live: false });
  clock.now += 120_000;
  calls[1]!.resolve(answer(clock.now, 2));
  monitor.record(clock.now, { 'a:1': { znode_count: 10 } });
  await sleep(30);
  assert.equal(calls.length, 2, 'paused: no reads');
  feed.dispose();
});

test('ranges the local store holds stay local: no read, and each chart says "local"', () => {
  const { feed, posted, calls } = setup();
  feed.handle({ type: 'setRange', range: '5m' });
  const snapshot = posted.at(-1)!;
  assert.ok(snapshot.type === 'snapshot');
  assert.deepEqual(snapshot.source, { kind: 'local', label: 'local', stepSeconds: null, message: null, missing: [] });
  assert.equal(calls.length, 0);
  feed.dispose();
});
