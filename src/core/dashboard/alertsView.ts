import type { AlertsView, ChartOverlay } from '../../shared/dashboardProtocol';
import { ZXID_LAG_KEY } from '../../shared/dashboardProtocol';
import { firingSpans } from '../alerts/alertHistory';
import type { ClusterAlerts } from '../alerts/clusterAlerts';
import { formatDuration, formatNumber } from '../alerts/describe';
import { DEFAULT_MAX_CLIENT_CNXNS } from '../alerts/signals';
import type { AlertRule } from '../alerts/types';
import { valueText } from '../alerts/valueText';
import type { HealthReport } from '../health/report';
import type { TeamAlertsView } from '../../shared/teamAlerts';

/** History items sent to the dashboard (newest first). */
export const MAX_DASHBOARD_HISTORY = 50;
/** Distinct limit values drawn per threshold rule (members usually share one). */
const MAX_LIMIT_LINES = 3;

/**
 * Which chart shows a rule's signal (CHARTS ids). Signals without a chart (member down, quorum,
 * leader changes) have no overlay: they are in the alert list and the events timeline.
 */
const CHART_OF_SIGNAL: Readonly<Record<string, string>> = {
  latency_ms: 'avg-latency',
  outstanding_requests: 'outstanding',
  num_alive_connections: 'connections',
  connections_per_ip: 'connections',
  znode_count: 'znodes',
  watch_count: 'watches',
  ephemerals_count: 'ephemerals',
  approximate_data_size: 'data-size',
  open_file_descriptor_count: 'fds',
  zxid_lag: 'zxid-lag',
  [ZXID_LAG_KEY]: 'zxid-lag',
  fsync_ms_per_s: 'fsync',
};

export function chartOfRule(rule: AlertRule): string | undefined {
  return CHART_OF_SIGNAL[rule.signal];
}

/** Each member's value of a limit (an mntr key, or maxClientCnxns from conf). */
function limitValues(limit: string, report: HealthReport | undefined): number[] {
  const values = new Set<number>();
  for (const m of report?.health.members ?? []) {
    const v =
      limit === 'max_client_cnxns'
        ? (m.snapshot.conf?.maxClientCnxns ?? DEFAULT_MAX_CLIENT_CNXNS)
        : m.snapshot.probe.monitor?.metrics[limit];
    if (v !== undefined && v > 0) values.add(v);
  }
  return [...values].sort((a, b) => a - b).slice(0, MAX_LIMIT_LINES);
}

/** A cluster's alerts as the dashboard shows them: list, history, forecasts and chart overlays. */
export function alertsViewOf(alerts: ClusterAlerts, report: HealthReport | undefined, team: TeamAlertsView | null = null): AlertsView {
  const rules = new Map(alerts.rules.map((r) => [r.id, r]));
  const overlays = new Map<
    string,
    {
      thresholds: ChartOverlay['thresholds'][number][];
      spans: ChartOverlay['spans'][number][];
      forecasts: ChartOverlay['forecasts'][number][];
    }
  >();
  const overlay = (chart: string) => {
    let o = overlays.get(chart);
    if (!o) overlays.set(chart, (o = { thresholds: [], spans: [], forecasts: [] }));
    return o;
  };
  for (const rule of alerts.rules) {
    const chart = chartOfRule(rule);
    if (!chart || !rule.enabled || rule.kind !== 'threshold') continue;
    if (rule.limit === undefined) {
      overlay(chart).thresholds.push({
        value: rule.threshold,
        rule: rule.id,
        severity: rule.severity,
        label: `${rule.id} ${rule.op} ${formatNumber(rule.threshold)}`,
      });
      continue;
    }
    for (const limit of limitValues(rule.limit, report)) {
      overlay(chart).thresholds.push({
        value: rule.threshold * limit,
        rule: rule.id,
        severity: rule.severity,
        label: `${rule.id}: ${formatNumber(rule.threshold * 100)} % of ${formatNumber(limit)}`,
      });
    }
  }
  for (const span of firingSpans(alerts.history())) {
    const rule = rules.get(span.rule);
    const chart = rule && chartOfRule(rule);
    if (chart) overlay(chart).spans.push({ from: span.from, to: span.to, rule: span.rule, severity: span.severity, member: span.member });
  }
  const forecasts = alerts.forecasts();
  for (const f of forecasts) {
    const chart = CHART_OF_SIGNAL[f.metric];
    if (!chart || !Number.isFinite(f.etaSeconds.likely)) continue;
    overlay(chart).forecasts.push({
      member: f.member,
      from: { t: f.at, v: f.value },
      to: { t: f.at + f.etaSeconds.likely * 1000, v: f.limit },
      label: `${f.member}: ${formatNumber(f.limit)} in ${formatDuration(f.etaSeconds.likely)}`,
    });
  }
  return {
    active: alerts.active().map((a) => ({
      rule: a.rule.id,
      title: a.rule.title,
      severity: a.rule.severity,
      member: a.member,
      state: a.state,
      value: valueText(a.rule, a.value),
      since: (a.state === 'firing' || a.state === 'nodata' ? a.firingSince : null) ?? a.since,
      summary: a.summary,
      runbook: a.rule.runbook,
      action: a.rule.action,
      mutedUntil: a.mutedUntil,
    })),
    forecasts: forecasts.map((f) => ({
      rule: f.rule,
      title: rules.get(f.rule)?.title ?? f.rule,
      member: f.member,
      metric: f.metric,
      value: f.value,
      limit: f.limit,
      likelySeconds: f.etaSeconds.likely,
      pessimisticSeconds: f.etaSeconds.pessimistic,
      at: f.at,
    })),
    history: alerts
      .history()
      .slice(-MAX_DASHBOARD_HISTORY)
      .reverse()
      .map((e) => ({ rule: e.rule, title: e.title, severity: e.severity, member: e.member, state: e.state, at: e.at, summary: e.summary })),
    overlays: [...overlays].map(([chart, o]) => ({ chart, ...o })),
    team,
  };
}
