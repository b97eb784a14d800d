/**
 * Edit distance with adjacent transpositions (optimal string alignment), so "tickTmie" is one
 * edit from "tickTime". Bounded: returns `limit + 1` as soon as the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1]!;
}

/**
 * The candidates closest to `word` (case-insensitive), best first, within a distance that grows
 * with the word's length. Empty when nothing is plausibly meant.
 */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const d = editDistance(lower, name.toLowerCase(), limit);
    if (d <= limit) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.length - y.name.length || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
