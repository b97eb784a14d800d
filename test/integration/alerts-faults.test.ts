import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HealthPoller } from '../../src/core/health/poller';
import { Testbed } from '../../src/core/testbed/testbed';
import { AlertWatch } from '../support/alertWatch';
import { waitForReport } from '../support/healthWait';

// One 3-member ensemble for the file, restored after each fault. Interval 1 s. The rules under
// test have no `for`, so they must fire within 1.5 intervals of the fault; the assertions allow
// 2.5 intervals for a loaded machine (as the health poller tests do); bench records the figures.
const INTERVAL_MS = 1000;

describe('alerts on a real ensemble: member-down, member-hung, quorum-lost, no-leader, leader-changed', () => {
  let bed: Testbed;
  let poller: HealthPoller;
  let watch: AlertWatch;
  const address = (id: number): string => `127.0.0.1:${bed.member(id).ports.client}`;

  before(async () => {
    bed = await Testbed.start({ size: 3 });
    poller = new HealthPoller({ connectString: bed.connectString, intervalMs: INTERVAL_MS });
    watch = new AlertWatch(poller);
    poller.start();
    await waitForReport(poller, 'all members up', (r) => r.health.quorum && r.health.members.every((m) => m.condition === 'up'), 60_000);
  });

  after(async () => {
    watch?.dispose();
    poller?.dispose();
    await bed?.close();
  });

  // Every member up with a quorum (the health status may still warn about the recent election).
  const healthy = (): Promise<unknown> =>
    waitForReport(poller, 'all members up again', (r) => r.health.quorum && r.health.members.every((m) => m.condition === 'up'), 60_000);
  const followers = async (): Promise<number[]> => {
    const leader = (await bed.leaderId())!;
    return bed.members.filter((m) => m.id !== leader).map((m) => m.id);
  };

  // First: leader-changed stays firing for 5 minutes, and the quorum test below also replaces the leader.
  test('kill the leader: leader-changed fires once a new leader serves', async () => {
    const leader = (await bed.leaderId())!;
    const since = Date.now();
    await bed.kill(leader);
    try {
      const changed = await watch.waitFor('leader-changed', (e) => e.rule === 'leader-changed' && e.state === 'firing', since, 20_000);
      assert.equal(changed.severity, 'warning');
      const newLeader = poller.report?.health.leader?.address;
      assert.ok(newLeader && newLeader !== address(leader), `new leader ${newLeader}`);
    } finally {
      bed.startMember(leader);
    }
    await healthy();
  });

  test('kill -9 a follower: member-down fires within 1.5 intervals (+ slack), resolves after restart', async () => {
    const [victim] = await followers();
    const since = Date.now();
    await bed.kill(victim!);
    const killedAt = Date.now();
    let fired;
    try {
      fired = await watch.waitFor('member-down firing', (e) => e.rule === 'member-down' && e.state === 'firing' && e.member === address(victim!), since, 10 * INTERVAL_MS);
      assert.equal(fired.severity, 'critical');
      assert.ok(fired.seenAt - killedAt <= 2.5 * INTERVAL_MS, `fired ${fired.seenAt - killedAt} ms after the kill`);
      // the quorum holds, one more failure loses it
      assert.ok(!watch.events.some((e) => e.seenAt >= since && e.rule === 'quorum-lost'));
    } finally {
      bed.startMember(victim!);
    }
    const resolved = await watch.waitFor('member-down resolved', (e) => e.rule === 'member-down' && e.state === 'resolved', fired.seenAt, 60_000);
    assert.equal(resolved.member, address(victim!));
    await healthy();
  });

  test('SIGSTOP a follower: member-hung fires; resolves after SIGCONT', async () => {
    const [victim] = await followers();
    const since = Date.now();
    bed.pause(victim!);
    try {
      const fired = await watch.waitFor('member-hung firing', (e) => e.rule === 'member-hung' && e.state === 'firing' && e.member === address(victim!), since, 10 * INTERVAL_MS);
      assert.ok(fired.seenAt - since <= 2.5 * INTERVAL_MS + poller.timeoutMs, `fired ${fired.seenAt - since} ms after SIGSTOP`);
    } finally {
      bed.resume(victim!);
    }
    await watch.waitFor('member-hung resolved', (e) => e.rule === 'member-hung' && e.state === 'resolved' && e.member === address(victim!), since, 60_000);
    await healthy();
  });

  test('kill two of three: quorum-lost and no-leader fire; both resolve when they return', async () => {
    const [a] = await followers();
    // Kill the leader and one follower: the survivor is a follower with no quorum.
    const leader = (await bed.leaderId())!;
    const since = Date.now();
    await bed.kill(leader);
    await bed.kill(a!);
    let lost;
    let noLeader;
    try {
      lost = await watch.waitFor('quorum-lost', (e) => e.rule === 'quorum-lost' && e.state === 'firing', since, 10 * INTERVAL_MS);
      noLeader = await watch.waitFor('no-leader', (e) => e.rule === 'no-leader' && e.state === 'firing', since, 10 * INTERVAL_MS);
      assert.equal(lost.severity, 'critical');
      assert.equal(noLeader.member, null);
    } finally {
      bed.startMember(leader);
      bed.startMember(a!);
    }
    await watch.waitFor('quorum back', (e) => e.rule === 'quorum-lost' && e.state === 'resolved', lost.seenAt, 60_000);
    await watch.waitFor('leader back', (e) => e.rule === 'no-leader' && e.state === 'resolved', noLeader.seenAt, 60_000);
    await healthy();
  });
});
