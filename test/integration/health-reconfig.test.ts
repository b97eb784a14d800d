import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HealthPoller } from '../../src/core/health/poller';
import { Testbed } from '../../src/core/testbed/testbed';
import { serverLine } from '../../src/core/testbed/zooCfg';
import { ZkSession } from '../../src/core/zk/session';
import { memberOf, waitForReport, zkops } from '../support/healthWait';

describe('members follow dynamic reconfig', () => {
  let bed: Testbed;
  let admin: ZkSession;
  let poller: HealthPoller;

  before(async () => {
    bed = await Testbed.start({ size: 3, reconfig: { superPassword: 'su' } });
    admin = await ZkSession.connect(bed.connectString, { auth: [bed.superAuth!] });
  });

  after(async () => {
    poller?.dispose();
    await admin?.close();
    await bed?.close();
  });

  test('a poller given one member discovers the other two from the membership', async () => {
    const leader = (await bed.leaderId())!;
    poller = new HealthPoller({ connectString: `127.0.0.1:${bed.member(leader).ports.client}`, intervalMs: 500, membershipEveryMs: 1000 });
    poller.start();
    const { report } = await waitForReport(poller, 'three members', (r) => r.health.members.length === 3 && r.status === 'pass', 15_000);
    assert.deepEqual(
      report.health.members.map((m) => m.condition),
      ['up', 'up', 'up'],
    );
    assert.equal(report.health.members.filter((m) => !m.fromConnectString).length, 2);
  });

  test('reconfig removes a follower: the poller drops it; re-adding brings it back', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    const victimAddress = `127.0.0.1:${victim.ports.client}`;
    await admin.reconfig({ leaving: [victim.id] });
    const removed = await waitForReport(
      poller,
      'member dropped',
      (r) => !r.health.members.some((m) => m.address === victimAddress),
      15_000,
    );
    assert.equal(removed.report.health.voters, 2);
    assert.equal(poller.store.keys(victimAddress).length, 0, 'its series are forgotten');

    // The user's full connect string still names it: it is kept, and shown as outside the membership.
    const { out } = await zkops('health', bed.connectString, '--json');
    const json = JSON.parse(out) as { members: { address: string; voting: boolean | null }[]; checks: { id: string; status: string }[] };
    assert.equal(json.members.find((m) => m.address === victimAddress)?.voting, false);
    assert.equal(json.checks.find((c) => c.id === 'members-watched')?.status, 'warn');

    await admin.reconfig({ joining: [serverLine(victim, true)] });
    const back = await waitForReport(
      poller,
      'member back',
      (r) => r.health.members.some((m) => m.address === victimAddress && m.condition === 'up'),
      20_000,
    );
    assert.equal(back.report.health.voters, 3);
    assert.equal(memberOf(back.report, bed, victim.id).voting, true);
  });
});
