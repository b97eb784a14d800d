import { MetricKind, metricKind, rateBetween } from './counters';
import { MetricPoint, Tier } from './tier';

export type { MetricPoint } from './tier';

/** A resolution level: `bucketMs` 0 keeps raw samples; `spanMs` is how far back it reaches. */
export interface TierSpan {
  readonly bucketMs: number;
  readonly spanMs: number;
}

export interface MetricStoreOptions {
  /** The expected sampling interval; sizes the raw tier. Default 2000. */
  intervalMs?: number;
  /** Finest first. Default: raw for 5 min, 1-min buckets for 6 h, 15-min buckets for 24 h. */
  tiers?: readonly TierSpan[];
  /**
   * Hard cap on the store's accounted bytes. A key that would exceed it is not stored (and
   * counted in `droppedKeys`), so a server that grows keys without bound (per-namespace metrics)
   * cannot grow the store without bound. Default 20,000,000.
   */
  maxBytes?: number;
}

export const DEFAULT_TIERS: readonly TierSpan[] = [
  { bucketMs: 0, spanMs: 5 * 60_000 },
  { bucketMs: 60_000, spanMs: 6 * 3_600_000 },
  { bucketMs: 15 * 60_000, spanMs: 24 * 3_600_000 },
];

export const DEFAULT_MAX_BYTES = 20_000_000;

/** Rough heap cost of one key's bookkeeping (map entry, name string) beyond its buffers. */
const KEY_OVERHEAD_BYTES = 96;
/** Per key and member outside the tiers: frame, last raw value, counter flag. */
const KEY_STATE_BYTES = 8 + 8 + 1;

export interface SeriesQuery {
  /** Epoch ms; default: everything the finest tier holds. */
  readonly since?: number;
  readonly until?: number;
  /** Read this tier (its bucket width; 0 = raw) instead of choosing one by `since`. */
  readonly resolutionMs?: number;
}

/** What one tier of a member holds: its bucket width and the time of its oldest point. */
export interface TierCoverage {
  readonly resolutionMs: number;
  readonly oldest: number | undefined;
}

export interface SeriesResult {
  readonly key: string;
  readonly kind: MetricKind;
  /** Counters are stored as per-second rates. */
  readonly unit: 'per-second' | 'value';
  /** Bucket width of the tier that answered; 0 for raw samples. */
  readonly resolutionMs: number;
  readonly points: MetricPoint[];
}

function withLength(old: Float64Array, length: number): Float64Array {
  const next = new Float64Array(length).fill(Number.NaN);
  next.set(old);
  return next;
}

/** Everything held for one member; keys are numbered in the order they first appeared. */
class MemberSeries {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  /** Keys refused for lack of budget; not retried, so each is counted once. */
  readonly refused = new Set<string>();
  /** The sample being written, by key number (NaN = absent). */
  frame: Float64Array = new Float64Array(0);
  /** Last raw reading by key number, exact (counters as read): rates and `latest` use it. */
  last: Float64Array = new Float64Array(0);
  counter: Uint8Array = new Uint8Array(0);
  lastAt = Number.NaN;
  /** What this member counts for in the store's total. */
  charged = 0;
  constructor(readonly tiers: Tier[]) {}

  addKeys(keys: readonly string[]): void {
    for (const key of keys) {
      this.index.set(key, this.names.length);
      this.names.push(key);
    }
    const count = this.names.length;
    for (const tier of this.tiers) tier.growKeys(count);
    this.frame = new Float64Array(count);
    this.last = withLength(this.last, count);
    const counter = new Uint8Array(count);
    counter.set(this.counter);
    for (let k = this.counter.length; k < count; k++) counter[k] = metricKind(this.names[k]!) === 'counter' ? 1 : 0;
    this.counter = counter;
  }

  bytes(): number {
    let total = this.names.length * (KEY_OVERHEAD_BYTES + KEY_STATE_BYTES);
    for (const tier of this.tiers) total += tier.bytes();
    return total;
  }
}

/**
 * Time series of every numeric mntr key of every member, in bounded ring buffers at several
 * resolutions. Counters are stored as per-second rates. Memory is bounded by `maxBytes` whatever
 * the servers report.
 */
export class MetricStore {
  readonly intervalMs: number;
  readonly maxBytes: number;
  private readonly spans: readonly TierSpan[];
  private readonly members = new Map<string, MemberSeries>();
  private accounted = 0;
  private dropped = 0;

  constructor(options: MetricStoreOptions = {}) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.spans = options.tiers ?? DEFAULT_TIERS;
    if (this.spans.length === 0) throw new Error('a metric store needs at least one tier');
  }

  /** How far back the coarsest tier reaches (24 h by default): older ranges need another source. */
  get spanMs(): number {
    return Math.max(...this.spans.map((s) => s.spanMs));
  }

  private capacity(span: TierSpan): number {
    return Math.ceil(span.spanMs / (span.bucketMs > 0 ? span.bucketMs : this.intervalMs));
  }

  private series(member: string): MemberSeries {
    let series = this.members.get(member);
    if (!series) {
      series = new MemberSeries(this.spans.map((s) => new Tier({ bucketMs: s.bucketMs, capacity: this.capacity(s) })));
      this.members.set(member, series);
      series.charged = series.bytes();
      this.accounted += series.charged;
    }
    return series;
  }

  /** What one more key costs across all tiers; used to refuse keys before allocating. */
  private bytesPerKey(): number {
    let total = KEY_OVERHEAD_BYTES + KEY_STATE_BYTES;
    for (const s of this.spans) total += this.capacity(s) * 4 * (s.bucketMs > 0 ? 3 : 1) + (s.bucketMs > 0 ? 32 : 0);
    return total;
  }

  /** Adds one reading of a member's raw mntr values (counters as read; the store makes rates). */
  record(member: string, timeMs: number, values: Readonly<Record<string, number>>): void {
    const series = this.series(member);
    let fresh: string[] | undefined;
    for (const key in values) {
      if (series.index.has(key) || series.refused.has(key)) continue;
      fresh ??= [];
      if (this.accounted + this.bytesPerKey() * (fresh.length + 1) > this.maxBytes) {
        series.refused.add(key);
        this.dropped++;
      } else {
        fresh.push(key);
      }
    }
    if (fresh && fresh.length > 0) {
      series.addKeys(fresh);
      const charged = series.bytes();
      this.accounted += charged - series.charged;
      series.charged = charged;
    }
    const seconds = (timeMs - series.lastAt) / 1000;
    const { frame, last, counter, index } = series;
    frame.fill(Number.NaN);
    for (const key in values) {
      const k = index.get(key);
      if (k === undefined) continue;
      const value = values[key]!;
      frame[k] = counter[k] === 1 ? rateBetween(last[k]!, value, seconds) : value;
    }
    // A key absent from this reading loses its last value: `latest` stops showing it, and a later
    // reading of a counter starts a fresh rate.
    last.fill(Number.NaN);
    for (const key in values) {
      const k = index.get(key);
      if (k !== undefined) last[k] = values[key]!;
    }
    series.lastAt = timeMs;
    for (const tier of series.tiers) tier.push(timeMs, frame);
  }

  /**
   * One key's points of one member between `since` and `until`, from the finest tier that still
   * reaches back to `since` (the coarsest when none does); without `since`, the finest tier.
   */
  query(member: string, key: string, range: SeriesQuery = {}): SeriesResult {
    const kind = metricKind(key);
    const unit = kind === 'counter' ? 'per-second' : 'value';
    const series = this.members.get(member);
    const k = series?.index.get(key);
    if (!series || k === undefined) return { key, kind, unit, resolutionMs: 0, points: [] };
    const since = range.since ?? Number.NEGATIVE_INFINITY;
    const until = range.until ?? Number.POSITIVE_INFINITY;
    const finest = series.tiers[0]!;
    const chosen = range.resolutionMs === undefined ? undefined : series.tiers.find((t) => t.bucketMs === range.resolutionMs);
    if (range.resolutionMs !== undefined && !chosen) return { key, kind, unit, resolutionMs: range.resolutionMs, points: [] };
    const tier =
      chosen ??
      (range.since === undefined
        ? finest
        : (series.tiers.find((t) => (t.oldest() ?? Number.POSITIVE_INFINITY) <= since) ?? series.tiers[series.tiers.length - 1]!));
    return { key, kind, unit, resolutionMs: tier.bucketMs, points: tier.points(k, since, until) };
  }

  /** The member's tiers, finest first (empty for an unknown member): the dashboard stitches them. */
  coverage(member: string): TierCoverage[] {
    return this.members.get(member)?.tiers.map((t) => ({ resolutionMs: t.bucketMs, oldest: t.oldest() })) ?? [];
  }

  /** The member's last raw reading (counters as read, exact), or undefined before any. */
  latest(member: string): { timeMs: number; values: ReadonlyMap<string, number> } | undefined {
    const series = this.members.get(member);
    if (!series || Number.isNaN(series.lastAt)) return undefined;
    const values = new Map<string, number>();
    series.names.forEach((name, k) => {
      const v = series.last[k]!;
      if (v === v) values.set(name, v);
    });
    return { timeMs: series.lastAt, values };
  }

  memberNames(): string[] {
    return [...this.members.keys()];
  }

  keys(member: string): readonly string[] {
    return this.members.get(member)?.names ?? [];
  }

  /** Forgets a member (removed by reconfig, or its cluster closed). */
  removeMember(member: string): void {
    const series = this.members.get(member);
    if (!series) return;
    this.accounted -= series.charged;
    this.members.delete(member);
  }

  clear(): void {
    for (const member of [...this.members.keys()]) this.removeMember(member);
  }

  /** Bytes held: every buffer, plus an estimate of the per-key bookkeeping. */
  memoryBytes(): number {
    return this.accounted;
  }

  /** Keys refused because storing them would exceed `maxBytes`. */
  get droppedKeys(): number {
    return this.dropped;
  }
}
