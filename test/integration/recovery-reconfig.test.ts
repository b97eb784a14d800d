import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { serverLine } from '../../src/core/testbed/zooCfg';
import { ZkSession } from '../../src/core/zk/session';
import { zkopsState } from '../support/recoveryRun';

const PASSWORD = 'reconfig-secret-7q';

/** `version=` of /zookeeper/config, read after a sync. */
async function configOf(session: ZkSession): Promise<{ version: string; text: string }> {
  await session.sync('/zookeeper/config');
  const text = (await session.get('/zookeeper/config')).data.toString();
  return { version: /^version=(\w+)$/m.exec(text)![1]!, text };
}

describe('zkops reconfig on a reconfig-enabled 3-member ensemble with a spare 4th server', () => {
  let bed: Testbed;
  let session: ZkSession;
  const state = zkopsState();
  const auth = ['--auth', `super:${PASSWORD}`];

  before(async () => {
    bed = await Testbed.start({ size: 3, spares: 1, reconfig: { superPassword: PASSWORD } });
    session = await ZkSession.connect(bed.connectString);
  });
  after(async () => {
    await session?.close();
    await bed?.close();
    state.dispose();
  });

  test('a dry run shows the new membership, quorum size, fault tolerance and version, and changes nothing', async () => {
    const before = await configOf(session);
    const spare = bed.member(4);
    const run = await state.run('reconfig', bed.connectString, '--add', serverLine(spare, true), '--dry-run', ...auth);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, new RegExp(`config version ${before.version} `));
    assert.match(run.out, /new membership:\n(.*\n){3}\s+server\.4=127\.0\.0\.1:/);
    assert.match(run.out, /voters 4, quorum size 3, synced voters now 3 \(1, 2, 3\): fault tolerance 0/);
    assert.match(run.out, /dry run: nothing was changed/);
    assert.equal((await configOf(session)).version, before.version, 'config version unchanged');
    assert.ok(!`${run.out}${run.err}`.includes(PASSWORD), 'the password is never printed');
  });

  test('adds a 4th server and removes it again', async () => {
    const spare = bed.member(4);
    bed.startMember(4);
    await bed.waitForServing(4, 60_000);
    const added = await state.run('reconfig', bed.connectString, '--add', serverLine(spare, true), ...auth);
    assert.equal(added.code, 0, added.out + added.err);
    assert.match(added.out, /applied: config version \w+ -> \w+/);
    const withFour = await configOf(session);
    assert.match(
      withFour.text,
      new RegExp(
        `^server\\.4=127\\.0\\.0\\.1:${spare.ports.quorum}:${spare.ports.election}:participant;127\\.0\\.0\\.1:${spare.ports.client}$`,
        'm',
      ),
    );

    const removed = await state.run('reconfig', bed.connectString, '--remove', '4', ...auth);
    assert.equal(removed.code, 0, removed.out + removed.err);
    const without = await configOf(session);
    assert.doesNotMatch(without.text, /^server\.4=/m);
    assert.ok(BigInt(`0x${without.version}`) > BigInt(`0x${withFour.version}`));
    assert.ok(!`${added.out}${added.err}${removed.out}${removed.err}`.includes(PASSWORD));
    await bed.stopMember(4);
  });

  test('refuses (exit 1) a removal that leaves no majority of synced members; nothing changes', async () => {
    const leader = (await bed.leaderId())!;
    const [down, other] = bed.members.filter((m) => !m.spare && m.id !== leader).map((m) => m.id);
    await bed.kill(down!);
    try {
      const before = await configOf(session);
      const run = await state.run('reconfig', bed.connectString, '--remove', String(other), ...auth);
      assert.equal(run.code, 1, run.out + run.err);
      assert.match(run.out, /refused: the new config would have no majority of synced members: 1 of its 2 voters are synced now/);
      assert.equal((await configOf(session)).version, before.version);
    } finally {
      bed.startMember(down!);
      await bed.waitForLeader(60_000);
    }
  });

  test('refuses (exit 1) two new participants at once, naming the rule', async () => {
    const spare = bed.member(4);
    const fifth = serverLine({ id: 5, observer: false, ports: spare.ports }, true);
    const run = await state.run('reconfig', bed.connectString, '--add', serverLine(spare, true), '--add', fifth, '--dry-run');
    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.out, /refused: at most one new participant at a time \(ZooKeeper's reconfig guide\): this change adds 2 \(4, 5\)/);
  });
});
