/**
 * A member's own normal for one signal: averages of fixed buckets (30 s by default) over the last
 * hour, with their median and spread (MAD × 1.4826, the robust stand-in for a standard
 * deviation). Bounded by the bucket count; a poll costs one bucket update, the statistics sort
 * at most `capacity` numbers.
 */
export class Baseline {
  private readonly buckets: number[] = [];
  private openBucket = Number.NaN;
  private openSum = 0;
  private openCount = 0;
  private readonly capacity: number;
  /** Statistics of the completed buckets; recomputed only when a bucket completes. */
  private cached: { median: number; spread: number } | null = null;

  constructor(
    spanMs: number,
    private readonly bucketMs = 30_000,
  ) {
    this.capacity = Math.max(2, Math.ceil(spanMs / bucketMs));
  }

  add(timeMs: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const bucket = Math.floor(timeMs / this.bucketMs);
    if (bucket !== this.openBucket) {
      if (this.openCount > 0) {
        this.buckets.push(this.openSum / this.openCount);
        if (this.buckets.length > this.capacity) this.buckets.shift();
        this.cached = null;
      }
      this.openBucket = bucket;
      this.openSum = 0;
      this.openCount = 0;
    }
    this.openSum += value;
    this.openCount++;
  }

  /** Completed buckets held. */
  get size(): number {
    return this.buckets.length;
  }

  /** Median and robust spread of the completed buckets; null with fewer than `minBuckets`. */
  stats(minBuckets: number): { median: number; spread: number } | null {
    if (this.buckets.length < minBuckets) return null;
    if (!this.cached) {
      const median = medianOf(this.buckets);
      this.cached = { median, spread: 1.4826 * medianOf(this.buckets.map((b) => Math.abs(b - median))) };
    }
    return this.cached;
  }
}

/** Median of a non-empty list (copies; does not reorder the input). */
export function medianOf(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
