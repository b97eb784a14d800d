import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DashboardFeed } from '../../src/core/dashboard/feed';
import type { HostMessage } from '../../src/shared/dashboardProtocol';
import { FakeMonitor } from '../support/fakeMonitor';
import { sleep } from '../support/wait';

const T0 = 1_700_000_000_000;

function setup(throttleMs = 40): { monitor: FakeMonitor; feed: DashboardFeed; posted: HostMessage[]; clock: { now: number } } {
  const monitor = new FakeMonitor('c1');
  const posted: HostMessage[] = [];
  const clock = { now: T0 };
  const feed = new DashboardFeed(monitor, { clusterName: 'prod', post: (m) => posted.push(m), throttleMs, now: () => clock.now });
  return { monitor, feed, posted, clock };
}

test('nothing is posted before ready; ready brings a snapshot of the range', () => {
  const { monitor, feed, posted, clock } = setup();
  monitor.record(T0 - 4000, { 'a:1': { znode_count: 1 } });
  monitor.record(T0 - 2000, { 'a:1': { znode_count: 2 } });
  assert.equal(posted.length, 0);
  feed.handle({ type: 'ready' });
  assert.equal(posted.length, 1);
  const first = posted[0]!;
  assert.equal(first.type, 'snapshot');
  assert.ok(first.type === 'snapshot' && first.clusterId === 'c1' && first.clusterName === 'prod' && first.range === '5m');
  assert.deepEqual(first.type === 'snapshot' && first.series.members.map((m) => [m.member, m.t]), [['a:1', [T0 - 4000, T0 - 2000]]]);
  clock.now += 1;
  feed.dispose();
});

test('appends carry only new samples and are throttled: many polls, one post', async () => {
  const { monitor, feed, posted, clock } = setup(60);
  monitor.record(T0 - 2000, { 'a:1': { znode_count: 1 }, 'b:2': { znode_count: 1 } });
  feed.handle({ type: 'ready' });
  for (let i = 0; i < 5; i++) {
    clock.now = T0 + i * 10;
    monitor.record(T0 + i * 10, { 'a:1': { znode_count: 10 + i } });
  }
  assert.equal(posted.length, 1, 'nothing yet: the throttle holds the posts');
  await sleep(150);
  assert.equal(posted.length, 2, 'one post for five polls');
  const append = posted[1]!;
  assert.equal(append.type, 'append');
  assert.ok(append.type === 'append' && append.series);
  const a = append.type === 'append' ? append.series.members : [];
  assert.deepEqual(
    a.map((m) => m.member),
    ['a:1'],
    'b had nothing new',
  );
  assert.deepEqual(a[0]!.t, [T0, T0 + 10, T0 + 20, T0 + 30, T0 + 40]);
  await sleep(100);
  assert.equal(posted.length, 2, 'no change, no post');
  feed.dispose();
});

test('a hidden panel gets nothing and a snapshot when shown; paused charts get events but no points', async () => {
  const { monitor, feed, posted, clock } = setup(10);
  feed.handle({ type: 'ready' });
  feed.setVisible(false);
  clock.now = T0 + 2000;
  monitor.record(T0 + 2000, { 'a:1': { znode_count: 3 } });
  monitor.emit({ kind: 'member-restarted', member: 'a:1', at: T0 + 2000, seq: 1 });
  await sleep(50);
  assert.equal(posted.length, 1, 'hidden: nothing posted');
  feed.setVisible(true);
  assert.equal(posted.length, 2);
  const caughtUp = posted[1]!;
  assert.ok(caughtUp.type === 'snapshot' && caughtUp.events.length === 1 && caughtUp.series.members[0]!.t.at(-1) === T0 + 2000);

  feed.handle({ type: 'setLive', live: false });
  clock.now = T0 + 4000;
  monitor.record(T0 + 4000, { 'a:1': { znode_count: 4 } });
  monitor.emit({ kind: 'leader-changed', from: 'a:1', to: 'b:2', at: T0 + 4000, seq: 2 });
  await sleep(50);
  const paused = posted.at(-1)!;
  assert.ok(paused.type === 'append' && paused.series === null && paused.events.length === 1 && paused.events[0]!.seq === 2);
  feed.handle({ type: 'setLive', live: true });
  const resumed = posted.at(-1)!;
  assert.ok(
    resumed.type === 'snapshot' && resumed.live && resumed.series.members[0]!.t.at(-1) === T0 + 4000,
    'live again: a snapshot with what was missed',
  );
  feed.handle({ type: 'setRange', range: '24h' });
  assert.ok(posted.at(-1)!.type === 'snapshot' && (posted.at(-1) as { range: string }).range === '24h');
  feed.dispose();
});

test('after the webview page is gone, nothing is posted until it says ready again', async () => {
  const { monitor, feed, posted, clock } = setup(10);
  feed.handle({ type: 'ready' });
  feed.webviewGone();
  feed.setVisible(true);
  clock.now = T0 + 2000;
  monitor.record(T0 + 2000, { 'a:1': { znode_count: 3 } });
  await sleep(40);
  assert.equal(posted.length, 1);
  feed.handle({ type: 'ready' });
  assert.equal(posted.length, 2);
  assert.equal(posted[1]!.type, 'snapshot');
  feed.dispose();
});
