import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClusterConfig, toSettingsEntry } from '../../src/core/clusters/clusterConfig';
import { planRange, remoteSourceView } from '../../src/core/dashboard/rangePlan';
import { belongsToCluster, clusterScope, targetKey } from '../../src/core/prometheus/clusterScope';
import { formatMatchers, matchesLabels, parseMatchers } from '../../src/core/prometheus/matchers';
import { MAX_REMOTE_POINTS, keyExpr, stepFor, toSeriesBlock } from '../../src/core/prometheus/rangeSeries';
import { parseStoredAuth } from '../../src/core/prometheus/settings';
import { matchersText, silenceMatchersOf } from '../../src/core/prometheus/teamAlerts';
import { CHARTS, RANGE_MS, SERIES_KEYS, ZXID_LAG_KEY } from '../../src/shared/dashboardProtocol';
import { teamAlertKey } from '../../src/shared/teamAlerts';
import { ruleRow, rulesSummary, teamAlertRow } from '../../src/ui/team/presentation';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

test('label matchers: parsed, written back, evaluated like Prometheus (anchored regexes, missing labels empty)', () => {
  const parsed = parseMatchers(' { job = "zookeeper", cluster=~"prod|stage" ,member!~\'10\\\\..*\', env!="dev" } ');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.deepEqual(parsed.matchers, [
    { name: 'job', op: '=', value: 'zookeeper' },
    { name: 'cluster', op: '=~', value: 'prod|stage' },
    { name: 'member', op: '!~', value: '10\\..*' },
    { name: 'env', op: '!=', value: 'dev' },
  ]);
  assert.equal(formatMatchers(parsed.matchers), '{job="zookeeper",cluster=~"prod|stage",member!~"10\\\\..*",env!="dev"}');
  assert.ok(matchesLabels(parsed.matchers, { job: 'zookeeper', cluster: 'prod', member: '127.0.0.1:2181' }));
  assert.ok(!matchesLabels(parsed.matchers, { job: 'zookeeper', cluster: 'production' }), 'regexes are anchored');
  assert.ok(!matchesLabels(parsed.matchers, { job: 'zookeeper', cluster: 'prod', member: '10.0.0.1:2181' }));
  assert.ok(!matchesLabels(parsed.matchers, { cluster: 'prod' }), 'a missing label is empty');
  for (const bad of ['', '{}', '{job}', '{job="x"', 'job=zookeeper', '{job="x" cluster="y"}', '{a=~"("}', '{a=""}', '{1a="x"}'])
    assert.equal(parseMatchers(bad).ok, false, bad);
});

test('settings: prometheus and alertmanager entries validated like tls and control, kept through a rewrite', () => {
  const entry = {
    name: 'prod',
    connectString: '127.0.0.1:2181',
    prometheus: { url: 'https://prom.example:9090/prometheus', selector: '{job="zookeeper",cluster="prod"}' },
    alertmanager: { url: 'http://127.0.0.1:9093' },
  };
  const ok = parseClusterConfig(entry);
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.deepEqual(ok.config.prometheus, entry.prometheus);
  assert.deepEqual(ok.config.alertmanager, entry.alertmanager);
  const written = toSettingsEntry(ok.config);
  assert.deepEqual(written['prometheus'], entry.prometheus);
  assert.deepEqual(written['alertmanager'], entry.alertmanager);
  const again = parseClusterConfig(written);
  assert.ok(again.ok && JSON.stringify(again.config) === JSON.stringify(ok.config), 'a rewrite (Edit Cluster) keeps them');

  const error = (extra: Record<string, unknown>): string => {
    const r = parseClusterConfig({ name: 'prod', connectString: '127.0.0.1:2181', ...extra });
    assert.equal(r.ok, false, JSON.stringify(extra));
    return r.ok ? '' : r.error;
  };
  assert.match(error({ prometheus: 'http://127.0.0.1:9090' }), /prometheus must be an object like \{"url"/);
  assert.match(error({ prometheus: { url: 'ftp://x' } }), /prometheus\.url: must be an http\(s\) URL/);
  assert.match(error({ prometheus: { url: 'not a url' } }), /prometheus\.url: must be an http\(s\) URL like/);
  assert.match(error({ prometheus: { url: 'http://u:p@127.0.0.1:9090' } }), /credentials do not belong in the URL/);
  assert.match(
    error({ prometheus: { url: 'http://127.0.0.1:9090', token: 'abc' } }),
    /prometheus\.token: credentials do not belong in settings/,
  );
  assert.match(
    error({ alertmanager: { url: 'http://127.0.0.1:9093', password: 'x' } }),
    /alertmanager\.password: credentials do not belong/,
  );
  assert.match(
    error({ prometheus: { url: 'http://127.0.0.1:9090', selector: 'job=zookeeper' } }),
    /prometheus\.selector: not label matchers/,
  );
  assert.match(error({ prometheus: { url: 'http://127.0.0.1:9090', scrape: 5 } }), /prometheus: Unrecognized key/);
  assert.match(error({ alertmanager: {} }), /alertmanager\.url/);
  assert.match(error({ prometheus: { url: 'http://127.0.0.1:9090/?q=1' } }), /without \?query/);
});

test('stored credentials: a bearer token or basic auth; anything malformed reads as none', () => {
  assert.deepEqual(parseStoredAuth(JSON.stringify({ kind: 'bearer', token: 't' })), { kind: 'bearer', token: 't' });
  assert.deepEqual(parseStoredAuth(JSON.stringify({ kind: 'basic', user: 'u', password: '' })), { kind: 'basic', user: 'u', password: '' });
  for (const bad of [
    undefined,
    '',
    'x',
    '{}',
    JSON.stringify({ kind: 'bearer', token: '' }),
    JSON.stringify({ kind: 'digest', token: 't' }),
  ])
    assert.equal(parseStoredAuth(bad), undefined, String(bad));
});

test('every chart key has PromQL over the exporter names: gauges as they are, counters as rates, summary averages as sum/count', () => {
  const scope = clusterScope('prod', ['127.0.0.1:2182', '127.0.0.1:2181']);
  const sel = '{member=~"127\\\\.0\\\\.0\\\\.1:2181|127\\\\.0\\\\.0\\\\.1:2182"}';
  for (const key of SERIES_KEYS) assert.ok(keyExpr(key, scope, 60), key);
  assert.equal(keyExpr('znode_count', scope, 60), `znode_count${sel}`);
  assert.equal(keyExpr('avg_latency', scope, 60), `avg_latency${sel}`, 'a plain gauge in 3.5-3.9 mntr');
  assert.equal(keyExpr('packets_received', scope, 900), `rate(packets_received${sel}[1800s])`);
  assert.equal(keyExpr('packets_sent', scope, 15), `rate(packets_sent${sel}[60s])`, 'at least a minute of samples');
  assert.equal(keyExpr('sum_fsynctime', scope, 60), `rate(fsynctime_sum${sel}[120s])`);
  assert.equal(keyExpr('cnt_election_time', scope, 60), `rate(election_time_count${sel}[120s])`);
  assert.equal(keyExpr('avg_election_time', scope, 60), `election_time_sum${sel} / election_time_count${sel}`);
  assert.equal(keyExpr(ZXID_LAG_KEY, scope, 60), `zkops_zxid_lag${sel}`);
  // A `_ms` summary is served in seconds: the chart gets milliseconds back.
  assert.equal(keyExpr('sum_learner_handler_qp_time_ms', scope, 60), `(rate(learner_handler_qp_time_seconds_sum${sel}[120s])) * 1000`);
  const explicit = clusterScope('prod', [], '{job="zookeeper"}');
  assert.equal(keyExpr('znode_count', explicit, 60), 'znode_count{job="zookeeper"}');
  assert.equal(keyExpr('znode_count', clusterScope('prod', []), 60), 'znode_count{member=~"$^"}', 'no member: nothing, not everything');
});

test('the step keeps every range within the point budget, on round numbers', () => {
  assert.equal(stepFor(RANGE_MS['7d']), 900);
  assert.equal(stepFor(RANGE_MS['30d']), 3600);
  assert.equal(stepFor(RANGE_MS['24h']), 120);
  assert.equal(stepFor(10 * 60_000), 15);
  for (const span of [60_000, HOUR, 24 * HOUR, RANGE_MS['7d'], RANGE_MS['30d'], 365 * 24 * HOUR])
    assert.ok(span / 1000 / stepFor(span) <= MAX_REMOTE_POINTS, String(span));
});

test('range results become the dashboard series: one row per member and time, NaN as a gap, two jobs merged', () => {
  const block = toSeriesBlock(
    [
      [
        { labels: { member: 'b:2', job: 'zk' }, points: [{ t: 1000, value: 5 }] },
        {
          labels: { member: 'a:1', job: 'zk' },
          points: [
            { t: 1000, value: 1 },
            { t: 2000, value: Number.NaN },
          ],
        },
        { labels: { member: 'a:1', job: 'other' }, points: [{ t: 2000, value: 9 }] },
      ],
      [{ labels: { instance: 'host:7000' }, points: [{ t: 2000, value: 3 }] }],
    ],
    2,
    15_000,
  );
  assert.equal(block.intervalMs, 15_000);
  assert.deepEqual(block.members, [
    {
      member: 'a:1',
      t: [1000, 2000],
      values: [
        [1, 9],
        [null, null],
      ],
    },
    { member: 'b:2', t: [1000], values: [[5], [null]] },
    { member: 'host:7000', t: [2000], values: [[null], [3]] },
  ]);
});

test('which source answers a range: local while the store reaches back, Prometheus beyond it', () => {
  const full = { oldest: NOW - 25 * HOUR, spanMs: 24 * HOUR };
  const young = { oldest: NOW - 10 * 60_000, spanMs: 24 * HOUR };
  assert.deepEqual(planRange('5m', NOW, young, true), { source: 'local', note: null });
  assert.deepEqual(planRange('1h', NOW, full, true), { source: 'local', note: null });
  assert.deepEqual(planRange('24h', NOW, full, true), { source: 'local', note: null });
  assert.deepEqual(planRange('1h', NOW, young, true), { source: 'remote' }, 'older than the store holds');
  assert.deepEqual(planRange('1h', NOW, { oldest: NOW - HOUR + 60_000, spanMs: 24 * HOUR }, true), { source: 'local', note: null });
  assert.deepEqual(planRange('7d', NOW, full, true), { source: 'remote' });
  assert.deepEqual(planRange('30d', NOW, full, true), { source: 'remote' });
  assert.deepEqual(planRange('1h', NOW, young, false), { source: 'local', note: null });
  const none = planRange('7d', NOW, full, false);
  assert.ok(none.source === 'local' && /keeps 24 h: set "prometheus" on this cluster .* to see 7 d/.test(none.note ?? ''));
  assert.deepEqual(planRange('24h', NOW, { oldest: undefined, spanMs: 24 * HOUR }, true), { source: 'remote' });
});

test("Prometheus's answer as the charts' source: each chart whose keys it lacked says why", () => {
  const view = remoteSourceView('Prometheus 127.0.0.1:9090', {
    series: { intervalMs: 900_000, members: [] },
    stepSeconds: 900,
    missing: [
      { key: ZXID_LAG_KEY, why: 'no series for zkops_zxid_lag{…}' },
      { key: 'max_file_descriptor_count', why: 'no series' },
    ],
  });
  assert.equal(view.kind, 'prometheus');
  assert.equal(view.stepSeconds, 900);
  assert.deepEqual(view.missing, [
    { chart: 'fds', why: 'max: no series' },
    { chart: 'zxid-lag', why: `${ZXID_LAG_KEY}: no series for zkops_zxid_lag{…}` },
  ]);
  assert.ok(view.missing.every((m) => CHARTS.some((c) => c.id === m.chart)));
});

test("an alert is the cluster's by its member, its scrape target, our cluster label or the selector", () => {
  const scope = clusterScope('prod', ['127.0.0.1:2181', '127.0.0.1:2182']);
  const targets = new Set([targetKey({ job: 'zookeeper', instance: '127.0.0.1:9141' })]);
  assert.ok(belongsToCluster(scope, { alertname: 'member-down', member: '127.0.0.1:2182' }, targets));
  assert.ok(!belongsToCluster(scope, { alertname: 'member-down', member: '127.0.0.1:3181' }, targets));
  assert.ok(belongsToCluster(scope, { alertname: 'quorum-at-risk', job: 'zookeeper', instance: '127.0.0.1:9141' }, targets));
  assert.ok(!belongsToCluster(scope, { alertname: 'quorum-at-risk', job: 'zookeeper', instance: '10.0.0.9:9141' }, targets));
  assert.ok(belongsToCluster(scope, { alertname: 'member-down', cluster: 'prod', member: 'ensemble' }, new Set()));
  const explicit = clusterScope('prod', ['127.0.0.1:2181'], '{job="zookeeper",env="prod"}');
  assert.ok(belongsToCluster(explicit, { alertname: 'x', job: 'zookeeper', env: 'prod' }, new Set()));
  assert.ok(
    !belongsToCluster(explicit, { alertname: 'x', job: 'zookeeper', instance: '127.0.0.1:9141' }, targets),
    'targets count only without a selector',
  );
});

test('a silence of an alert matches exactly its labels; texts of the team rows', () => {
  const labels = { member: '127.0.0.1:2182', alertname: 'member-down', severity: 'critical' };
  const matchers = silenceMatchersOf(labels);
  assert.deepEqual(
    matchers.map((m) => m.name),
    ['alertname', 'member', 'severity'],
  );
  assert.ok(matchers.every((m) => m.isEqual && !m.isRegex));
  assert.equal(matchersText(matchers), 'alertname="member-down", member="127.0.0.1:2182", severity="critical"');
  assert.equal(teamAlertKey(labels), teamAlertKey({ severity: 'critical', alertname: 'member-down', member: '127.0.0.1:2182' }));
  const row = teamAlertRow(
    {
      key: teamAlertKey(labels),
      name: 'member-down',
      from: ['prometheus', 'alertmanager'],
      state: 'firing',
      severity: 'critical',
      member: '127.0.0.1:2182',
      labels,
      summary: 'Member down',
      since: NOW - 180_000,
      silencedBy: [],
    },
    NOW,
  );
  assert.equal(row.label, 'member-down');
  assert.equal(row.description, '127.0.0.1:2182 · firing 3 min · from Prometheus + Alertmanager');
  assert.equal(row.tone, 'error');
  const rule = {
    name: 'r',
    group: 'g',
    state: 'firing' as const,
    health: 'ok',
    lastError: null,
    forSeconds: 10,
    severity: 'warning',
    query: 'up == 0',
    firing: 2,
  };
  assert.equal(ruleRow(rule).description, 'firing on 2 · for 10 s');
  assert.equal(rulesSummary([rule, { ...rule, state: 'inactive', health: 'err', firing: 0 }]), '1 firing · 1 broken · 2 rules');
});
