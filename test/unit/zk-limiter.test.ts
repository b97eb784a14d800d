import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isZkError, ZkError } from '../../src/core/zk/errors';
import { Semaphore, mapBounded } from '../../src/core/zk/limiter';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('the semaphore admits `permits` holders and queues the rest in order', async () => {
  const sem = new Semaphore(2);
  const a = await sem.acquire();
  const b = await sem.acquire();
  const order: string[] = [];
  const c = sem.acquire().then((release) => (order.push('c'), release));
  const d = sem.acquire().then((release) => (order.push('d'), release));
  await tick();
  assert.deepEqual([sem.active, sem.waiting, order.length], [2, 2, 0]);
  a();
  a(); // idempotent
  const releaseC = await c;
  assert.deepEqual(order, ['c']);
  b();
  (await d)();
  releaseC();
  assert.deepEqual([sem.active, sem.waiting], [0, 0]);
});

test('a full waiting line fails fast with THROTTLEDOP', async () => {
  const sem = new Semaphore(1, 1);
  const held = await sem.acquire();
  const waiting = sem.acquire();
  await assert.rejects(sem.acquire(), (e: unknown) => isZkError(e, 'THROTTLEDOP') && e.mayHaveApplied === false);
  held();
  (await waiting)();
});

test('an aborted waiter leaves the line', async () => {
  const sem = new Semaphore(1);
  const held = await sem.acquire();
  const controller = new AbortController();
  const waiter = sem.acquire(controller.signal);
  controller.abort(new ZkError('CANCELLED'));
  await assert.rejects(waiter, (e: unknown) => isZkError(e, 'CANCELLED'));
  assert.equal(sem.waiting, 0);
  held();
  assert.equal(sem.active, 0);
});

test('mapBounded never exceeds its concurrency and pulls items lazily', async () => {
  let running = 0;
  let peak = 0;
  let pulled = 0;
  function* items(): Generator<number> {
    for (let i = 0; i < 50; i++) {
      pulled++;
      yield i;
    }
  }
  const seenPulls: number[] = [];
  const outcomes = await mapBounded(
    items(),
    async (i) => {
      running++;
      peak = Math.max(peak, running);
      seenPulls.push(pulled);
      await tick();
      running--;
      if (i % 10 === 3) throw new ZkError('NONODE');
      return i * 2;
    },
    { concurrency: 4 },
  );
  assert.equal(peak, 4);
  assert.ok(Math.max(...seenPulls.slice(0, 4)) <= 4, 'only four items pulled before the first finished');
  assert.equal(outcomes.length, 50);
  assert.deepEqual(outcomes[5], { item: 5, ok: true, value: 10 });
  const failed = outcomes.filter((o) => !o.ok);
  assert.equal(failed.length, 5);
  assert.ok(failed.every((o) => !o.ok && o.error.name === 'NONODE'));
});

test('mapBounded stops pulling on abort and on the first error when asked', async () => {
  const controller = new AbortController();
  const out = await mapBounded(
    Array.from({ length: 100 }, (_, i) => i),
    async (i) => {
      if (i === 5) controller.abort();
      await tick();
      return i;
    },
    { concurrency: 2, signal: controller.signal },
  );
  assert.ok(out.length < 10);
  const stop = await mapBounded(
    [1, 2, 3, 4, 5],
    async (i) => {
      if (i === 1) throw new Error('x');
      return i;
    },
    { concurrency: 1, stopOnError: true },
  );
  assert.equal(stop.length, 1);
  assert.equal(stop[0]!.ok, false);
});
