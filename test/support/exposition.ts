/**
 * Reads the samples of a Prometheus text exposition (format 0.0.4) for comparisons in tests: each
 * as a key `name{a="x",b="y"}` (labels sorted, values unescaped and re-quoted as JSON) and its
 * value. Comments are skipped; a line that is not a sample throws.
 */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`not a sample line: ${line}`);
    const name = line.slice(0, nameEnd);
    const labels: Record<string, string> = {};
    let i = nameEnd;
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const eq = line.indexOf('="', i);
        if (eq < 0) throw new Error(`bad labels: ${line}`);
        const label = line.slice(i, eq);
        let value = '';
        i = eq + 2;
        for (; line[i] !== '"'; i++) {
          if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
          if (line[i] === '\\') {
            i++;
            value += line[i] === 'n' ? '\n' : line[i];
          } else value += line[i];
        }
        labels[label] = value;
        i++;
        if (line[i] === ',') i++;
      }
      i++;
    }
    const value = line.slice(i).trim().split(' ')[0]!;
    samples.set(sampleKey(name, labels), value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value));
  }
  return samples;
}

/** The comparison key of a series: its name and its labels, sorted. */
export function sampleKey(name: string, labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${parts.join(',')}}`;
}
