/**
 * The batched walk on a real ensemble: export, search, diff and count see exactly what the same
 * walk sees with every read sent on its own (multiRead off), including big values, unreadable
 * nodes, ephemerals, depth limits and nodes deleted mid-walk; and they cost about one request per
 * node for an export and a fraction of one for a name search (counted by the server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendFourLetterWord } from '../../src/core/ensemble/fourLetterWord';
import { Testbed } from '../../src/core/testbed/testbed';
import { Perms, digestAcl } from '../../src/core/zk/acl';
import { ZkSession } from '../../src/core/zk/session';
import { countSubtree } from '../../src/core/znodes/deleteTree';
import { exportTree } from '../../src/core/znodes/exporter';
import { SearchMatch, searchTree } from '../../src/core/znodes/search';
import { diffTrees } from '../../src/core/znodes/treeDiff';
import { walkTree } from '../../src/core/znodes/walk';
import { connectedMember } from '../support/sessions';
import { createTree } from '../support/znodes';

async function received(bed: Testbed, session: ZkSession): Promise<number> {
  const reply = await sendFourLetterWord('127.0.0.1', connectedMember(bed, session).ports.client, 'srvr', { timeoutMs: 5000 });
  assert.ok(reply.ok);
  return Number(/Received: (\d+)/.exec(reply.text)?.[1]);
}

describe('the batched subtree walk', () => {
  let bed: Testbed;
  let batched: ZkSession;
  let single: ZkSession;
  let owner: ZkSession;
  let total = 0;

  before(async () => {
    bed = await Testbed.start({ size: 3, adminServer: false });
    batched = await ZkSession.connect(bed.connectString);
    single = await ZkSession.connect(bed.connectString, { multiRead: false });
    owner = await ZkSession.connect(bed.connectString);
    total = await createTree(batched, '/w', 10, 300);
    await batched.create('/w/big', Buffer.alloc(900_000, 0x62));
    await batched.create('/w/big/child', Buffer.from('under a big value'));
    await batched.create('/w/locked', Buffer.from('hidden'), {
      acl: [digestAcl('carol', 'pw'), { scheme: 'world', id: 'anyone', perms: Perms.CREATE }],
    });
    await batched.create('/w/locked/n1', Buffer.from('unreachable'));
    await batched.create('/w/d0/deep', Buffer.from('1'));
    await batched.create('/w/d0/deep/er', Buffer.from('2'));
    await batched.create('/w/d0/deep/er/est', Buffer.from('3'));
    await owner.create('/w/d1/eph', Buffer.from('mine'), { mode: 'ephemeral' });
    total += 2 + 3 + 1; // big, its child, deep chain, eph (locked is unreadable)
  });

  after(async () => {
    await owner?.close();
    await batched?.close();
    await single?.close();
    await bed?.close();
  });

  test('export is the same document with and without multiRead, and costs about one request per node', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const before = await received(bed, batched);
    // With a caller's signal: hundreds of calls share it, none may pile listeners on it.
    const a = await exportTree(batched, '/w', { stats: true, skipUnreadable: true, signal: new AbortController().signal }).finally(() =>
      process.off('warning', onWarning),
    );
    const requests = (await received(bed, batched)) - before;
    assert.deepEqual(warnings, []);
    const b = await exportTree(single, '/w', { stats: true, skipUnreadable: true });
    assert.equal(a.document.count, total);
    assert.deepEqual(a.document.nodes, b.document.nodes);
    assert.deepEqual(
      a.unreadable.map((u) => [u.path, u.error.name]),
      [['/w/locked', 'NOAUTH']],
    );
    assert.deepEqual(
      b.unreadable.map((u) => [u.path, u.error.name]),
      [['/w/locked', 'NOAUTH']],
    );
    const bigNode = a.document.nodes.find((n) => n.path === '/big');
    assert.equal(bigNode?.data.length, 900_000);
    assert.equal(a.document.nodes.find((n) => n.path === '/d1/eph')?.ephemeral, true);
    // One getAcl per node plus shares of multiReads, against two or three requests per node.
    assert.ok(requests < 1.3 * a.document.count, `${requests} requests for ${a.document.count} nodes`);
    await assert.rejects(exportTree(batched, '/w'), (e: unknown) => e instanceof Error && e.name === 'NOAUTH');
  });

  test('search and count see the same nodes; a name search costs a fraction of a request per node', async () => {
    const run = async (
      s: ZkSession,
      query: Parameters<typeof searchTree>[2],
    ): Promise<{ paths: string[]; skipped: number; visited: number }> => {
      const found: SearchMatch[] = [];
      const summary = await searchTree(s, '/w', query, { onMatches: (m) => found.push(...m) });
      return { paths: found.map((m) => m.path).sort(), skipped: summary.skipped, visited: summary.visited };
    };
    const before = await received(bed, batched);
    const byName = await run(batched, { name: { glob: 'n29?' } });
    const requests = (await received(bed, batched)) - before;
    assert.deepEqual(byName, await run(single, { name: { glob: 'n29?' } }));
    assert.equal(byName.paths.length, 100);
    assert.equal(byName.skipped, 1);
    assert.ok(requests < 0.35 * byName.visited, `${requests} requests for ${byName.visited} nodes`);
    const byData = await run(batched, { data: { text: 'under a big' } });
    assert.deepEqual(byData.paths, ['/w/big/child']);
    assert.deepEqual(byData, await run(single, { data: { text: 'under a big' } }));
    const shallow = await run(batched, { name: { glob: '*' }, maxDepth: 1 });
    assert.deepEqual(shallow, await run(single, { name: { glob: '*' }, maxDepth: 1 }));
    assert.equal(shallow.paths.length, 1 + 10 + 1, 'the root and its readable children only');
    const counted = await countSubtree(batched, '/w/d1');
    assert.deepEqual(counted, await countSubtree(single, '/w/d1'));
    assert.deepEqual(counted, { path: '/w/d1', count: 302, ephemerals: 1 });
  });

  test('diff across a batched and a one-by-one session finds nothing, then exactly the change', async () => {
    const same = await diffTrees({ session: batched, root: '/w/d2' }, { session: single, root: '/w/d2' });
    assert.equal(same.equal, true);
    await owner.set('/w/d3/n7', Buffer.from('changed'), -1);
    const changed = await diffTrees({ session: batched, root: '/w/d3' }, { session: single, root: '/w/d4' });
    assert.equal(changed.counts.changed, 301, 'every value names its folder, so all differ');
  });

  test('nodes deleted while the walk runs are counted as vanished, parents still come before children', async () => {
    await createTree(owner, '/gone', 4, 500);
    const seen = new Set<string>();
    let deleting: Promise<unknown> | undefined;
    // Two nodes at a time: d3's leaves are read long after its listing, when the deletes are done.
    const summary = await walkTree(batched, '/gone', { data: true, acl: true, concurrency: 2 }, (n) => {
      if (n.path !== '/gone') assert.ok(seen.has(n.path.slice(0, n.path.lastIndexOf('/')) || '/'), `${n.path} before its parent`);
      seen.add(n.path);
      // Once the folders are listed, delete one folder's leaves under the walk's feet.
      if (n.path === '/gone/d3' && !deleting) deleting = Promise.all(n.children.map((c) => owner.delete(`/gone/d3/${c}`, -1)));
    });
    await deleting;
    assert.equal(summary.visited + summary.vanished, 1 + 4 + 4 * 500);
    assert.ok(summary.vanished > 0, 'some leaves were deleted before they were read');
  });
});
