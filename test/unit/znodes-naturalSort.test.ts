import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareNatural, sortNatural } from '../../src/core/znodes/naturalSort';

function shuffled<T>(items: T[], seed = 7): T[] {
  const out = items.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('compareNatural', () => {
  it('orders numbers by value and letters ignoring case', () => {
    assert.deepEqual(sortNatural(['item-10', 'item-9', 'item-1', 'Item-2', 'a', 'B', 'c']), [
      'a',
      'B',
      'c',
      'item-1',
      'Item-2',
      'item-9',
      'item-10',
    ]);
    assert.deepEqual(sortNatural(['lock-0000000012', 'lock-0000000002', 'lock-0000000100']), [
      'lock-0000000002',
      'lock-0000000012',
      'lock-0000000100',
    ]);
    assert.deepEqual(sortNatural(['v1.10.0', 'v1.9.3', 'v1.9.10']), ['v1.9.3', 'v1.9.10', 'v1.10.0']);
    assert.deepEqual(sortNatural(['x2y', 'x', 'x10', 'x2']), ['x', 'x2', 'x2y', 'x10']);
  });

  it('is total: only identical strings compare equal, and antisymmetric', () => {
    const names = ['a01', 'a1', 'A1', 'a001', 'a1b', 'a', '', '99999999999999999999999', '1e5', 'é', 'z'];
    for (const a of names) {
      for (const b of names) {
        const ab = Math.sign(compareNatural(a, b)) || 0;
        assert.equal(ab, -Math.sign(compareNatural(b, a)) || 0, `${a} vs ${b}`);
        assert.equal(ab === 0, a === b, `${a} vs ${b}`);
      }
    }
  });

  it('is transitive on a mixed sample (the sorted order is consistent pairwise)', () => {
    const names = shuffled(
      Array.from({ length: 400 }, (_, i) => [`n${i % 37}`, `N${i}x${i % 5}`, `n0${i}`, `-${i}`, `n${i}.${i % 3}`][i % 5]!),
    );
    const sorted = sortNatural(names);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j += 7)
        assert.ok(compareNatural(sorted[i]!, sorted[j]!) <= 0, `${sorted[i]} !<= ${sorted[j]}`);
    }
  });

  it('sorts 300k sequential names, shuffled', () => {
    const names = shuffled(Array.from({ length: 300_000 }, (_, i) => `lock-${String(i).padStart(10, '0')}`));
    const sorted = sortNatural(names);
    assert.equal(sorted[0], 'lock-0000000000');
    assert.equal(sorted[299_999], 'lock-0000299999');
  });

  it('sorts 300k unpadded names, shuffled', () => {
    const names = shuffled(Array.from({ length: 300_000 }, (_, i) => `item-${i}`));
    const sorted = sortNatural(names);
    assert.deepEqual(sorted.slice(0, 3), ['item-0', 'item-1', 'item-2']);
    assert.equal(sorted[299_999], 'item-299999');
  });
});
