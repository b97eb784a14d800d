import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceLastTimes, assembleSeries, newSamples, segmentsFor } from '../../src/core/metrics/rangeSeries';
import { MetricStore } from '../../src/core/metrics/store';
import { RANGE_MS } from '../../src/shared/dashboardProtocol';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A day of samples every 2 s for two members; `b` is down between hour 23:00 and 23:02. */
function dayStore(): { store: MetricStore; end: number } {
  const store = new MetricStore({ intervalMs: 2000 });
  const start = 1_700_000_000_000 - (1_700_000_000_000 % HOUR);
  const end = start + 24 * HOUR;
  for (let t = start; t < end; t += 2000) {
    const i = (t - start) / 2000;
    store.record('a:1', t + 3, { znode_count: i, packets_sent: i * 10 });
    const down = t >= end - 60 * MIN && t < end - 58 * MIN;
    if (!down) store.record('b:2', t + 5, { znode_count: 2 * i });
  }
  return { store, end };
}

test('5 min is raw samples only; 1 h adds 1-min buckets before them; 24 h adds 15-min buckets before those', () => {
  const { store, end } = dayStore();
  const now = end;
  const res = (range: '5m' | '1h' | '24h'): number[] => segmentsFor(store, 'a:1', now - RANGE_MS[range], now).map((s) => s.resolutionMs);
  assert.deepEqual(res('5m'), [0]);
  assert.deepEqual(res('1h'), [60_000, 0]);
  assert.deepEqual(res('24h'), [900_000, 60_000, 0]);
  const segs = segmentsFor(store, 'a:1', now - RANGE_MS['24h'], now);
  for (let i = 1; i < segs.length; i++) assert.equal(segs[i - 1]!.to, segs[i]!.from, 'segments meet without overlap');
});

test('a 24 h series is ascending, ends with the raw samples, and holds hundreds of points, not 43,200', () => {
  const { store, end } = dayStore();
  const block = assembleSeries([store], {
    members: ['a:1', 'b:2'],
    keys: ['znode_count', 'packets_sent'],
    since: end - RANGE_MS['24h'],
    until: end,
  });
  assert.equal(block.intervalMs, 2000);
  const a = block.members[0]!;
  assert.equal(a.member, 'a:1');
  for (let i = 1; i < a.t.length; i++) assert.ok(a.t[i]! > a.t[i - 1]!, 'strictly ascending');
  assert.ok(a.t.length > 400 && a.t.length < 700, `${a.t.length} points`);
  assert.equal(a.values.length, 2);
  assert.equal(a.values[0]!.length, a.t.length);
  // The newest raw sample is there exactly (raw: min = max = value).
  assert.equal(a.t.at(-1), end - 2000 + 3);
  assert.equal(a.values[0]!.at(-1), (24 * HOUR) / 2000 - 1);
  // Counters are rates: 10 per sample over 2 s is 5/s, in every tier.
  const rates = a.values[1]!.filter((v): v is number => v !== null);
  assert.ok(
    rates.every((v) => Math.abs(v - 5) < 1e-6),
    'packets_sent is a steady 5/s',
  );
});

test('a member that stopped has no points while it was down; a key it never had is all null', () => {
  const { store, end } = dayStore();
  const block = assembleSeries([store], {
    members: ['b:2'],
    keys: ['znode_count', 'packets_sent'],
    since: end - RANGE_MS['5m'],
    until: end,
  });
  const b = block.members[0]!;
  assert.ok(b.values[1]!.every((v) => v === null));
  const oneHour = assembleSeries([store], { members: ['b:2'], keys: ['znode_count'], since: end - RANGE_MS['1h'], until: end }).members[0]!;
  const inOutage = oneHour.t.filter((t) => t >= end - 60 * MIN + MIN && t < end - 58 * MIN);
  assert.deepEqual(inOutage, [], 'no bucket for the minutes it was down');
});

test('an unknown member gives an empty series; derived keys come from the second store at the same times', () => {
  const { store, end } = dayStore();
  const derived = new MetricStore({ intervalMs: 2000 });
  derived.record('b:2', end - 2000 + 5, { zkops_zxid_lag: 7 });
  const block = assembleSeries([store, derived], {
    members: ['b:2', 'nope:1'],
    keys: ['znode_count', 'zkops_zxid_lag'],
    since: end - RANGE_MS['5m'],
    until: end,
  });
  const b = block.members[0]!;
  assert.equal(b.t.at(-1), end - 2000 + 5);
  assert.equal(b.values[1]!.at(-1), 7, 'lag sits on the same row as the mntr sample');
  assert.equal(b.values[1]!.filter((v) => v !== null).length, 1);
  assert.deepEqual(block.members[1], { member: 'nope:1', t: [], values: [[], []] });
});

test('newSamples returns only raw samples after what was sent, and advanceLastTimes moves the mark', () => {
  const store = new MetricStore({ intervalMs: 1000 });
  for (let t = 0; t < 10_000; t += 1000) store.record('a:1', t, { znode_count: t / 1000 });
  const sent = new Map<string, number>();
  const first = newSamples([store], ['znode_count'], ['a:1', 'b:1'], sent, 10_000);
  assert.equal(first.members.length, 1, 'members without samples are left out');
  assert.equal(first.members[0]!.t.length, 10);
  advanceLastTimes(first, sent);
  assert.equal(sent.get('a:1'), 9000);
  assert.deepEqual(newSamples([store], ['znode_count'], ['a:1'], sent, 10_000).members, [], 'nothing new');
  store.record('a:1', 10_000, { znode_count: 10 });
  store.record('a:1', 11_000, { znode_count: 11 });
  const next = newSamples([store], ['znode_count'], ['a:1'], sent, 11_000);
  assert.deepEqual(next.members[0], { member: 'a:1', t: [10_000, 11_000], values: [[10, 11]] });
});
