/**
 * A parent with 300k children: the first page shows fast, pages are naturally sorted, row details
 * come from one pipelined burst, and `zkops ls` lists them all. One standalone server with a
 * bigger heap: 300k creates take ~30 s there (~100 s on a 3-member ensemble), and nothing here
 * depends on replication.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { ZkSession } from '../../src/core/zk/session';
import { ChildPages, fetchChildDetails } from '../../src/core/znodes/childPages';
import { cli, createChildren } from '../support/znodes';

const COUNT = 300_000;
const name = (i: number): string => `lock-${String(i).padStart(10, '0')}`;

describe('300k children under one parent', () => {
  let bed: Testbed;
  let session: ZkSession;

  before(async () => {
    bed = await Testbed.start({ size: 1, heapMb: 512 });
    session = await ZkSession.connect(bed.connectString);
    const names = Array.from({ length: COUNT }, (_, i) => name(i));
    await createChildren(session, '/big', names);
    // A few non-padded names so natural order differs from code-unit order.
    await createChildren(session, '/big', ['item-9', 'item-10', 'item-100']);
  });

  after(async () => {
    await session?.close();
    await bed?.close();
  });

  test('first page with details, naturally sorted, total right', async () => {
    const pages = await ChildPages.load(session, '/big');
    const first = pages.page(0);
    const details = await fetchChildDetails(session, '/big', first.names);
    assert.equal(pages.total, COUNT + 3);
    assert.equal(first.names.length, 500);
    assert.equal(first.names[0], 'item-9');
    assert.deepEqual(first.names.slice(0, 4), ['item-9', 'item-10', 'item-100', name(0)]);
    assert.equal(details.length, 500);
    assert.ok(details.every((d) => d.stat && d.numChildren === 0 && !d.ephemeral));
    const last = pages.page(pages.pageCount - 1);
    assert.equal(last.names.at(-1), name(COUNT - 1));
    assert.equal(pages.pageOf(name(150_000)), Math.floor((150_000 + 3) / 500));
  });

  test('zkops ls prints every child, one per line, in natural order', async () => {
    const run = await cli(['ls', bed.connectString, '/big']);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.trimEnd().split('\n');
    assert.equal(lines.length, COUNT + 3);
    assert.deepEqual(lines.slice(0, 4), ['item-9', 'item-10', 'item-100', name(0)]);
    assert.equal(lines.at(-1), name(COUNT - 1));
  });
});
