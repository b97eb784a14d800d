import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parseMntr } from '../../src/core/ensemble/parsers/mntr';
import { MetricStore } from '../../src/core/metrics/store';

/** Beside this file under tsx; from the repository root when bundled into dist/bench.js. */
const FIXTURES = [
  path.resolve(__dirname, '..', 'fixtures', '4lw', '3.8.0'),
  path.resolve(process.cwd(), 'test', 'fixtures', '4lw', '3.8.0'),
].find((d) => fs.existsSync(d))!;

/** The numeric mntr keys of a recorded 3.8.0 reply (`leader`, `follower`, `observer`). */
export function recordedMetrics(role: string): Record<string, number> {
  const parsed = parseMntr(fs.readFileSync(path.join(FIXTURES, `${role}.mntr.txt`), 'utf8'));
  if (parsed.status !== 'ok') throw new Error(`${role}.mntr.txt does not parse`);
  return { ...parsed.value.metrics };
}

/** Heap plus array buffers after a full GC: what the process really holds. */
export function heapBytes(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export const DAY_START = 1_700_000_000_000;

/**
 * Fills `store` with 24 h at its interval for a 5-member ensemble (one leader, four followers, the
 * real key sets), every value moving and counters growing, so no tier holds constants. Returns
 * the samples per member.
 */
export function fillDay(store: MetricStore): number {
  const leader = recordedMetrics('leader');
  const follower = recordedMetrics('follower');
  const members = ['leader', 'f1', 'f2', 'f3', 'f4'];
  const templates = members.map((m) => (m === 'leader' ? leader : follower));
  const keys = templates.map((t) => Object.keys(t));
  const frames = templates.map((t) => ({ ...t }));
  const samples = (24 * 3600 * 1000) / store.intervalMs;
  for (let i = 0; i < samples; i++) {
    const time = DAY_START + i * store.intervalMs;
    for (let m = 0; m < members.length; m++) {
      const frame = frames[m]!;
      for (const key of keys[m]!) frame[key] = templates[m]![key]! + i;
      store.record(members[m]!, time, frame);
    }
  }
  return samples;
}
