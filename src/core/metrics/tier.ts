/**
 * One resolution level of one member's metrics: a ring of `capacity` slots shared by every key of
 * that member. Values live in one Float32Array per field laid out key-major
 * (`values[key * capacity + slot]`), so a member with 500 keys costs a handful of allocations,
 * not thousands, and the memory figure is the buffers' byte length.
 *
 * Float32 keeps about 7 significant digits: plenty for charts and thresholds. Exact latest values
 * are kept by the store, not here.
 */

export interface TierSpec {
  /** Bucket width in ms; 0 keeps every sample as it came. */
  readonly bucketMs: number;
  /** Slots in the ring. */
  readonly capacity: number;
}

/** One point of a series: a raw sample (min = max = value) or a bucket's average and extremes. */
export interface MetricPoint {
  /** Sample time, or the bucket's start. Epoch ms. */
  readonly t: number;
  readonly value: number;
  readonly min: number;
  readonly max: number;
}

function grown(old: Float32Array, oldKeys: number, newKeys: number, capacity: number): Float32Array {
  const next = new Float32Array(newKeys * capacity).fill(Number.NaN);
  next.set(old.subarray(0, oldKeys * capacity));
  return next;
}

function grown64(old: Float64Array, newKeys: number, fill: number): Float64Array {
  const next = new Float64Array(newKeys).fill(fill);
  next.set(old);
  return next;
}

export class Tier {
  readonly bucketMs: number;
  readonly capacity: number;
  private readonly times: Float64Array;
  private keys = 0;
  private avg: Float32Array = new Float32Array(0);
  /** Only downsampled tiers keep extremes; a raw sample is its own min and max. */
  private min: Float32Array = new Float32Array(0);
  private max: Float32Array = new Float32Array(0);
  private head = 0;
  private size = 0;
  /** The bucket being filled (bucket index, NaN before the first sample) and its running totals. */
  private open = Number.NaN;
  private accSum: Float64Array = new Float64Array(0);
  private accCount: Float64Array = new Float64Array(0);
  private accMin: Float64Array = new Float64Array(0);
  private accMax: Float64Array = new Float64Array(0);

  constructor(spec: TierSpec) {
    this.bucketMs = spec.bucketMs;
    this.capacity = Math.max(1, Math.floor(spec.capacity));
    this.times = new Float64Array(this.capacity);
  }

  private get downsampled(): boolean {
    return this.bucketMs > 0;
  }

  /** Makes room for keys `[keys, count)`; their past slots read as NaN (no data). */
  growKeys(count: number): void {
    if (count <= this.keys) return;
    this.avg = grown(this.avg, this.keys, count, this.capacity);
    if (this.downsampled) {
      this.min = grown(this.min, this.keys, count, this.capacity);
      this.max = grown(this.max, this.keys, count, this.capacity);
      this.accSum = grown64(this.accSum, count, 0);
      this.accCount = grown64(this.accCount, count, 0);
      this.accMin = grown64(this.accMin, count, Number.POSITIVE_INFINITY);
      this.accMax = grown64(this.accMax, count, Number.NEGATIVE_INFINITY);
    }
    this.keys = count;
  }

  /** Adds one sample of every key (`frame[key]`, NaN = absent this time). */
  push(timeMs: number, frame: Float64Array): void {
    const keys = this.keys;
    if (!this.downsampled) {
      const slot = this.head;
      this.times[slot] = timeMs;
      for (let k = 0; k < keys; k++) this.avg[k * this.capacity + slot] = frame[k]!;
      this.advance();
      return;
    }
    const bucket = Math.floor(timeMs / this.bucketMs);
    if (bucket !== this.open) {
      if (!Number.isNaN(this.open)) this.flush();
      this.open = bucket;
    }
    for (let k = 0; k < keys; k++) {
      const v = frame[k]!;
      if (v !== v) continue; // NaN: no data for this key in this sample
      this.accSum[k]! += v;
      this.accCount[k]! += 1;
      if (v < this.accMin[k]!) this.accMin[k] = v;
      if (v > this.accMax[k]!) this.accMax[k] = v;
    }
  }

  private advance(): void {
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Writes the open bucket into the ring and clears the running totals. */
  private flush(): void {
    const slot = this.head;
    this.times[slot] = this.open * this.bucketMs;
    for (let k = 0; k < this.keys; k++) {
      const i = k * this.capacity + slot;
      const n = this.accCount[k]!;
      this.avg[i] = n > 0 ? this.accSum[k]! / n : Number.NaN;
      this.min[i] = n > 0 ? this.accMin[k]! : Number.NaN;
      this.max[i] = n > 0 ? this.accMax[k]! : Number.NaN;
    }
    this.accSum.fill(0);
    this.accCount.fill(0);
    this.accMin.fill(Number.POSITIVE_INFINITY);
    this.accMax.fill(Number.NEGATIVE_INFINITY);
    this.advance();
  }

  /** Time of the oldest slot held (or of the open bucket when nothing was flushed yet). */
  oldest(): number | undefined {
    if (this.size > 0) return this.times[(this.head - this.size + this.capacity) % this.capacity];
    return Number.isNaN(this.open) ? undefined : this.open * this.bucketMs;
  }

  /**
   * The points of key `k` with `since <= t <= until`, oldest first; a downsampled tier adds its
   * open bucket as a partial last point, so recent data is never missing from a coarse view.
   */
  points(k: number, since: number, until: number): MetricPoint[] {
    const out: MetricPoint[] = [];
    if (k >= this.keys) return out;
    const base = k * this.capacity;
    for (let j = 0; j < this.size; j++) {
      const slot = (this.head - this.size + j + this.capacity) % this.capacity;
      const t = this.times[slot]!;
      if (t < since || t > until) continue;
      const value = this.avg[base + slot]!;
      if (value !== value) continue;
      out.push(
        this.downsampled ? { t, value, min: this.min[base + slot]!, max: this.max[base + slot]! } : { t, value, min: value, max: value },
      );
    }
    if (this.downsampled && !Number.isNaN(this.open) && this.accCount[k]! > 0) {
      const t = this.open * this.bucketMs;
      if (t >= since && t <= until) out.push({ t, value: this.accSum[k]! / this.accCount[k]!, min: this.accMin[k]!, max: this.accMax[k]! });
    }
    return out;
  }

  /** Bytes held by this tier's buffers. */
  bytes(): number {
    return (
      this.times.byteLength +
      this.avg.byteLength +
      this.min.byteLength +
      this.max.byteLength +
      this.accSum.byteLength +
      this.accCount.byteLength +
      this.accMin.byteLength +
      this.accMax.byteLength
    );
  }

  /** Bytes one more key would add. */
  bytesPerKey(): number {
    return this.capacity * 4 * (this.downsampled ? 3 : 1) + (this.downsampled ? 4 * 8 : 0);
  }
}
