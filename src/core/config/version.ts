/** Compares dotted release numbers ("3.6", "3.6.0", "3.10.1"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** True when `text` looks like a release number we can compare. */
export function isVersion(text: string): boolean {
  return /^\d+\.\d+(\.\d+)?$/.test(text);
}
