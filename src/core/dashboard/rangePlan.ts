import { CHARTS, RANGE_MS, RangeId, SeriesSourceView } from '../../shared/dashboardProtocol';
import type { RemoteRangeResult } from '../prometheus/rangeSeries';

/*
 * Which source answers a dashboard range: the local store while it reaches back over the range,
 * the cluster's Prometheus when the range is longer than the store keeps (7 d, 30 d) or older than
 * what it holds yet (the editor started an hour ago and 24 h is asked). 5 min is always local: it
 * is the live, raw view. Pure, so the choice is unit-tested.
 */

/** Where the feed reads a range from Prometheus (the UI builds it from the cluster's settings). */
export interface RemoteSeriesSource {
  /** "Prometheus 127.0.0.1:9090". */
  readonly label: string;
  read(
    request: { readonly keys: readonly string[]; readonly since: number; readonly until: number; readonly members: readonly string[] },
    signal: AbortSignal,
  ): Promise<RemoteRangeResult>;
}

export type RangePlan = { readonly source: 'local'; readonly note: string | null } | { readonly source: 'remote' };

/** "24 h", "7 d", "45 min". */
export function spanText(ms: number): string {
  if (ms >= 2 * 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms >= 3_600_000) return `${Number((ms / 3_600_000).toFixed(1))} h`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}

/**
 * The source of `range` at `now`, given the oldest point the local store holds (undefined: none
 * yet), how far back it can ever reach, and whether the cluster has a Prometheus.
 */
export function planRange(
  range: RangeId,
  now: number,
  local: { readonly oldest: number | undefined; readonly spanMs: number },
  hasRemote: boolean,
): RangePlan {
  if (range === '5m') return { source: 'local', note: null };
  const span = RANGE_MS[range];
  const since = now - span;
  // A little late is still "covers": the store began a moment after the range did.
  const slack = Math.max(2 * 60_000, span * 0.05);
  const covered = local.oldest !== undefined && local.oldest <= since + slack;
  const beyondStore = span > local.spanMs;
  if (!beyondStore && covered) return { source: 'local', note: null };
  if (hasRemote) return { source: 'remote' };
  return {
    source: 'local',
    note: beyondStore
      ? `The local store keeps ${spanText(local.spanMs)}: set "prometheus" on this cluster in zookeeper.clusters to see ${spanText(span)}.`
      : null,
  };
}

/** The source view of Prometheus's answer: charts whose keys it had nothing for, and why. */
export function remoteSourceView(label: string, result: RemoteRangeResult): SeriesSourceView {
  const why = new Map(result.missing.map((m) => [m.key, m.why]));
  const missing = CHARTS.flatMap((chart) => {
    const reasons = chart.lines.flatMap((l) => (why.has(l.key) ? [`${l.label ?? l.key}: ${why.get(l.key)!}`] : []));
    return reasons.length > 0 ? [{ chart: chart.id, why: reasons.join('; ') }] : [];
  });
  return { kind: 'prometheus', label, stepSeconds: result.stepSeconds, message: null, missing };
}

export const LOCAL_SOURCE: SeriesSourceView = { kind: 'local', label: 'local', stepSeconds: null, message: null, missing: [] };
