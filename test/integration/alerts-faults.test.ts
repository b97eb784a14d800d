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
    let firedAt;
    try {
      firedAt = await watch.waitForState('member-down firing', 'member-down', address(victim!), 'firing', 10 * INTERVAL_MS);
      assert.ok(firedAt - killedAt <= 2.5 * INTERVAL_MS, `firing ${firedAt - killedAt} ms after the kill`);
      const event = watch.events.find(
        (e) => e.rule === 'member-down' && e.member === address(victim!) && e.state === 'firing' && e.seenAt >= since,
      );
      assert.equal(event?.severity, 'critical');
    } finally {
      bed.startMember(victim!);
    }
    const resolved = await watch.waitFor(
      'member-down resolved',
      (e) => e.rule === 'member-down' && e.state === 'resolved' && e.member === address(victim!),
      firedAt,
      60_000,
    );
    assert.ok(resolved.seenAt >= firedAt);
    await healthy();
  });

  test('SIGSTOP a follower: member-hung fires; resolves after SIGCONT', async () => {
    const [victim] = await followers();
    const since = Date.now();
    bed.pause(victim!);
    try {
      const firedAt = await watch.waitForState('member-hung firing', 'member-hung', address(victim!), 'firing', 10 * INTERVAL_MS);
      assert.ok(firedAt - since <= 2.5 * INTERVAL_MS + poller.timeoutMs, `firing ${firedAt - since} ms after SIGSTOP`);
    } finally {
      bed.resume(victim!);
    }
    await watch.waitForState('member-hung resolved', 'member-hung', address(victim!), 'resolved', 60_000);
    await healthy();
  });

  test('kill two of three: quorum-lost and no-leader fire; both resolve when they return', async () => {
    const [a] = await followers();
    // Kill the leader and one follower: the survivor is a follower with no quorum.
    const leader = (await bed.leaderId())!;
    const since = Date.now();
    await bed.kill(leader);
    await bed.kill(a!);
    try {
      await watch.waitForState('quorum-lost', 'quorum-lost', null, 'firing', 10 * INTERVAL_MS);
      await watch.waitForState('no-leader', 'no-leader', null, 'firing', 10 * INTERVAL_MS);
      assert.ok(
        watch.events.some(
          (e) => e.rule === 'quorum-lost' && e.state === 'firing' && e.severity === 'critical' && e.seenAt >= since - 60_000,
        ),
      );
    } finally {
      bed.startMember(leader);
      bed.startMember(a!);
    }
    await watch.waitForState('quorum back', 'quorum-lost', null, 'resolved', 60_000);
    await watch.waitForState('leader back', 'no-leader', null, 'resolved', 60_000);
    await healthy();
  });
});
