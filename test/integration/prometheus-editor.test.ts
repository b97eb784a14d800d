import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, test } from 'node:test';
import { AlertReceivers } from '../../src/core/alerts/receivers/receivers';
import { alertmanagerLabels } from '../../src/core/alerts/receivers/payloads';
import { DashboardFeed } from '../../src/core/dashboard/feed';
import type { RemoteSeriesSource } from '../../src/core/dashboard/rangePlan';
import { AlertmanagerClient } from '../../src/core/prometheus/alertmanager';
import { PromSample, PrometheusClient } from '../../src/core/prometheus/client';
import { ClusterScope, clusterScope } from '../../src/core/prometheus/clusterScope';
import { keyExpr, memberOf, readRemoteRange } from '../../src/core/prometheus/rangeSeries';
import { readTeamAlerts } from '../../src/core/prometheus/teamAlerts';
import { ClusterTeamAlerts } from '../../src/core/prometheus/teamAlertsService';
import { TestAlertmanager } from '../../src/core/testbed/alertmanager';
import { freePorts } from '../../src/core/testbed/ports';
import { TestPrometheus } from '../../src/core/testbed/prometheus';
import { Testbed } from '../../src/core/testbed/testbed';
import { HostMessage, SERIES_KEYS } from '../../src/shared/dashboardProtocol';
import type { TeamAlertsView } from '../../src/shared/teamAlerts';
import { exporterStack } from '../support/exporter';
import { FakeMonitor } from '../support/fakeMonitor';
import { until, waitFor } from '../support/wait';

// The editor's side of a team's Prometheus and Alertmanager, on the real parts: `zkops exporter`
// over a 3-member ensemble, scraped every second by Debian's Prometheus loading `zkops rules
// --prometheus` and sending to Debian's Alertmanager. The dashboard's range reader gives the points
// Prometheus holds; a killed member's alert reaches Alertmanager and the team-alerts reader; "Silence
// 1 h" makes a real silence that holds it, and expiring it ends it.
const JOB = 'zookeeper';

describe('the editor reading the team Prometheus and Alertmanager', () => {
  let bed: Testbed;
  let alertmanager: TestAlertmanager;
  let prometheus: TestPrometheus;
  let client: PrometheusClient;
  let am: AlertmanagerClient;
  let scope: ClusterScope;
  const members = (): string[] => bed.members.map((m) => `127.0.0.1:${m.ports.client}`);

  const stack = exporterStack(JOB);
  before(() => {
    ({ bed, alertmanager, prometheus } = stack);
    client = new PrometheusClient({ url: prometheus.url });
    am = new AlertmanagerClient({ url: alertmanager.url });
    scope = clusterScope('it-prod', members());
  });

  test('a range read through the core gives, at every step, what an instant query of that time gives', async () => {
    // 40 s of scrapes, so the range holds several steps of every member.
    await waitFor(
      '40 s of scrapes of all three members',
      () => client.samples(`zkops_member_state{state="up"}`, 60),
      (series) => series.length === 3 && series.every((s) => s.points.length >= 35 && s.points.at(-1)!.value === 1),
      { timeoutMs: 90_000, everyMs: 1000 },
    );
    const end = Date.now();
    const range = await readRemoteRange(client, scope, { keys: SERIES_KEYS, since: end - 40_000, until: end });
    assert.equal(range.stepSeconds, 15);
    assert.deepEqual(range.missing, [], 'every chart key has Prometheus series');
    assert.deepEqual(
      range.series.members.map((m) => m.member),
      [...members()].sort(),
    );
    let compared = 0;
    for (const [k, key] of SERIES_KEYS.entries()) {
      const expr: string = keyExpr(key, scope, range.stepSeconds)!;
      for (const m of range.series.members) {
        for (const [i, t] of m.t.entries()) {
          assert.equal((t - m.t[0]!) % 15_000, 0, 'points a step apart');
          const instant: PromSample[] = (await client.query(expr, t)).filter((s) => memberOf(s.labels) === m.member);
          const want: number | undefined = instant[0]?.value;
          const got = m.values[k]![i];
          if (want === undefined || !Number.isFinite(want)) assert.equal(got, null, `${key} ${m.member} @${t}`);
          else assert.equal(got, want, `${key} ${m.member} @${t}`);
          compared++;
        }
      }
    }
    assert.ok(compared >= SERIES_KEYS.length * 3 * 2, `compared ${compared} points`);
    // A gauge is exactly the sample Prometheus scraped last before each step.
    const znodes = SERIES_KEYS.indexOf('znode_count');
    for (const m of range.series.members) {
      const [raw] = await client.samples(`znode_count{member="${m.member}"}`, 120, end);
      assert.ok(raw && raw.points.length > 0);
      for (const [i, t] of m.t.entries()) {
        const latest = raw.points.filter((p) => p.t <= t).at(-1);
        assert.ok(latest, `a sample before ${t}`);
        assert.equal(m.values[znodes]![i], latest.value);
        assert.ok(latest.value >= 5, 'a fresh ensemble holds its system znodes');
      }
    }
  });

  test('the dashboard feed asks Prometheus for 7 d and posts its points as "Prometheus <host>"', async () => {
    const monitor = new FakeMonitor('it-prod');
    const posted: HostMessage[] = [];
    const remote: RemoteSeriesSource = {
      label: `Prometheus ${client.host}`,
      read: (request, signal) => readRemoteRange(client, clusterScope('it-prod', request.members), request, signal),
    };
    for (const m of members()) monitor.store.record(m, Date.now(), { znode_count: 1 });
    const feed = new DashboardFeed(monitor, { clusterName: 'it-prod', post: (m) => posted.push(m), remote: () => remote, range: '7d' });
    try {
      feed.handle({ type: 'ready' });
      assert.equal(posted[0]?.type === 'snapshot' && posted[0].source.kind, 'loading');
      const series = await waitFor(
        "Prometheus's answer",
        () => posted.find((m) => m.type === 'series'),
        (m) => m !== undefined,
        { timeoutMs: 30_000 },
      );
      assert.ok(series?.type === 'series');
      assert.equal(series.source.kind, 'prometheus');
      assert.equal(series.source.label, `Prometheus 127.0.0.1:${new URL(prometheus.url).port}`);
      assert.equal(series.source.stepSeconds, 900);
      assert.equal(series.series.members.length, 3);
      const znodes = SERIES_KEYS.indexOf('znode_count');
      assert.ok(series.series.members.every((m) => m.values[znodes]!.some((v) => v !== null && v >= 5)));
    } finally {
      feed.dispose();
    }
  });

  test('Prometheus down or not answering: a clear error within the timeout, never a hang', async () => {
    const [closed] = await freePorts(1);
    await assert.rejects(
      readRemoteRange(new PrometheusClient({ url: `http://127.0.0.1:${closed}` }), scope, {
        keys: SERIES_KEYS,
        since: Date.now() - 7 * 86_400_000,
        until: Date.now(),
      }),
      /Prometheus query_range: .*ECONNREFUSED/,
    );
    // A server that takes the connection and never answers (as a stopped process does).
    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => undefined);
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      await assert.rejects(
        readRemoteRange(new PrometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 500 }), scope, {
          keys: SERIES_KEYS,
          since: Date.now() - 7 * 86_400_000,
          until: Date.now(),
        }),
        /Prometheus query_range: no answer within 500 ms/,
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('a killed member: member-down fires in Prometheus, reaches Alertmanager, and the team reader shows it for this cluster only', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    const member = `127.0.0.1:${victim.ports.client}`;
    await bed.kill(victim.id);
    let view: TeamAlertsView | undefined;
    const down = await waitFor(
      'member-down from Prometheus and Alertmanager',
      async () => {
        view = await readTeamAlerts({ prometheus: client, alertmanager: am, scope });
        return view.alerts.find((a) => a.name === 'member-down' && a.member === member);
      },
      (a) => a !== undefined && a.state === 'firing' && a.from.length === 2,
      { timeoutMs: 60_000, everyMs: 500, describe: () => JSON.stringify(view?.alerts.map((a) => [a.name, a.member, a.state, a.from])) },
    );
    assert.equal(down!.severity, 'critical');
    assert.equal(down!.labels['job'], JOB);
    assert.equal(view!.prometheus?.error, null);
    assert.equal(view!.alertmanager?.error, null);
    assert.equal(view!.prometheus?.label, `Prometheus ${client.host}`);
    const rule = view!.rules.find((r) => r.name === 'member-down');
    assert.equal(rule?.state, 'firing');
    assert.equal(rule.health, 'ok');
    assert.ok(view!.rules.length >= 25, 'every rule of zkops rules --prometheus is listed');
    // An ensemble-wide alert has no member label: it is this cluster's through the exporter's target.
    const atRisk = await waitFor(
      'quorum-at-risk for this cluster',
      async () => (await readTeamAlerts({ prometheus: client, alertmanager: am, scope })).alerts.find((a) => a.name === 'quorum-at-risk'),
      (a) => a !== undefined && a.state === 'firing',
      { timeoutMs: 60_000, everyMs: 500 },
    );
    assert.equal(atRisk!.member, null);
    const other = await readTeamAlerts({ prometheus: client, alertmanager: am, scope: clusterScope('other', ['127.0.0.1:1']) });
    assert.deepEqual(other.alerts, [], "another cluster's view does not show them");
    assert.equal(other.rules.find((r) => r.name === 'member-down')?.state, 'inactive');
  });

  test('Silence 1 h creates a real Alertmanager silence that holds the alert; expiring it ends it', async () => {
    const monitor = new FakeMonitor('it-prod');
    const team = new ClusterTeamAlerts({ monitor, servers: () => Promise.resolve({ prometheus: client, alertmanager: am, scope }) });
    try {
      await team.refresh();
      const down = team.view()!.alerts.find((a) => a.name === 'member-down');
      assert.ok(down, 'the killed member is still down');
      const before = Date.now();
      const { id, endsAt } = await team.silence(down.labels, 60, 'integration test', 'Silenced for 1 h from the test');
      assert.ok(endsAt - before >= 3_600_000 - 1000 && endsAt - before <= 3_600_000 + 60_000);
      const stored = (await am.silences()).find((s) => s.id === id);
      assert.equal(stored?.state, 'active');
      assert.equal(stored.createdBy, 'integration test');
      assert.equal(stored.comment, 'Silenced for 1 h from the test');
      assert.deepEqual(
        Object.fromEntries(stored.matchers.map((m) => [m.name, m.value])),
        down.labels,
        'matchers: every label of that alert',
      );
      assert.ok(stored.matchers.every((m) => m.isEqual && !m.isRegex));
      // Alertmanager marks the alert silenced; the view shows it and the silence.
      await until(
        'the alert silenced in the view',
        async () => {
          await team.refresh();
          return team.view()!.alerts.some((a) => a.key === down.key && a.state === 'silenced' && a.silencedBy.includes(id));
        },
        { timeoutMs: 30_000, everyMs: 500 },
      );
      assert.ok(team.view()!.silences.some((s) => s.id === id && s.createdBy === 'integration test'));
      await team.expire(id);
      assert.equal((await am.silences()).find((s) => s.id === id)?.state, 'expired');
      assert.ok(!team.view()!.silences.some((s) => s.id === id));
    } finally {
      team.dispose();
    }
  });

  test('our own alert, sent by our Alertmanager receiver, shows as from Alertmanager and can be silenced by its labels', async () => {
    const receivers = new AlertReceivers({
      cluster: 'it-prod',
      receivers: [{ kind: 'alertmanager', url: alertmanager.url }],
      log: () => undefined,
    });
    try {
      receivers.handle([
        {
          type: 'alert',
          state: 'firing',
          rule: 'latency-high',
          title: 'Latency high',
          severity: 'warning',
          member: members()[0]!,
          value: 250,
          at: Date.now(),
          summary: 'latency 250 ms',
          runbook: 'latency',
          action: 'look at the disk',
        },
      ]);
      await receivers.idle();
      const ours = await waitFor(
        'our alert in the team view',
        async () =>
          (await readTeamAlerts({ alertmanager: am, scope: clusterScope('it-prod', ['127.0.0.1:1']) })).alerts.find(
            (a) => a.name === 'latency-high',
          ),
        (a) => a !== undefined,
        { timeoutMs: 30_000, everyMs: 500 },
      );
      assert.deepEqual(ours.from, ['alertmanager'], 'matched by its cluster label alone');
      assert.deepEqual(ours.labels, alertmanagerLabels('latency-high', members()[0]!, 'it-prod', 'warning'));
      const monitor = new FakeMonitor('it-prod');
      const team = new ClusterTeamAlerts({ monitor, servers: () => Promise.resolve({ alertmanager: am, scope }) });
      try {
        const { id } = await team.silence(alertmanagerLabels('latency-high', members()[0]!, 'it-prod', 'warning'), 60, 'it', 'ours');
        await until(
          'our alert silenced',
          async () => {
            await team.refresh();
            return team.view()!.alerts.some((a) => a.name === 'latency-high' && a.silencedBy.includes(id));
          },
          { timeoutMs: 30_000, everyMs: 500 },
        );
        await team.expire(id);
      } finally {
        team.dispose();
      }
    } finally {
      receivers.dispose();
    }
  });
});
