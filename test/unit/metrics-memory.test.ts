import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MAX_BYTES, MetricStore } from '../../src/core/metrics/store';
import { DAY_START, fillDay, heapBytes, recordedMetrics } from '../support/metricsFill';

// The figure: 24 h at the default 2 s interval in at most 20 MB. Filled with the real key
// sets of a 5-member ensemble (one leader, four followers: 545 + 4 x 499 numeric mntr keys).
test('24 h of 5 members at the default interval fits in 20 MB, measured and accounted', () => {
  const before = heapBytes();
  const store = new MetricStore();
  const samples = fillDay(store);
  const measured = heapBytes() - before;
  const accounted = store.memoryBytes();
  assert.equal(store.droppedKeys, 0, 'every real key fits');
  assert.equal(store.keys('leader').length, Object.keys(recordedMetrics('leader')).length);
  assert.ok(accounted <= DEFAULT_MAX_BYTES, `accounted ${accounted} bytes`);
  assert.ok(measured <= DEFAULT_MAX_BYTES, `measured ${measured} bytes on the heap`);
  // The accounting is honest: within 25 % of what the heap shows.
  assert.ok(Math.abs(measured - accounted) / accounted < 0.25, `measured ${measured} vs accounted ${accounted}`);

  const end = DAY_START + (samples - 1) * store.intervalMs;
  const day = store.query('f1', 'znode_count', { since: end - 24 * 3_600_000 + 15 * 60_000 });
  assert.equal(day.resolutionMs, 15 * 60_000);
  assert.ok(day.points.length >= 95 && day.points.length <= 97, `${day.points.length} points over 24 h`);
  const hour = store.query('f1', 'znode_count', { since: end - 3_600_000 });
  assert.equal(hour.resolutionMs, 60_000);
  assert.ok(hour.points.length >= 60 && hour.points.length <= 61);
  const recent = store.query('f1', 'packets_received', { since: end - 60_000 });
  assert.equal(recent.resolutionMs, 0);
  assert.equal(recent.points.length, 31);
  assert.ok(
    recent.points.every((p) => p.value === 0.5),
    'a counter growing by 1 per 2 s is 0.5/s',
  );
});
