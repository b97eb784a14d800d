import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ZkSession } from '../../src/core/zk/session';
import { controlledEnsemble } from '../support/recoveryRun';

describe('zkops recover on a 3-member ensemble (control through the testbed)', () => {
  const ensemble = controlledEnsemble(3);
  const state = ensemble.state;
  /** `zkops recover` on the ensemble, its members controlled through the testbed. */
  const recover = (...more: string[]): ReturnType<typeof state.run> =>
    state.run('recover', ensemble.bed.connectString, '--control', ensemble.control.template(), ...more);

  const followers = async (): Promise<number[]> => {
    const leader = (await ensemble.bed.leaderId())!;
    return ensemble.bed.members.filter((m) => m.id !== leader).map((m) => m.id);
  };

  test('healthy: exit 0, nothing to recover', async () => {
    const run = await recover();
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /^nothing to recover: leader \d/);
  });

  test('a follower killed: the plan proposes starting it (exit 1); with --yes it is started and verified (exit 0)', async () => {
    const [victim] = await followers();
    await ensemble.bed.kill(victim!);
    const calls = ensemble.control.calls.length;
    const plan = await recover();
    assert.equal(plan.code, 1, plan.out);
    assert.match(plan.out, /runbook: member-down/);
    assert.match(plan.out, new RegExp(`plan: Start member ${victim} `));
    assert.equal(ensemble.control.calls.length, calls, 'nothing was done without --yes');

    const run = await recover('--yes', '--timeout', '60');
    assert.equal(run.code, 0, run.out);
    assert.deepEqual(
      ensemble.control.calls.slice(calls).map((c) => `${c.action} ${c.id}`),
      [`start ${victim}`],
    );
    assert.match(run.out, /\[back-1\] outcome: .* is follower; zxid/);
    assert.ok(['follower', 'leader'].includes(await ensemble.bed.mode(victim!)), 'the member serves again');
  });

  test('a hung member (SIGSTOP): diagnosed as hung, restart proposed, nothing done without --yes', async () => {
    const [victim] = await followers();
    ensemble.bed.pause(victim!);
    try {
      const calls = ensemble.control.calls.length;
      const run = await recover('--json');
      assert.equal(run.code, 1, run.out);
      const json = JSON.parse(run.out) as {
        runbook: { id: string };
        status: string;
        steps: { id: string; kind: string; title: string; state: string }[];
        entries: { kind: string; text: string }[];
      };
      assert.equal(json.runbook.id, 'member-hung');
      assert.equal(json.status, 'planned');
      assert.ok(
        json.entries.some((e) => e.kind === 'seen' && /HUNG/.test(e.text)),
        'the evidence shows it hung',
      );
      const restart = json.steps.find((s) => s.kind === 'act')!;
      assert.equal(restart.title, `Restart member ${victim} (127.0.0.1:${ensemble.bed.member(victim!).ports.client})`);
      assert.equal(restart.state, 'planned');
      assert.ok(
        json.entries.some((e) => e.kind === 'plan' && e.text.includes(`restart ${victim}`)),
        'the command is shown',
      );
      assert.equal(ensemble.control.calls.length, calls);
    } finally {
      ensemble.bed.resume(victim!);
    }
    await ensemble.bed.waitForLeader(60_000);
  });

  test('two of three killed: the member with the higher last zxid is started first; quorum back; every znode there', async () => {
    const [first, second] = await followers();
    const session = await ZkSession.connect(ensemble.bed.connectString);
    const written: string[] = [];
    try {
      await session.create('/ql');
      for (let i = 0; i < 5; i++) written.push(await session.create(`/ql/before-${i}`));
      await ensemble.bed.kill(first!);
      for (let i = 0; i < 20; i++) written.push(await session.create(`/ql/after-${i}`));
    } finally {
      await session.close();
    }
    // zkops sees the ensemble with `first` down (and remembers that `second` is now ahead of it).
    const seen = await recover();
    assert.equal(seen.code, 1, seen.out);
    await ensemble.bed.kill(second!);

    const calls = ensemble.control.calls.length;
    const run = await recover('--yes', '--timeout', '60');
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /runbook: quorum-lost/);
    assert.deepEqual(
      ensemble.control.calls.slice(calls).map((c) => `${c.action} ${c.id}`),
      [`start ${second}`, `start ${first}`],
      'higher zxid first',
    );
    assert.match(run.out, /backup of \/ written to /);
    assert.equal(readdirSync(join(state.dir, 'backups')).filter((f) => f.endsWith('.json')).length, 1);

    const check = await ZkSession.connect(ensemble.bed.connectString);
    try {
      await check.sync('/ql');
      const children = new Set((await check.children('/ql')).children.map((c) => `/ql/${c}`));
      assert.deepEqual(
        written.filter((p) => !children.has(p)),
        [],
        'every znode written before the loss is there',
      );
    } finally {
      await check.close();
    }
  });
});
