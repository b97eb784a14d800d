import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthReport } from '../../src/core/health/report';
import { ClusterTeamAlerts } from '../../src/core/prometheus/teamAlertsService';
import { FakeMonitor } from '../support/fakeMonitor';
import { sleep } from '../support/wait';

// When the team's alerts are read: only while someone watches, on the cluster's health reports
// (no timer of its own), at most once per interval; a new watcher gets a read at once.
test('team alerts are read on health reports only while watched, at most once per interval', async () => {
  const monitor = new FakeMonitor('c1');
  const clock = { now: 1_000_000 };
  let reads = 0;
  const team = new ClusterTeamAlerts({
    monitor,
    intervalMs: 30_000,
    now: () => clock.now,
    servers: () => {
      reads++;
      return Promise.resolve(undefined);
    },
  });
  const report = {} as HealthReport;
  monitor.publish(report);
  await sleep(5);
  assert.equal(reads, 0, 'nobody looks: no read');
  const release = team.watch();
  await sleep(5);
  assert.equal(reads, 1, 'a new watcher gets a read at once');
  clock.now += 10_000;
  monitor.publish(report);
  await sleep(5);
  assert.equal(reads, 1, 'within the interval: no read');
  clock.now += 21_000;
  monitor.publish(report);
  await sleep(5);
  assert.equal(reads, 2, 'a report after the interval: a read');
  const second = team.watch();
  await sleep(5);
  assert.equal(reads, 2, 'a second watcher within the interval: no extra read');
  release();
  second();
  second();
  assert.equal(team.watched, false, 'releasing twice counts once');
  clock.now += 60_000;
  monitor.publish(report);
  await sleep(5);
  assert.equal(reads, 2, 'nobody looks again: no read');
  assert.equal(team.view(), null, 'no servers: no view');
  team.dispose();
});
