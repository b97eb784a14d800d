import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZkError } from '../../src/core/zk/errors';
import { decodeStat } from '../../src/core/zk/stat';
import type { ZkStat } from '../../src/core/zk/stat';
import { ChildPages, fetchChildDetails } from '../../src/core/znodes/childPages';
import { smallestNatural, sortNatural } from '../../src/core/znodes/naturalSort';
import type { ZkSession } from '../../src/core/zk/session';
import { sleep } from '../support/wait';

function stat(over: { numChildren?: number; ephemeralOwner?: bigint; dataLength?: number } = {}): ZkStat {
  return decodeStat({
    czxid: 1n,
    mzxid: 1n,
    ctime: 0n,
    mtime: 0n,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner: over.ephemeralOwner ?? 0n,
    dataLength: over.dataLength ?? 0,
    numChildren: over.numChildren ?? 0,
    pzxid: 1n,
  });
}

describe('ChildPages (no server: paging over names)', () => {
  const names = Array.from({ length: 1234 }, (_, i) => `item-${1233 - i}`);
  const pages = ChildPages.fromNames('/p', names, stat({ numChildren: 1234 }), 500);

  it('serves naturally sorted pages with the total', () => {
    assert.equal(pages.total, 1234);
    assert.equal(pages.pageCount, 3);
    const first = pages.page(0);
    assert.equal(first.names.length, 500);
    assert.equal(first.names[0], 'item-0');
    assert.equal(first.names[10], 'item-10');
    assert.equal(first.hasMore, true);
    const last = pages.page(2);
    assert.equal(last.offset, 1000);
    assert.equal(last.names.length, 234);
    assert.equal(last.hasMore, false);
    assert.deepEqual(pages.slice(1230, 100).names, ['item-1230', 'item-1231', 'item-1232', 'item-1233']);
    assert.equal(pages.slice(5000).names.length, 0);
  });

  it('finds the page of a name', () => {
    assert.equal(pages.indexOf('item-777'), 777);
    assert.equal(pages.pageOf('item-777'), 1);
    assert.equal(pages.pageOf('nope'), undefined);
  });
});

describe('ChildPages selection vs full sort', () => {
  it('serves the same names by selection (first pages) as by the full sort (any page)', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `item-${i}` : `lock-${String(i).padStart(10, '0')}`));
    for (let i = names.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [names[i], names[j]] = [names[j]!, names[i]!];
    }
    const expected = sortNatural(names);
    const pages = ChildPages.fromNames('/p', names, stat(), 500);
    assert.deepEqual(pages.page(0).names, expected.slice(0, 500));
    assert.deepEqual(pages.slice(0, 1500).names, expected.slice(0, 1500));
    assert.deepEqual(pages.slice(1200, 300).names, expected.slice(1200, 1500));
    assert.deepEqual(pages.slice(30_000, 10).names, expected.slice(30_000, 30_010));
    assert.deepEqual(pages.page(0).names, expected.slice(0, 500));
    assert.equal(pages.names.length, 50_000);
  });

  it('smallestNatural equals the head of a full sort, for any k', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `n${(i * 2654435761) % 10007}-${i % 7}`);
    const sorted = sortNatural(names);
    for (const k of [0, 1, 2, 10, 499, 1249, 1250, 4999, 5000, 6000])
      assert.deepEqual(smallestNatural(names, k), sorted.slice(0, k), `k=${k}`);
  });

  // Its speed is measured by `npm run bench -- znodes`; here, that the selection is right at 300k.
  it('selects the first page of 300k names', () => {
    const names = Array.from({ length: 300_000 }, (_, i) => `lock-${String((i * 7919) % 300_000).padStart(10, '0')}`);
    const first = ChildPages.fromNames('/p', names, stat()).page(0);
    assert.equal(first.names[0], 'lock-0000000000');
    assert.equal(first.names[499], 'lock-0000000499');
  });
});

describe('fetchChildDetails', () => {
  it('stats each name with bounded concurrency and reports vanished or failing children per row', async () => {
    let inFlight = 0;
    let peak = 0;
    const session = {
      async exists(path: string) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(1);
        inFlight--;
        if (path.endsWith('gone')) return null;
        if (path.endsWith('secret')) throw new ZkError('NOAUTH', { path });
        if (path.endsWith('eph')) return stat({ ephemeralOwner: 0x1000abcn });
        return stat({ numChildren: 3, dataLength: 7 });
      },
    } as unknown as ZkSession;
    const names = ['a', 'gone', 'secret', 'eph', ...Array.from({ length: 50 }, (_, i) => `n${i}`)];
    const details = await fetchChildDetails(session, '/', names, { concurrency: 8 });
    assert.equal(details.length, names.length);
    assert.ok(peak <= 8, `peak ${peak}`);
    assert.equal(details[0]!.path, '/a');
    assert.equal(details[0]!.numChildren, 3);
    assert.equal(details[1]!.gone, true);
    assert.equal(details[2]!.error?.name, 'NOAUTH');
    assert.equal(details[3]!.ephemeral, true);
  });
});
