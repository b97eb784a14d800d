import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parseMntr } from '../../src/core/ensemble/parsers/mntr';
import { DEFAULT_MAX_BYTES, MetricStore } from '../../src/core/metrics/store';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', '4lw', '3.8.0');

function mntrMetrics(role: string): Record<string, number> {
  const parsed = parseMntr(fs.readFileSync(path.join(FIXTURES, `${role}.mntr.txt`), 'utf8'));
  assert.equal(parsed.status, 'ok');
  return { ...(parsed.status === 'ok' ? parsed.value.metrics : {}) };
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function heapBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

// The figure: 24 h at the default 2 s interval in at most 20 MB. Filled with the real key
// sets of a 5-member ensemble (one leader, four followers: 545 + 4 x 499 numeric mntr keys).
test('24 h of 5 members at the default interval fits in 20 MB, measured and accounted', () => {
  const leader = mntrMetrics('leader');
  const follower = mntrMetrics('follower');
  const members = ['leader', 'f1', 'f2', 'f3', 'f4'];
  const templates = members.map((m) => (m === 'leader' ? leader : follower));
  const before = heapBytes();
  const store = new MetricStore();
  const samples = (24 * 3600 * 1000) / store.intervalMs;
  const keys = templates.map((t) => Object.keys(t));
  const frames = templates.map((t) => ({ ...t }));
  for (let i = 0; i < samples; i++) {
    const time = 1_700_000_000_000 + i * store.intervalMs;
    for (let m = 0; m < members.length; m++) {
      const frame = frames[m]!;
      // Every value moves, so no tier can cheat with constants; counters keep growing.
      for (const key of keys[m]!) frame[key] = templates[m]![key]! + i;
      store.record(members[m]!, time, frame);
    }
  }
  const measured = heapBytes() - before;
  const accounted = store.memoryBytes();
  assert.equal(store.droppedKeys, 0, 'every real key fits');
  assert.equal(store.keys('leader').length, keys[0]!.length);
  assert.ok(accounted <= DEFAULT_MAX_BYTES, `accounted ${accounted} bytes`);
  assert.ok(measured <= DEFAULT_MAX_BYTES, `measured ${measured} bytes on the heap`);
  // The accounting is honest: within 25 % of what the heap shows.
  assert.ok(Math.abs(measured - accounted) / accounted < 0.25, `measured ${measured} vs accounted ${accounted}`);
  console.log(`24 h x 5 members: accounted ${(accounted / 1e6).toFixed(2)} MB, measured ${(measured / 1e6).toFixed(2)} MB`);

  const end = 1_700_000_000_000 + (samples - 1) * store.intervalMs;
  const day = store.query('f1', 'znode_count', { since: end - 24 * 3_600_000 + 15 * 60_000 });
  assert.equal(day.resolutionMs, 15 * 60_000);
  assert.ok(day.points.length >= 95 && day.points.length <= 97, `${day.points.length} points over 24 h`);
  const hour = store.query('f1', 'znode_count', { since: end - 3_600_000 });
  assert.equal(hour.resolutionMs, 60_000);
  assert.ok(hour.points.length >= 60 && hour.points.length <= 61);
  const recent = store.query('f1', 'packets_received', { since: end - 60_000 });
  assert.equal(recent.resolutionMs, 0);
  assert.equal(recent.points.length, 31);
  assert.ok(recent.points.every((p) => p.value === 0.5), 'a counter growing by 1 per 2 s is 0.5/s');
});
