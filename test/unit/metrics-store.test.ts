import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricKind, rateBetween } from '../../src/core/metrics/counters';
import { MetricStore } from '../../src/core/metrics/store';

test('counters and summary totals are counters; everything else is a gauge', () => {
  for (const key of ['packets_received', 'cnt_fsynctime', 'sum_fsynctime', 'commit_count', 'looking_count'])
    assert.equal(metricKind(key), 'counter', key);
  for (const key of [
    'znode_count',
    'watch_count',
    'avg_latency',
    'max_fsynctime',
    'p99_readlatency',
    'open_file_descriptor_count',
    'some_new_key',
  ]) {
    assert.equal(metricKind(key), 'gauge', key);
  }
});

test('rates: a first reading, a drop (restart) or no elapsed time give NaN, otherwise the per-second difference', () => {
  assert.ok(Number.isNaN(rateBetween(Number.NaN, 5, 2)));
  assert.equal(rateBetween(100, 140, 2), 20);
  assert.ok(Number.isNaN(rateBetween(140, 3, 2)), 'a restart is a gap, not a negative rate');
  assert.ok(Number.isNaN(rateBetween(1, 3, 0)));
});

test('a counter missing from one reading restarts its rate; latest shows only the last reading', () => {
  const store = new MetricStore({ intervalMs: 1000, tiers: [{ bucketMs: 0, spanMs: 10_000 }] });
  store.record('m', 0, { packets_sent: 10, synced_followers: 2 });
  store.record('m', 1000, { packets_sent: 20 });
  store.record('m', 2000, { packets_sent: 40 });
  store.record('m', 3000, {});
  store.record('m', 4000, { packets_sent: 50 });
  store.record('m', 5000, { packets_sent: 55 });
  assert.deepEqual(
    store.query('m', 'packets_sent').points.map((p) => p.value),
    [10, 20, 5],
  );
  assert.deepEqual([...(store.latest('m')?.values ?? [])], [['packets_sent', 55]]);
});

test('raw tier keeps samples; coarse tiers keep avg/min/max per bucket plus the open bucket', () => {
  const store = new MetricStore({
    intervalMs: 1000,
    tiers: [
      { bucketMs: 0, spanMs: 10_000 },
      { bucketMs: 5000, spanMs: 60_000 },
    ],
  });
  for (let i = 0; i < 30; i++) store.record('a:1', i * 1000, { znode_count: i });
  const raw = store.query('a:1', 'znode_count', { since: 25_000 });
  assert.equal(raw.resolutionMs, 0);
  assert.deepEqual(
    raw.points.map((p) => p.value),
    [25, 26, 27, 28, 29],
  );
  const coarse = store.query('a:1', 'znode_count', { since: 0 });
  assert.equal(coarse.resolutionMs, 5000);
  assert.equal(coarse.points.length, 6, 'five closed buckets and the open one');
  assert.deepEqual(coarse.points[0], { t: 0, value: 2, min: 0, max: 4 });
  assert.deepEqual(coarse.points[5], { t: 25_000, value: 27, min: 25, max: 29 });
  assert.equal(store.latest('a:1')?.values.get('znode_count'), 29);
});

test('the raw ring overwrites its oldest samples and a key that appears later reads as no data before', () => {
  const store = new MetricStore({ intervalMs: 1000, tiers: [{ bucketMs: 0, spanMs: 3000 }] });
  for (let i = 0; i < 5; i++) store.record('m', i * 1000, i >= 3 ? { a: i, b: i * 10 } : { a: i });
  assert.deepEqual(
    store.query('m', 'a').points.map((p) => p.t),
    [2000, 3000, 4000],
  );
  assert.deepEqual(
    store.query('m', 'b').points.map((p) => p.value),
    [30, 40],
  );
  assert.deepEqual(store.keys('m'), ['a', 'b']);
});

test('counters are stored as rates with their unit', () => {
  const store = new MetricStore({ intervalMs: 1000 });
  store.record('m', 0, { packets_sent: 0 });
  store.record('m', 1000, { packets_sent: 50 });
  store.record('m', 2000, { packets_sent: 150 });
  const result = store.query('m', 'packets_sent', { since: 0 });
  assert.equal(result.unit, 'per-second');
  assert.deepEqual(
    result.points.map((p) => p.value),
    [50, 100],
  );
  assert.equal(store.latest('m')?.values.get('packets_sent'), 150, 'latest keeps the raw counter');
});

test('the byte budget refuses new keys instead of growing, and removing a member frees its bytes', () => {
  const store = new MetricStore({ intervalMs: 1000, tiers: [{ bucketMs: 0, spanMs: 100_000 }], maxBytes: 10_000 });
  const values: Record<string, number> = {};
  for (let i = 0; i < 100; i++) values[`k${i}`] = i;
  store.record('m', 0, values);
  store.record('m', 1000, values);
  assert.ok(store.memoryBytes() <= 10_000, `${store.memoryBytes()} bytes`);
  assert.ok(store.keys('m').length > 0 && store.keys('m').length < 100);
  assert.equal(store.droppedKeys, 100 - store.keys('m').length, 'each refused key counted once');
  store.removeMember('m');
  assert.equal(store.memoryBytes(), 0);
  assert.deepEqual(store.memberNames(), []);
});
