import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ControlledEnsemble, controlledEnsemble, startOutageSampler, startWriter } from '../support/recoveryRun';

/**
 * Rolls through the ensemble with `zkops rolling-restart` while a client writes, sampling every
 * 100 ms how many members are out; checks every process was replaced once, the leader last, and
 * every acknowledged write is there.
 */
async function rollAndCheck({ bed, control, state }: ControlledEnsemble): Promise<void> {
  const leaderBefore = (await bed.leaderId())!;
  const pidsBefore = new Map(bed.members.map((m) => [m.id, m.pid]));
  const writer = await startWriter(bed.connectString, `/rr-${bed.members.length}`);
  const sampler = startOutageSampler(bed, control);
  const callsBefore = control.calls.length;
  const run = await state.run('rolling-restart', bed.connectString, '--restart', control.template('restart'), '--timeout', '90');
  const outage = await sampler.stop();
  const writes = await writer.stop();
  try {
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /result: completed \(exit 0\)/);
    const calls = control.calls.slice(callsBefore);
    assert.deepEqual(
      calls.map((c) => c.action),
      bed.members.map(() => 'restart'),
    );
    assert.deepEqual(calls.map((c) => c.id).sort(), bed.members.map((m) => m.id).sort(), 'each member restarted once');
    assert.equal(calls.at(-1)!.id, leaderBefore, 'the leader is restarted last');
    for (const m of bed.members) assert.notEqual(m.pid, pidsBefore.get(m.id), `member ${m.id} has a new process`);
    assert.ok(outage.samples > 10, `only ${outage.samples} samples`);
    assert.ok(outage.max <= 1, `members ${outage.worst.join(', ')} were out at the same time`);
    assert.deepEqual(writes.untyped, [], 'every failed write failed with a typed ZkError');
    assert.ok(writes.ok.length > 0, 'the client wrote during the restart');
    const parent = `/rr-${bed.members.length}`;
    await writer.session.sync(parent);
    const children = new Set((await writer.session.children(parent)).children.map((c) => `${parent}/${c}`));
    const lost = writes.ok.filter((p) => !children.has(p));
    assert.deepEqual(lost, [], 'every acknowledged write is there');
  } finally {
    await writer.session.close();
  }
}

describe('zkops rolling-restart on a 3-member ensemble', () => {
  const ensemble = controlledEnsemble(3);
  const state = ensemble.state;

  test('restarts every member once, followers first, leader last, never two out; no acknowledged write lost', async () => {
    await rollAndCheck(ensemble);
  });

  test('refused (exit 1) with a member already down; nothing is restarted', async () => {
    const leader = (await ensemble.bed.leaderId())!;
    const follower = ensemble.bed.members.find((m) => m.id !== leader)!.id;
    await ensemble.bed.kill(follower);
    try {
      const calls = ensemble.control.calls.length;
      const run = await state.run('rolling-restart', ensemble.bed.connectString, '--restart', ensemble.control.template('restart'));
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, /refused: member .*down/);
      assert.equal(ensemble.control.calls.length, calls, 'no command ran');
    } finally {
      ensemble.bed.startMember(follower);
      await ensemble.bed.waitForLeader(60_000);
    }
  });

  test('stops part-way (exit 2) when a restart command fails; the leader is not touched', async () => {
    const leader = (await ensemble.bed.leaderId())!;
    const followers = ensemble.bed.members
      .filter((m) => m.id !== leader)
      .map((m) => m.id)
      .sort();
    ensemble.control.failFor.add(followers[1]!);
    const calls = ensemble.control.calls.length;
    try {
      const run = await state.run(
        'rolling-restart',
        ensemble.bed.connectString,
        '--restart',
        ensemble.control.template('restart'),
        '--timeout',
        '90',
      );
      assert.equal(run.code, 2, run.out);
      assert.match(run.out, /stopped part-way/);
      assert.match(run.out, /current state:/);
      const made = ensemble.control.calls.slice(calls);
      assert.deepEqual(
        made.map((c) => [c.id, c.ok]),
        [
          [followers[0], true],
          [followers[1], false],
        ],
      );
    } finally {
      ensemble.control.failFor.clear();
    }
  });
});

describe('zkops rolling-restart on a 5-member ensemble', () => {
  const ensemble = controlledEnsemble(5);

  test('restarts all five once, leader last, never two out; no acknowledged write lost', async () => {
    await rollAndCheck(ensemble);
  });
});
