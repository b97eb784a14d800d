import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScanIo, createHealthLookup, liveHealthOf, preferPolled, scanPaths } from '../../src/core/discovery';
import type { EnsembleHealth } from '../../src/core/health/types';

function memoryIo(files: Record<string, string>, reads: string[] = []): ScanIo {
  return {
    size: async (p) => (p in files ? Buffer.byteLength(files[p]!) : undefined),
    read: async (p) => {
      reads.push(p);
      return files[p]!;
    },
  };
}

test('a scan reads candidate names only, at most maxFiles of them, and skips large files unread', async () => {
  const files: Record<string, string> = {
    'a/Main.java': 'zookeeper.connect=x:1',
    'big/server.properties': `zookeeper.connect=h:1\n${'#'.repeat(5000)}`,
  };
  for (let i = 0; i < 10; i++) files[`p${i}/server.properties`] = `zookeeper.connect=h${i}:2181\n`;
  const reads: string[] = [];
  const result = await scanPaths(Object.keys(files), memoryIo(files, reads), { maxFiles: 6, maxFileBytes: 1000 });
  assert.equal(result.stats.candidates, 11);
  assert.equal(result.stats.skippedOverCap, 5);
  assert.equal(result.stats.skippedLarge, 1);
  assert.equal(result.stats.filesRead, 5);
  assert.ok(!reads.includes('a/Main.java') && !reads.includes('big/server.properties'));
  assert.deepEqual(
    result.found.map((f) => f.connectString),
    ['h0:2181', 'h1:2181', 'h2:2181', 'h3:2181', 'h4:2181'],
  );
});

test('an aborted scan stops reading and says so', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 100; i++) files[`p${i}/server.properties`] = `zookeeper.connect=h${i}:2181\n`;
  const controller = new AbortController();
  const io = memoryIo(files);
  const slow: ScanIo = { size: (p) => io.size(p), read: async (p) => (p === 'p3/server.properties' && controller.abort(), io.read(p)) };
  const result = await scanPaths(Object.keys(files), slow, { maxFiles: 1000, maxFileBytes: 1000 }, controller.signal);
  assert.equal(result.stats.cancelled, true);
  assert.ok(result.stats.filesRead < 20, `read ${result.stats.filesRead} files after the abort`);
});

test('an unreadable file is counted, not thrown', async () => {
  const io: ScanIo = { size: async () => 10, read: async () => Promise.reject(new Error('EACCES')) };
  const result = await scanPaths(['server.properties'], io);
  assert.equal(result.stats.unreadable, 1);
  assert.deepEqual(result.found, []);
});

const fakeHealth = (connectString: string): EnsembleHealth =>
  ({
    connectString,
    takenAt: '',
    elapsedMs: 1,
    members: [],
    leader: null,
    leaderClaims: [],
    splitBrain: false,
    standalone: false,
    voters: 3,
    votersSource: 'connect-string',
    servingVoters: 0,
    majority: 2,
    quorum: false,
    canLose: 0,
    versions: [],
    membership: { views: [], drift: false, differences: [], agreed: null },
  }) satisfies EnsembleHealth;

test('the health lookup probes once per connect string within its TTL and shares a probe in flight', async () => {
  let clock = 0;
  const asked: string[] = [];
  const lookup = createHealthLookup({
    ttlMs: 1000,
    now: () => clock,
    assess: async (c) => {
      asked.push(c);
      return fakeHealth(c);
    },
  });
  const [a, b] = await Promise.all([lookup('h:1'), lookup(' h:1 ')]);
  assert.equal(a, b);
  assert.equal(a.summary, 'no quorum · 0/0');
  clock = 500;
  await lookup('h:1');
  assert.deepEqual(asked, ['h:1']);
  clock = 1500;
  await lookup('h:1');
  assert.deepEqual(asked, ['h:1', 'h:1']);
});

test('the health lookup forgets failures and keeps at most maxEntries answers', async () => {
  const asked: string[] = [];
  let fail = true;
  const lookup = createHealthLookup({
    maxEntries: 2,
    assess: async (c) => {
      asked.push(c);
      if (fail) throw new Error('boom');
      return fakeHealth(c);
    },
  });
  await assert.rejects(lookup('a:1'), /boom/);
  fail = false;
  await lookup('a:1');
  await lookup('b:1');
  await lookup('c:1');
  await lookup('a:1'); // evicted by c: asked again
  assert.deepEqual(asked, ['a:1', 'a:1', 'b:1', 'c:1', 'a:1']);
});

test('a malformed connect string is refused by the default assessor', async () => {
  const lookup = createHealthLookup();
  await assert.rejects(lookup('h:99999'), /out of range/);
});

test('a polled ensemble answers from its poll; only the others are probed', async () => {
  const probed: string[] = [];
  const polledHealth = { ...fakeHealth('a:1,b:1'), takenAt: '2026-12-03T10:00:00.000Z' };
  const lookup = preferPolled(
    (c) => (c === 'b:1,a:1' ? { health: polledHealth, clusterName: 'orders' } : undefined),
    async (c) => {
      probed.push(c);
      return liveHealthOf(fakeHealth(c), 0);
    },
  );
  const polled = await lookup('b:1,a:1');
  assert.equal(polled.polledAs, 'orders');
  assert.equal(polled.checkedAt, Date.parse('2026-12-03T10:00:00.000Z'));
  assert.equal(polled.summary, 'no quorum · 0/0');
  assert.deepEqual(probed, []);
  const other = await lookup('c:1');
  assert.equal(other.polledAs, undefined);
  assert.deepEqual(probed, ['c:1']);
});
