import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterAlerts } from '../../src/core/alerts/clusterAlerts';
import { applyRules } from '../../src/core/alerts/ruleSet';
import { alertsViewOf } from '../../src/core/dashboard/alertsView';
import { DashboardFeed } from '../../src/core/dashboard/feed';
import type { HostMessage } from '../../src/shared/dashboardProtocol';
import { addressOf, memberIndex, reportAt } from '../support/alertSeries';
import { FakeMonitor } from '../support/fakeMonitor';

// The dashboard's alert section and chart overlays, from a cluster's alerts on recorded reports.

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const S = 1000;
const down = memberIndex('follower-down', 'down');
const victim = addressOf('follower-down', down);

function setup() {
  let now = T0;
  const monitor = new FakeMonitor('prod');
  const { rules } = applyRules([{ id: 'outstanding-high', forSeconds: 0 }]);
  const alerts = new ClusterAlerts(monitor, { rules, now: () => now });
  const at = (seconds: number, name: string, metrics: Record<number, Record<string, number>> = {}): void => {
    now = T0 + seconds * S;
    monitor.publish(reportAt(name, now, metrics));
  };
  return { monitor, alerts, at, now: () => now };
}

test('the alert list, history newest first, and overlays: thresholds (limits × share), firing spans, forecasts', () => {
  const { monitor, alerts, at } = setup();
  at(0, 'healthy-3', { [down]: { outstanding_requests: 50 } });
  at(2, 'follower-down');
  at(4, 'healthy-3', { [down]: { outstanding_requests: 1 } });
  at(20, 'healthy-3');
  at(22, 'healthy-3', { [down]: { outstanding_requests: 50, max_file_descriptor_count: 1000 } });
  const view = alertsViewOf(alerts, monitor.report);
  const firing = view.active.filter((a) => a.state === 'firing').map((a) => `${a.rule}@${a.member}`);
  assert.deepEqual(firing, [`outstanding-high@${victim}`]);
  const item = view.active.find((a) => a.rule === 'outstanding-high')!;
  assert.equal(item.value, 'outstanding_requests 50');
  assert.equal(item.since, T0 + 22 * S);
  assert.equal(item.severity, 'warning');
  assert.deepEqual(
    view.history.slice(0, 2).map((h) => `${h.state} ${h.rule}`),
    ['firing outstanding-high', 'resolved member-down'],
    'newest first',
  );
  const outstanding = view.overlays.find((o) => o.chart === 'outstanding')!;
  assert.deepEqual(
    outstanding.thresholds.map((t) => t.value),
    [10],
  );
  assert.deepEqual(
    outstanding.spans.map((s) => [(s.from - T0) / S, s.to === null ? null : (s.to - T0) / S]),
    [
      [0, 4],
      [22, null],
    ],
    'no data at 2 s is not an end; the resolve at 4 s is',
  );
  assert.equal(outstanding.spans.at(-1)!.to, null, 'still firing: open');
  const fds = view.overlays.find((o) => o.chart === 'fds')!;
  // one line per distinct limit: the patched member's 1000, the others' recorded 20000
  assert.deepEqual(
    fds.thresholds.filter((t) => t.rule === 'fds-high').map((t) => Math.round(t.value)),
    [850, 17000],
  );
  assert.equal(
    view.overlays.find((o) => o.chart === 'max-latency'),
    undefined,
    'no rule: no overlay',
  );
  assert.ok(!view.overlays.some((o) => o.spans.some((s) => s.rule === 'member-down')), 'member-down has no chart of its own');
});

test('the feed sends the alerts in its snapshot, and again when they change', async () => {
  const { monitor, alerts, at } = setup();
  const posted: HostMessage[] = [];
  const feed = new DashboardFeed(monitor, {
    clusterName: 'prod',
    post: (m) => posted.push(m),
    throttleMs: 10,
    alerts: { view: () => alertsViewOf(alerts, monitor.report), onDidChange: (l) => alerts.onDidChange(l) },
  });
  feed.handle({ type: 'ready' });
  assert.equal(posted[0]!.type, 'snapshot');
  assert.deepEqual(posted[0]!.alerts?.active, []);
  at(0, 'healthy-3');
  at(2, 'follower-down');
  await new Promise((r) => setTimeout(r, 60));
  const append = posted.at(-1)!;
  assert.equal(append.type, 'append');
  assert.ok(
    append.type === 'append' && append.alerts?.active.some((a) => a.rule === 'member-down' && a.state === 'firing' && a.member === victim),
  );
  alerts.mute('member-down', null, Date.now() + 3_600_000);
  await new Promise((r) => setTimeout(r, 60));
  const afterMute = posted.at(-1)!;
  assert.ok(
    afterMute.type !== 'series' &&
      afterMute.type !== 'recovery' &&
      afterMute.alerts?.active.some((a) => a.rule === 'member-down' && a.mutedUntil !== null),
    'a mute is sent without waiting for a poll',
  );
  feed.dispose();
});
