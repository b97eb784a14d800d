import { medianOf } from './baseline';

/*
 * Time to a limit from a robust trend. Theil–Sen (the median of pairwise slopes) over bucket
 * medians: a single spike moves one bucket's median at most, and a median of slopes ignores up to
 * ~29 % bad buckets, where least squares (Prometheus's predict_linear) follows every outlier.
 * The series is cut at restarts and gaps; too little left gives no forecast, never a wild one.
 */

export interface TrendPoint {
  /** Epoch ms. */
  readonly t: number;
  readonly v: number;
}

export interface TrendOptions {
  /** Fewest points (after cutting) for a forecast. Default 10. */
  readonly minPoints?: number;
  /** Shortest time span (after cutting) for a forecast. Default 60 s. */
  readonly minSpanMs?: number;
  /** A gap longer than this many median spacings cuts the series. Default 5. */
  readonly gapFactor?: number;
  /** Buckets the series is reduced to before pairwise slopes. Default 32. */
  readonly buckets?: number;
}

export type TrendOutcome =
  | {
      readonly status: 'forecast';
      readonly level: number;
      readonly likely: number;
      readonly pessimistic: number;
      readonly slopePerSecond: number;
    }
  /** Not growing now (or already past the limit is reported as a forecast of 0). */
  | { readonly status: 'flat'; readonly level: number }
  | { readonly status: 'insufficient'; readonly reason: string };

/** The points after the last restart (given times) or gap, oldest first. */
export function lastSegment(points: readonly TrendPoint[], restarts: readonly number[], gapFactor: number): TrendPoint[] {
  if (points.length < 2) return [...points];
  const spacings: number[] = [];
  for (let i = 1; i < points.length; i++) spacings.push(points[i]!.t - points[i - 1]!.t);
  const gap = medianOf(spacings) * gapFactor;
  const lastRestart = restarts.length > 0 ? Math.max(...restarts) : Number.NEGATIVE_INFINITY;
  let start = 0;
  for (let i = 1; i < points.length; i++) if (points[i]!.t - points[i - 1]!.t > gap) start = i;
  while (start < points.length && points[start]!.t < lastRestart) start++;
  return points.slice(start);
}

/** Bucket medians over equal time spans (empty buckets skipped). */
function bucketMedians(points: readonly TrendPoint[], count: number): TrendPoint[] {
  if (points.length <= count) return [...points];
  const t0 = points[0]!.t;
  const width = (points[points.length - 1]!.t - t0) / count || 1;
  const out: TrendPoint[] = [];
  let i = 0;
  for (let b = 0; b < count; b++) {
    const end = b === count - 1 ? Number.POSITIVE_INFINITY : t0 + (b + 1) * width;
    let tSum = 0;
    const vs: number[] = [];
    while (i < points.length && points[i]!.t < end) {
      tSum += points[i]!.t;
      vs.push(points[i]!.v);
      i++;
    }
    // Times are evenly spread within a bucket: their mean will do; values need the median (spikes).
    if (vs.length > 0) out.push({ t: tSum / vs.length, v: medianOf(vs) });
  }
  return out;
}

/** Theil–Sen slope (per second), its upper bound (Sen's rank interval, ~95 %), and intercept at `now`. */
export function theilSen(points: readonly TrendPoint[], now: number): { slope: number; upper: number; levelAtNow: number } {
  const n = points.length;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = (points[j]!.t - points[i]!.t) / 1000;
      if (dt > 0) slopes.push((points[j]!.v - points[i]!.v) / dt);
    }
  }
  if (slopes.length === 0) return { slope: 0, upper: 0, levelAtNow: points[n - 1]?.v ?? 0 };
  const sorted = Float64Array.from(slopes).sort();
  const mid = sorted.length >> 1;
  const slope = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const c = 1.96 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const upperIndex = Math.min(sorted.length - 1, Math.ceil((sorted.length + c) / 2));
  const levelAtNow = medianOf(points.map((p) => p.v + (slope * (now - p.t)) / 1000));
  return { slope, upper: sorted[upperIndex]!, levelAtNow };
}

/**
 * How long until `points` reach `limit`, as likely and pessimistic seconds. The likely trend is
 * the last half of the series (a leak that started an hour into a flat day is judged by its own
 * slope); growth must still show in the last quarter, so a step that has levelled off is no trend.
 * The pessimistic ETA takes the fastest of: the upper bound of the slope, the last quarter's slope.
 */
export function forecastToLimit(
  points: readonly TrendPoint[],
  limit: number,
  now: number,
  restarts: readonly number[] = [],
  options: TrendOptions = {},
): TrendOutcome {
  const minPoints = options.minPoints ?? 10;
  const minSpanMs = options.minSpanMs ?? 60_000;
  const segment = lastSegment(points, restarts, options.gapFactor ?? 5);
  if (segment.length < minPoints)
    return { status: 'insufficient', reason: `${segment.length} points since the last restart or gap (need ${minPoints})` };
  const span = segment[segment.length - 1]!.t - segment[0]!.t;
  if (span < minSpanMs)
    return {
      status: 'insufficient',
      reason: `${Math.round(span / 1000)} s of data since the last restart or gap (need ${minSpanMs / 1000})`,
    };
  if (now - segment[segment.length - 1]!.t > Math.max(span / 4, minSpanMs)) return { status: 'insufficient', reason: 'no recent points' };
  const buckets = bucketMedians(segment, options.buckets ?? 32);
  const half = theilSen(buckets.slice(Math.floor(buckets.length / 2)), now);
  const quarter = theilSen(buckets.slice(Math.floor((buckets.length * 3) / 4)), now);
  const level = half.levelAtNow;
  if (level >= limit) return { status: 'forecast', level, likely: 0, pessimistic: 0, slopePerSecond: half.slope };
  if (half.slope <= 0 || quarter.slope <= 0) return { status: 'flat', level };
  const fastest = Math.max(half.upper, quarter.slope, half.slope);
  return {
    status: 'forecast',
    level,
    likely: (limit - level) / half.slope,
    pessimistic: Math.max(0, limit - Math.max(level, quarter.levelAtNow)) / fastest,
    slopePerSecond: half.slope,
  };
}
