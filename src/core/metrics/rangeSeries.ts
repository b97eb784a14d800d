import type { MemberSeries, SeriesBlock } from '../../shared/dashboardProtocol';
import type { MetricStore } from './store';

/*
 * The dashboard's series, assembled from metric stores: for a time range, each member's points of
 * each key, finest data first. The store keeps raw samples for minutes and coarser buckets for
 * hours; a range reaching further back than the raw tier gets the raw samples where they exist and
 * each coarser tier only before the finer one begins, so the latest minutes are always at full
 * resolution and 24 h costs a few hundred points per series, not 43,200. Pure: no clock, no I/O.
 */

export interface SeriesRequest {
  /** Members in display order. */
  readonly members: readonly string[];
  /** Keys in the order of each member's `values`. */
  readonly keys: readonly string[];
  /** Epoch ms; points with `since <= t <= until` are returned. */
  readonly since: number;
  readonly until: number;
}

/** One member's time segments, coarsest (oldest) first: [from, to) read from the tier of `resolutionMs`. */
interface Segment {
  readonly resolutionMs: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Which tier answers which part of [since, until]: the finest tier from its oldest point, each
 * coarser tier up to where the next finer one starts (when that leaves it a whole bucket). Tiers
 * that hold nothing are skipped.
 */
export function segmentsFor(store: MetricStore, member: string, since: number, until: number): Segment[] {
  const segments: Segment[] = [];
  let end = until + 1;
  for (const tier of store.coverage(member)) {
    if (tier.oldest === undefined) continue;
    const from = Math.max(since, tier.oldest);
    // A coarser tier fills in only where it has at least one whole bucket before the finer data.
    if (end - from > 0 && (segments.length === 0 || end - from >= tier.resolutionMs))
      segments.unshift({ resolutionMs: tier.resolutionMs, from, to: end });
    end = Math.min(end, from);
    if (end <= since) break;
  }
  return segments;
}

/** The store that holds `key` for `member`: the first of `stores` that knows it. */
function storeFor(stores: readonly MetricStore[], member: string, key: string): MetricStore | undefined {
  return stores.find((s) => s.keys(member).includes(key));
}

/** One member's rows (a time, a value per key) read from `segments`, as parallel arrays. */
function collect(stores: readonly MetricStore[], member: string, keys: readonly string[], segments: readonly Segment[]): MemberSeries {
  const rows = new Map<number, (number | null)[]>();
  keys.forEach((key, k) => {
    const store = storeFor(stores, member, key);
    if (!store) return;
    for (const segment of segments) {
      const { points } = store.query(member, key, { resolutionMs: segment.resolutionMs, since: segment.from, until: segment.to - 1 });
      for (const point of points) {
        let row = rows.get(point.t);
        if (!row) {
          row = new Array<number | null>(keys.length).fill(null);
          rows.set(point.t, row);
        }
        row[k] = point.value;
      }
    }
  });
  const t = [...rows.keys()].sort((a, b) => a - b);
  return { member, t, values: keys.map((_, k) => t.map((time) => rows.get(time)![k]!)) };
}

function primaryOf(stores: readonly MetricStore[]): MetricStore {
  const primary = stores[0];
  if (!primary) throw new Error('the dashboard series need at least one store');
  return primary;
}

/**
 * Every requested member's points of every requested key in the range, from `stores` (the poller's
 * store first; derived values such as zxid lag in another, recorded at the same sample times).
 * Segments come from the first store's tiers; all stores share the tier layout.
 */
export function assembleSeries(stores: readonly MetricStore[], request: SeriesRequest): SeriesBlock {
  const primary = primaryOf(stores);
  const members = request.members.map((member) =>
    collect(stores, member, request.keys, segmentsFor(primary, member, request.since, request.until)),
  );
  return { intervalMs: primary.intervalMs, members };
}

/**
 * Only the raw samples after `after[member]` (exclusive) up to `until`, for an incremental post:
 * what a live chart appends between two full snapshots. Members with nothing new are left out.
 */
export function newSamples(
  stores: readonly MetricStore[],
  keys: readonly string[],
  members: readonly string[],
  after: ReadonlyMap<string, number>,
  until: number,
): SeriesBlock {
  const primary = primaryOf(stores);
  const out = members
    .map((member) =>
      collect(stores, member, keys, [{ resolutionMs: 0, from: (after.get(member) ?? Number.NEGATIVE_INFINITY) + 1, to: until + 1 }]),
    )
    .filter((m) => m.t.length > 0);
  return { intervalMs: primary.intervalMs, members: out };
}

/** Moves `into` forward to the newest time of each member in `block`, to continue from. */
export function advanceLastTimes(block: SeriesBlock, into: Map<string, number>): void {
  for (const m of block.members) {
    const last = m.t[m.t.length - 1];
    if (last !== undefined && last > (into.get(m.member) ?? Number.NEGATIVE_INFINITY)) into.set(m.member, last);
  }
}
