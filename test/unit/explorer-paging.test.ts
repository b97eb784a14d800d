import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PagingState, visibleWindow } from '../../src/ui/explorer/paging';

test('a parent starts with one page and grows a page at a time up to its total', () => {
  const p = new PagingState(500);
  assert.equal(p.shown('c:/big'), 500);
  assert.equal(p.more('c:/big', 1200), 1000);
  assert.equal(p.more('c:/big', 1200), 1200);
  assert.equal(p.more('c:/big', 1200), 1200);
  assert.equal(p.shown('c:/other'), 500);
});

test('reset drops the parent and everything below it, not its siblings', () => {
  const p = new PagingState(10);
  for (const k of ['c:/a', 'c:/a/b', 'c:/ab', 'd:/a']) p.more(k, 100);
  p.reset('c:/a');
  assert.equal(p.shown('c:/a'), 10);
  assert.equal(p.shown('c:/a/b'), 10);
  assert.equal(p.shown('c:/ab'), 20);
  assert.equal(p.shown('d:/a'), 20);
  p.reset('c:/');
  assert.equal(p.shown('c:/ab'), 10);
  assert.equal(p.shown('d:/a'), 20);
});

test('the window says how many show and what "load more" reads', () => {
  assert.deepEqual(visibleWindow(1200, 500), { count: 500, hasMore: true, moreLabel: 'Load more (500 of 1,200)' });
  assert.deepEqual(visibleWindow(300_000, 1000), { count: 1000, hasMore: true, moreLabel: 'Load more (1,000 of 300,000)' });
  assert.deepEqual(visibleWindow(12, 500), { count: 12, hasMore: false, moreLabel: undefined });
  assert.deepEqual(visibleWindow(0, 500), { count: 0, hasMore: false, moreLabel: undefined });
});

test('a page size below 1 is refused', () => {
  assert.throws(() => new PagingState(0), RangeError);
});
