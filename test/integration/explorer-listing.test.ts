import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { mapBounded } from '../../src/core/zk/limiter';
import { ZkSession } from '../../src/core/zk/session';
import { Batch, Coalescer } from '../../src/ui/explorer/coalescer';
import { ListingCache } from '../../src/ui/explorer/listings';
import { PagingState, visibleWindow } from '../../src/ui/explorer/paging';
import { until } from '../support/wait';

// The explorer's listing layer (no VS Code) against a real ensemble: a wide parent pages fast,
// only shown rows are stat'ed, child watches invalidate through the coalescer, and the cache is
// bounded.
const WIDE = '/wide';
const N = 50_000;

let bed: Testbed | undefined;
let zk: ZkSession | undefined;

before(async () => {
  bed = await Testbed.start({ size: 3 });
  zk = await ZkSession.connect(bed.connectString, { requestTimeoutMs: 30_000 });
  await zk.create(WIDE);
  const batches = Array.from({ length: N / 1000 }, (_, b) => b);
  const done = await mapBounded(
    batches,
    (b) => zk!.multi(Array.from({ length: 1000 }, (_, i) => ({ op: 'create' as const, path: `${WIDE}/n-${b * 1000 + i}` }))),
    { concurrency: 4 },
  );
  assert.ok(done.every((o) => o.ok && o.value.committed));
});

after(async () => {
  await zk?.close();
  await bed?.close();
});

// How fast is measured by `npm run bench -- explorer-paging`; this checks the work done.
test('a 50k-child parent shows its first page in natural order from one listing', async () => {
  let listings = 0;
  const counting = new Proxy(zk!, {
    get(target, key, receiver) {
      if (key === 'children') listings++;
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const cache = new ListingCache({ sessionFor: async () => counting });
  const first = await cache.rows('c', WIDE, 500);
  assert.equal(first.total, N);
  assert.equal(first.rows.length, 500);
  assert.deepEqual(
    first.rows.slice(0, 3).map((r) => r.name),
    ['n-0', 'n-1', 'n-2'],
  );
  assert.equal(first.rows[499]!.name, 'n-499');
  assert.ok(first.rows.every((r) => r.stat !== undefined && r.stat.numChildren === 0));
  assert.equal(listings, 1);
  // The next page reuses the listing: no second getChildren, only 500 more stats.
  const paging = new PagingState(500);
  const shown = paging.more('c:/wide', first.total);
  const second = await cache.rows('c', WIDE, shown);
  assert.equal(second.rows.length, 1000);
  assert.equal(second.rows[999]!.name, 'n-999');
  assert.equal(listings, 1, 'the second page reuses the listing');
  assert.equal(visibleWindow(second.total, shown).moreLabel, 'Load more (1,000 of 50,000)');
});

test('a child watch invalidates the listing through the coalescer; the next listing shows the change', async () => {
  const batches: Batch<string>[] = [];
  let cache: ListingCache | undefined;
  const coalescer = new Coalescer<string>({ delayMs: 100, maxWaitMs: 1000, maxKeys: 10 }, (b) => {
    batches.push(b);
    if (!b.all) for (const key of b.keys) cache!.invalidate('c', key.slice(key.indexOf(':') + 1));
  });
  cache = new ListingCache({ sessionFor: async () => zk!, watcherFor: (clusterId, path) => () => coalescer.push(`${clusterId}:${path}`) });
  await zk!.create('/watched');
  await zk!.create('/watched/a');
  assert.deepEqual(
    (await cache.rows('c', '/watched', 500)).rows.map((r) => r.name),
    ['a'],
  );
  await zk!.create('/watched/b');
  await zk!.create('/watched/c');
  await until('a batch from the coalescer', () => batches.length > 0, { timeoutMs: 5000, everyMs: 20 });
  assert.deepEqual(batches, [{ all: false, keys: ['c:/watched'] }]);
  assert.deepEqual(
    (await cache.rows('c', '/watched', 500)).rows.map((r) => r.name),
    ['a', 'b', 'c'],
  );
  coalescer.dispose();
});

test('the cache drops least recently used listings beyond its name budget; failures are not cached', async () => {
  await zk!.create('/small');
  await zk!.create('/small/x');
  const cache = new ListingCache({ sessionFor: async () => zk!, maxNames: N + 10 });
  await cache.rows('c', WIDE, 10);
  await cache.rows('c', '/small', 10);
  assert.equal(cache.size, 2);
  await zk!.create('/other');
  for (let i = 0; i < 20; i++) await zk!.create(`/other/o${i}`);
  await cache.rows('c', '/other', 10);
  // 50,000 + 1 + 20 names is over the budget: the wide listing (least recently used) goes.
  assert.equal(cache.size, 2);
  assert.equal(await cache.cachedNames('c', WIDE), undefined);
  await assert.rejects(cache.rows('c', '/missing', 10), (err: Error) => err.name === 'NONODE');
  assert.equal(cache.size, 2);
});

test("a refreshed listing syncs its member with the leader first, so another client's writes show", async () => {
  // The writer is on one member, the reader on another: without sync the reader's member may be
  // a few ms behind the write (ZooKeeper orders each session's view, not views across sessions).
  const [writerAt, readerAt] = [bed!.members[0]!, bed!.members[1]!];
  const writer = await ZkSession.connect(`127.0.0.1:${writerAt.ports.client}`);
  const reader = await ZkSession.connect(`127.0.0.1:${readerAt.ports.client}`);
  const calls: string[] = [];
  const recording = new Proxy(reader, {
    get(target, key, receiver) {
      if (key === 'sync' || key === 'children') calls.push(String(key));
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  try {
    const cache = new ListingCache({ sessionFor: async () => recording });
    await writer.create('/fresh');
    await reader.sync('/fresh');
    assert.deepEqual((await cache.rows('c', '/fresh', 10)).rows, []);
    assert.deepEqual(calls, ['children'], 'a first listing does not sync');
    for (let i = 0; i < 5; i++) await writer.create(`/fresh/k${i}`);
    cache.invalidate('c', '/fresh');
    calls.length = 0;
    const rows = await cache.rows('c', '/fresh', 10);
    assert.deepEqual(calls, ['sync', 'children']);
    assert.deepEqual(
      rows.rows.map((r) => r.name),
      ['k0', 'k1', 'k2', 'k3', 'k4'],
    );
    calls.length = 0;
    await cache.rows('c', '/fresh', 10);
    assert.deepEqual(calls, [], 'cached again');
  } finally {
    await writer.close();
    await reader.close();
  }
});
