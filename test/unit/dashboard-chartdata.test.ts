import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeriesCache } from '../../webview/chartData';

test('members sampled at different times share one x axis; absent is undefined (drawn through), a silence is null (a break)', () => {
  const cache = new SeriesCache(1);
  // a: every 2 s; b: every 2 s, silent from 6 s to 20 s (down), then back.
  cache.reset({
    intervalMs: 2000,
    members: [
      {
        member: 'a',
        t: [0, 2000, 4000, 6000, 8000, 10_000, 12_000, 14_000, 16_000, 18_000, 20_000, 22_000],
        values: [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
      },
      { member: 'b', t: [5, 2005, 4005, 20_005, 22_005], values: [[2, 2, 2, 2, 2]] },
    ],
  });
  const [x, a, b] = cache.align(
    ['a', 'b'],
    [
      { member: 'a', key: 0 },
      { member: 'b', key: 0 },
    ],
  );
  assert.equal(x.length, 17);
  assert.deepEqual(x.slice(0, 4), [0, 5, 2000, 2005]);
  assert.equal(a![1], undefined, 'a has no sample at 5 ms: spanned');
  assert.equal(b![1], 2);
  const firstAfterSilence = x.indexOf(4005) + 1;
  assert.equal(b![firstAfterSilence], null, 'b broke off after 4005');
  assert.equal(b!.filter((v) => v === null).length, 1, 'one break only');
  assert.equal(a!.filter((v) => v === null).length, 0, 'a never stopped');
});

test('appends keep order, ignore what is not newer, and trim drops what fell out of the range', () => {
  const cache = new SeriesCache(2);
  cache.reset({
    intervalMs: 1000,
    members: [
      {
        member: 'a',
        t: [1000, 2000],
        values: [
          [1, 2],
          [null, 5],
        ],
      },
    ],
  });
  cache.append({
    intervalMs: 1000,
    members: [
      {
        member: 'a',
        t: [2000, 3000],
        values: [
          [9, 3],
          [9, 6],
        ],
      },
      { member: 'n', t: [3000], values: [[7], [8]] },
    ],
  });
  assert.equal(cache.pointCount('a'), 3);
  assert.equal(cache.pointCount('n'), 1, 'a member that appears later gets its own series');
  const [x, a0, a1] = cache.align(
    ['a'],
    [
      { member: 'a', key: 0 },
      { member: 'a', key: 1 },
    ],
  );
  assert.deepEqual(
    [x, a0, a1],
    [
      [1000, 2000, 3000],
      [1, 2, 3],
      [null, 5, 6],
    ],
  );
  cache.trim(2500);
  assert.equal(cache.pointCount('a'), 1);
  assert.equal(cache.lastTime('a'), 3000);
});

test('a coarse tier joined to raw samples is not taken for a silence', () => {
  const cache = new SeriesCache(1);
  const t = [0, 60_000, 120_000, 180_000, 200_000, 202_000, 204_000];
  cache.reset({ intervalMs: 2000, members: [{ member: 'a', t, values: [t.map(() => 1)] }] });
  const [, a] = cache.align(['a'], [{ member: 'a', key: 0 }]);
  assert.equal(a!.filter((v) => v === null).length, 0);
});
