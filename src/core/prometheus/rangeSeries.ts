import type { MemberSeries, SeriesBlock } from '../../shared/dashboardProtocol';
import { ZXID_LAG_KEY } from '../../shared/dashboardProtocol';
import { metricKind } from '../metrics/counters';
import { providerFamilies } from '../metrics/prometheusNames';
import type { PromSeries, PrometheusClient } from './client';
import { ClusterScope, scopedSelector } from './clusterScope';

/*
 * The dashboard's series read from a team's Prometheus instead of the local store: each chart key
 * as the PromQL that gives the same number the local store keeps (a gauge as it is; a counter as a
 * per-second rate, as the store keeps counters; a summary's average since start as sum over
 * count), under the names `zkops exporter` and ZooKeeper's PrometheusMetricsProvider serve. One
 * range query per key, at a step that keeps every series at most MAX_REMOTE_POINTS points.
 */

/** Points per series at most: 7 d at 15 min, 30 d at 1 h. */
export const MAX_REMOTE_POINTS = 720;
/** Steps a range is read at, in seconds: round numbers, so the points fall on clock times. */
const STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];
/** Range queries in flight at once. */
const CONCURRENCY = 4;

/** Chart keys that mntr gives as a summary's average since start (Prometheus: `_sum / _count`). */
const SUMMARY_AVERAGES = new Set(['avg_election_time']);

/** The step (seconds) for a range of `spanMs`: the smallest round step within MAX_REMOTE_POINTS. */
export function stepFor(spanMs: number): number {
  const least = spanMs / 1000 / MAX_REMOTE_POINTS;
  return STEPS.find((s) => s >= least) ?? Math.ceil(least);
}

/** The window of rate(): two steps, at least a minute (several scrapes at usual intervals). */
export function rateWindow(stepSeconds: number): string {
  return `${Math.max(2 * stepSeconds, 60)}s`;
}

/** How one family is served: its name, and the factor that gives milliseconds back where it was converted to seconds. */
function family(metrics: Record<string, number>, suffix: '' | '_sum' | '_count'): { name: string; factor: number } | null {
  const f = providerFamilies(metrics)[0];
  if (!f) return null;
  return { name: f.name + suffix, factor: f.fromMilliseconds && suffix !== '_count' ? 1000 : 1 };
}

const scaled = (expr: string, factor: number): string => (factor === 1 ? expr : `(${expr}) * ${factor}`);

/** The PromQL that gives chart key `key` for the scope's members, or null when no served metric gives it. */
export function keyExpr(key: string, scope: ClusterScope, stepSeconds: number): string | null {
  const sel = (metric: string): string => scopedSelector(scope, metric);
  const window = rateWindow(stepSeconds);
  if (key === ZXID_LAG_KEY) return sel(ZXID_LAG_KEY);
  const summary = /^(cnt|sum|avg)_(.+)$/.exec(key);
  if (summary && (summary[1] !== 'avg' || SUMMARY_AVERAGES.has(key))) {
    const base = summary[2]!;
    const sum = family({ [`cnt_${base}`]: 0, [`sum_${base}`]: 0 }, '_sum');
    const count = family({ [`cnt_${base}`]: 0, [`sum_${base}`]: 0 }, '_count');
    if (!sum || !count) return null;
    if (summary[1] === 'avg') return scaled(`${sel(sum.name)} / ${sel(count.name)}`, sum.factor);
    const part = summary[1] === 'sum' ? sum : count;
    return scaled(`rate(${sel(part.name)}[${window}])`, part.factor);
  }
  const plain = family({ [key]: 0 }, '');
  if (!plain) return null;
  return metricKind(key) === 'counter'
    ? scaled(`rate(${sel(plain.name)}[${window}])`, plain.factor)
    : scaled(sel(plain.name), plain.factor);
}

/** The member a series belongs to: its `member` label (the exporter's), else its scrape `instance`. */
export function memberOf(labels: Readonly<Record<string, string>>): string {
  return labels['member'] ?? labels['instance'] ?? 'unknown';
}

/**
 * Range-query results (one list of series per key, in `keys` order) as the dashboard's series
 * block: one row per member and time, values null where a key had nothing (or NaN) then. Two
 * series of one member for one key (two jobs scraping it) merge, the first one's value winning.
 */
export function toSeriesBlock(results: readonly (readonly PromSeries[])[], keyCount: number, stepMs: number): SeriesBlock {
  const rows = new Map<string, Map<number, (number | null)[]>>();
  results.forEach((list, k) => {
    for (const series of list) {
      const member = memberOf(series.labels);
      let byTime = rows.get(member);
      if (!byTime) rows.set(member, (byTime = new Map<number, (number | null)[]>()));
      for (const p of series.points) {
        let row = byTime.get(p.t);
        if (!row) byTime.set(p.t, (row = new Array<number | null>(keyCount).fill(null)));
        if (row[k] === null && Number.isFinite(p.value)) row[k] = p.value;
      }
    }
  });
  const members: MemberSeries[] = [...rows.keys()].sort().map((member) => {
    const byTime = rows.get(member)!;
    const t = [...byTime.keys()].sort((a, b) => a - b);
    return { member, t, values: Array.from({ length: keyCount }, (_, k) => t.map((time) => byTime.get(time)![k]!)) };
  });
  return { intervalMs: stepMs, members };
}

export interface RemoteRangeResult {
  readonly series: SeriesBlock;
  readonly stepSeconds: number;
  /** Keys without data from Prometheus, and why (no such series, or the query's error). */
  readonly missing: readonly { readonly key: string; readonly why: string }[];
}

/**
 * Reads `keys` over [since, until] for the scope. A server that does not answer (refused, timed
 * out) fails the whole read at once, cancelling the queries still running; a query Prometheus
 * refuses or that finds nothing only leaves its key missing.
 */
export async function readRemoteRange(
  client: PrometheusClient,
  scope: ClusterScope,
  request: { readonly keys: readonly string[]; readonly since: number; readonly until: number },
  signal?: AbortSignal,
): Promise<RemoteRangeResult> {
  const stepSeconds = stepFor(request.until - request.since);
  const stepMs = stepSeconds * 1000;
  // The last point is `until` itself (whole seconds): a step-aligned end could lie up to a step in
  // the past, before a young Prometheus held anything. The first is whole steps before it.
  const endMs = Math.floor(request.until / 1000) * 1000;
  const startMs = endMs - Math.max(0, Math.floor((endMs - request.since) / stepMs)) * stepMs;
  const stop = new AbortController();
  const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const results: PromSeries[][] = request.keys.map(() => []);
  const missing: { key: string; why: string }[] = [];
  let failure: unknown;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < request.keys.length && failure === undefined) {
      const k = next++;
      const key = request.keys[k]!;
      const expr = keyExpr(key, scope, stepSeconds);
      if (expr === null) {
        missing.push({ key, why: `no served metric gives ${key}` });
        continue;
      }
      try {
        results[k] = await client.queryRange(expr, { startMs, endMs, stepSeconds }, combined);
        if (results[k].length === 0) missing.push({ key, why: `no series for ${expr}` });
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        if (status === null || status === undefined || combined.aborted) {
          failure ??= err;
          stop.abort();
        } else {
          missing.push({ key, why: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, request.keys.length) }, worker));
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('the range query failed');
  const order = new Map(request.keys.map((k, i) => [k, i]));
  missing.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  return { series: toSeriesBlock(results, request.keys.length, stepMs), stepSeconds, missing };
}
