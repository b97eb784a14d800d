import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HealthPoller } from '../../src/core/health/poller';
import { Testbed } from '../../src/core/testbed/testbed';
import { memberOf, waitForReport } from '../support/healthWait';
import { sleep } from '../support/wait';

const INTERVAL_MS = 1000;

describe('health poller: leader faults (3 members)', () => {
  let bed: Testbed;
  let poller: HealthPoller;

  before(async () => {
    bed = await Testbed.start({ size: 3 });
    poller = new HealthPoller({ connectString: bed.connectString, intervalMs: INTERVAL_MS });
    poller.start();
    await waitForReport(poller, 'healthy start', (r) => r.status === 'pass', 15_000);
  });

  after(async () => {
    poller?.dispose();
    await bed?.close();
  });

  const healthy = (what: string): Promise<unknown> => waitForReport(poller, what, (r) => r.status === 'pass', 40_000);

  test('kill -9 the leader: the change shows within 1.5 intervals (+ slack), then the new leader', async () => {
    const leader = (await bed.leaderId())!;
    const leaderAddress = memberOf(poller.report!, bed, leader).address;
    assert.equal(poller.report!.health.leader?.address, leaderAddress);
    await bed.kill(leader);
    const changed = await waitForReport(poller, 'leader gone', (r) => r.health.leader?.address !== leaderAddress, 4 * INTERVAL_MS);
    assert.ok(changed.ms <= 2.5 * INTERVAL_MS, `seen after ${changed.ms} ms`);
    const next = await waitForReport(poller, 'new leader', (r) => r.health.leader !== null && r.health.quorum, 10_000);
    assert.notEqual(next.report.health.leader!.address, leaderAddress);
    assert.equal(memberOf(next.report, bed, leader).condition, 'down');
    assert.equal(next.report.status, 'warn');
    assert.match(next.report.summary, /· 2\/3 · can lose 0$/);
    bed.startMember(leader);
    await healthy('old leader back as a follower');
    assert.equal(memberOf(poller.report!, bed, leader).role, 'follower');
  });

  test('SIGSTOP the leader: "no leader" within 2 s (+ slack) although followers still follow it; a new election after SIGCONT or timeout', async () => {
    const leader = (await bed.leaderId())!;
    bed.pause(leader);
    try {
      const { report, ms } = await waitForReport(poller, 'hung leader', (r) => memberOf(r, bed, leader).condition === 'hung', 6000);
      assert.ok(ms <= 3000, `seen after ${ms} ms`);
      assert.notEqual(report.health.leader?.address, memberOf(report, bed, leader).address);
      assert.ok(report.status === 'fail' || report.status === 'warn');
      const noLeader = await waitForReport(
        poller,
        'no leader',
        (r) => r.health.leader === null || r.health.leader.address !== memberOf(r, bed, leader).address,
        3000,
      );
      assert.ok(noLeader.report.checks.some((c) => c.status !== 'pass'));
    } finally {
      bed.resume(leader);
    }
    await healthy('recovered after SIGCONT');
  });

  test('a member hung for long is probed less and less often (backoff), and is seen again after it resumes', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    const address = `127.0.0.1:${victim.ports.client}`;
    const probes = new Set<number>();
    const off = poller.onUpdate(() => {
      const snap = poller.memberSnapshot(address);
      if (snap?.probe.state === 'hung') probes.add(snap.probedAt);
    });
    bed.pause(victim.id);
    try {
      await sleep(8 * INTERVAL_MS);
    } finally {
      bed.resume(victim.id);
      off();
    }
    // At full rate 8 rounds would probe it 8 times; three misses at full rate, then 2, 4… rounds apart.
    assert.ok(probes.size >= 3 && probes.size <= 6, `${probes.size} probes of the hung member in 8 rounds`);
    const back = await waitForReport(poller, 'resumed member answering', (r) => memberOf(r, bed, victim.id).condition === 'up', 15_000);
    assert.ok(back.ms <= 10_000 + 2 * INTERVAL_MS, `seen again after ${back.ms} ms`);
  });
});
