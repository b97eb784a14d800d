import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batch, Coalescer, Timers } from '../../src/ui/explorer/coalescer';

/** Deterministic timers: `advance` runs what falls due. */
function fakeTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
    advance(ms) {
      const end = now + ms;
      for (let guard = 0; guard < 1000; guard++) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
}

test('a burst becomes one batch of distinct keys after the quiet time', () => {
  const timers = fakeTimers();
  const batches: Batch<string>[] = [];
  const c = new Coalescer<string>({ delayMs: 100, maxWaitMs: 1000, maxKeys: 10 }, (b) => batches.push(b), timers);
  c.push('a');
  timers.advance(50);
  c.push('b');
  c.push('a');
  timers.advance(99);
  assert.equal(batches.length, 0);
  timers.advance(1);
  assert.deepEqual(batches, [{ all: false, keys: ['a', 'b'] }]);
});

test('a continuous storm is still delivered every maxWaitMs', () => {
  const timers = fakeTimers();
  const batches: Batch<number>[] = [];
  const c = new Coalescer<number>({ delayMs: 100, maxWaitMs: 500, maxKeys: 1000 }, (b) => batches.push(b), timers);
  for (let i = 0; i < 100; i++) {
    c.push(i % 7);
    timers.advance(50);
  }
  // 5 s of signals every 50 ms: one batch per 500 ms, never one per signal.
  assert.ok(batches.length >= 9 && batches.length <= 11, `${batches.length} batches`);
  for (const b of batches) assert.ok(!b.all && b.keys.length <= 7);
});

test('more distinct keys than maxKeys collapse into "all"', () => {
  const timers = fakeTimers();
  const batches: Batch<number>[] = [];
  const c = new Coalescer<number>({ delayMs: 10, maxWaitMs: 100, maxKeys: 3 }, (b) => batches.push(b), timers);
  for (let i = 0; i < 50; i++) c.push(i);
  assert.equal(c.pending, 0);
  timers.advance(10);
  assert.deepEqual(batches, [{ all: true }]);
  c.push(1);
  timers.advance(10);
  assert.deepEqual(batches[1], { all: false, keys: [1] });
});

test('pushAll, flush and dispose', () => {
  const timers = fakeTimers();
  const batches: Batch<string>[] = [];
  const c = new Coalescer<string>({ delayMs: 10, maxWaitMs: 100, maxKeys: 3 }, (b) => batches.push(b), timers);
  c.push('x');
  c.pushAll();
  c.flush();
  assert.deepEqual(batches, [{ all: true }]);
  c.push('y');
  c.dispose();
  timers.advance(1000);
  c.push('z');
  timers.advance(1000);
  assert.equal(batches.length, 1);
});

test('the reload gate runs a key at once, then at most once per gap however often it is asked', async () => {
  const { ReloadGate } = await import('../../src/ui/explorer/coalescer');
  const timers = fakeTimers();
  const runs: string[] = [];
  const gate = new ReloadGate<string>(
    (key) => (key === 'big' ? 10_000 : 0),
    (key) => runs.push(key),
    timers,
  );
  gate.request('big');
  gate.request('small');
  assert.deepEqual(runs, ['big', 'small']);
  for (let i = 0; i < 50; i++) {
    gate.request('big');
    gate.request('small');
    timers.advance(100);
  }
  // 5 s of requests: "small" ran every time, "big" waits for its 10 s gap.
  assert.equal(runs.filter((r) => r === 'big').length, 1);
  assert.equal(runs.filter((r) => r === 'small').length, 51);
  assert.equal(gate.deferred, 1);
  timers.advance(5000);
  assert.equal(runs.filter((r) => r === 'big').length, 2);
  gate.request('big');
  gate.dispose();
  timers.advance(20_000);
  assert.equal(runs.filter((r) => r === 'big').length, 2);
});
