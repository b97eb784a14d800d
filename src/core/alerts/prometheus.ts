import { METRIC_NAME } from '../metrics/prometheusNames';
import { describeCondition } from './ruleText';
import { AlertRule } from './types';

/*
 * The rules as a Prometheus rules file over the metric names of ZooKeeper's
 * PrometheusMetricsProvider (mntr keys without `zk_`; summaries as `<name>_sum`/`<name>_count`;
 * scrape health as `up`), which `zkops exporter` serves too, with its derived `zkops_*` signals for
 * what those metrics cannot say (member state, zxid lag, quorum). Each derived signal's PromQL
 * covers both sources: one scrape job per member with the provider, or the exporter. What neither
 * can say (membership drift) is listed as a comment instead of a rule.
 */

/**
 * `up` of the ZooKeeper scrape job; the job name is the user's, so match any that says zookeeper.
 * A `zkops exporter` target (it serves `zkops_members`) is left out: its own `up` says nothing
 * about any member.
 */
const UP = '(up{job=~".*zookeeper.*"} unless on(job, instance) zkops_members)';

/** The exporter's per-member state gauge: 1 while the member is in `state`. */
const state = (name: string): string => `zkops_member_state{state="${name}"}`;

/** PromQL for each derived signal (null: not expressible with the provider's metrics). */
const SIGNALS: Record<string, string | null> = {
  member_down: `((1 - ${UP}) or ${state('down')})`,
  member_hung: state('hung'),
  member_read_only: state('read-only'),
  zxid_lag: 'zkops_zxid_lag',
  latency_ms: '((rate(readlatency_sum[5m]) + rate(updatelatency_sum[5m])) / (rate(readlatency_count[5m]) + rate(updatelatency_count[5m])))',
  fsync_ms_per_s: 'rate(fsynctime_sum[1m])',
  unsynced_voters: '(quorum_size - 1 - synced_followers)',
  connections_per_ip: 'num_alive_connections',
  // The provider does not export maxClientCnxns: ZooKeeper's default.
  max_client_cnxns: '60',
  heap_used: 'jvm_memory_bytes_used{area="heap"}',
  heap_max: 'jvm_memory_bytes_max{area="heap"}',
  quorum_lost: `((sum(${UP}) <= bool (count(${UP}) / 2)) or (1 - zkops_quorum))`,
  // The exporter's count when there is one (from every answer that names a role); a member's own
  // provider has only leader_uptime, which is missing whenever the leader's mntr is. None of either
  // counts as 0 leaders only while a ZooKeeper target answers scrapes: with no data at all (before
  // the first scrape, or the exporter down) there is nothing to say about the leader.
  leaders: `(sum(zkops_leaders) or count(leader_uptime) or (count(up{job=~".*zookeeper.*"} == 1) * 0))`,
  quorum_at_risk: `(((sum(${UP}) - floor(count(${UP}) / 2) - 1) == bool 0) or ((zkops_quorum_margin == bool 0) * zkops_quorum))`,
  can_lose: 'zkops_quorum_margin',
  serving_voters: 'zkops_serving_voters',
  leader_changes_5m: 'sum(increase(election_time_count[5m]))',
  versions: 'count(count by (version) (zkops_member_info{version!=""}))',
  config_drift: null,
  even_voters: '(max(quorum_size) % 2 == bool 0)',
};

function signalExpr(name: string): string | null {
  if (name in SIGNALS) return SIGNALS[name]!;
  return METRIC_NAME.test(name) ? name : null;
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** The PromQL expression of one rule, or null with the reason it has none. */
export function promExpr(rule: AlertRule): { expr: string } | { reason: string } {
  const signal = signalExpr(rule.signal);
  if (signal === null) return { reason: `no PrometheusMetricsProvider or zkops exporter metric gives "${rule.signal}"` };
  switch (rule.kind) {
    case 'threshold': {
      if (rule.limit === undefined) return { expr: `${signal} ${rule.op} ${number(rule.threshold)}` };
      const limit = signalExpr(rule.limit);
      if (limit === null) return { reason: `no PrometheusMetricsProvider metric gives "${rule.limit}"` };
      return { expr: `${signal} / ${limit} ${rule.op} ${number(rule.threshold)}` };
    }
    case 'forecast': {
      const limit = typeof rule.limit === 'number' ? number(rule.limit) : signalExpr(rule.limit);
      if (limit === null) return { reason: `no PrometheusMetricsProvider metric gives "${String(rule.limit)}"` };
      return { expr: `predict_linear(${signal}[${rule.windowSeconds}s], ${rule.etaSeconds}) >= ${limit}` };
    }
    case 'anomaly': {
      const range = `[${rule.baselineSeconds}s:1m]`;
      return {
        expr:
          `${signal} > quantile_over_time(0.5, (${signal})${range}) + ${number(rule.deviations)} * ` +
          `stddev_over_time((${signal})${range}) and ${signal} > ${number(rule.minimum)}`,
      };
    }
  }
}

/** A YAML double-quoted scalar (JSON's escaping is valid YAML). */
const q = (s: string): string => JSON.stringify(s);

/** The whole rules file; disabled rules are left out. */
export function toPrometheusRules(rules: readonly AlertRule[]): string {
  const lines = [
    "# ZooKeeper Ops alert rules (zkops rules --prometheus), over the metric names of ZooKeeper's",
    '# PrometheusMetricsProvider (metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider)',
    '# as the provider or `zkops exporter` serves them; member state, zxid lag and quorum need the exporter.',
    'groups:',
    '  - name: zookeeper-ops',
    '    rules:',
  ];
  const skipped: string[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const expr = promExpr(rule);
    if ('reason' in expr) {
      skipped.push(`#   ${rule.id}: ${expr.reason}`);
      continue;
    }
    lines.push(`      - alert: ${q(rule.id)}`);
    lines.push(`        expr: ${q(expr.expr)}`);
    lines.push(`        for: ${rule.forSeconds}s`);
    if (rule.keepFiringSeconds > 0) lines.push(`        keep_firing_for: ${rule.keepFiringSeconds}s`);
    lines.push('        labels:');
    lines.push(`          severity: ${q(rule.severity)}`);
    lines.push(`          rule: ${q(rule.id)}`);
    lines.push('        annotations:');
    lines.push(`          summary: ${q(`${rule.title}: ${describeCondition(rule)}`)}`);
    lines.push(`          description: ${q(rule.action)}`);
    lines.push(`          runbook: ${q(rule.runbook)}`);
    lines.push(`          source: ${q(rule.source)}`);
  }
  if (skipped.length > 0) lines.push('# Not expressible with these metrics (zkops monitor evaluates them):', ...skipped);
  return `${lines.join('\n')}\n`;
}
