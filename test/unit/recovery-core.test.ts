import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReport } from '../../src/core/health/report';
import { ControlTemplateError, MemberControl, fillTemplate, runShell } from '../../src/core/recovery/control';
import { EnsembleMemory } from '../../src/core/recovery/memory';
import { controlFromSettings } from '../../src/core/recovery/presets';
import { planRollingRestart, restartOrder } from '../../src/core/recovery/rollingRestart';
import { applicableRunbooks, planRecovery } from '../../src/core/recovery/runbooks';
import { startOrder } from '../../src/core/recovery/runbooks/quorumLost';
import { runRunbook } from '../../src/core/recovery/runner';
import type { PlannedRunbook, RunEvent, Step } from '../../src/core/recovery/types';
import { loadSnapshot } from '../support/healthFixtures';

const report = (name: string) => buildReport(loadSnapshot(name));
const target = { id: 2, host: '127.0.0.1', clientPort: 2182 };

describe('member control templates', () => {
  test('fills {id}, {host}, {clientPort} and {action}', () => {
    assert.equal(
      fillTemplate('ssh {host} systemctl {action} zookeeper@{id} # {clientPort}', 'restart', target),
      'ssh 127.0.0.1 systemctl restart zookeeper@2 # 2182',
    );
  });

  test('refuses unknown placeholders, unknown ids and values a shell would interpret', () => {
    assert.throws(() => fillTemplate('x {myid}', 'start', target), ControlTemplateError);
    assert.throws(() => fillTemplate('x {id}', 'start', { ...target, id: null }), /id of 127\.0\.0\.1:2182 is not known/);
    assert.throws(() => fillTemplate('ssh {host}', 'start', { ...target, host: 'h;rm -rf /' }), /not safe in a shell command/);
    assert.throws(() => MemberControl.fromActionTemplate('restart {id}'), /needs \{action\}/);
  });

  test('runs through a shell and reads the exit code; a timeout kills the command', async () => {
    const failed = await runShell('echo out; echo err >&2; exit 3');
    assert.equal(failed.exitCode, 3);
    assert.match(failed.output, /out\nerr|err\nout/);
    const ok = await runShell('true');
    assert.equal(ok.exitCode, 0);
    const slow = await runShell('sleep 30', { timeoutMs: 200 });
    assert.equal(slow.timedOut, true);
    assert.equal(slow.exitCode, null);
  });

  test('presets and the per-cluster setting', () => {
    assert.equal(controlFromSettings({ preset: 'systemd' })!.command('restart', target), 'systemctl restart zookeeper@2');
    assert.equal(controlFromSettings({ preset: 'docker' })!.command('start', target), 'docker start zk2');
    const k8s = controlFromSettings({ preset: 'kubernetes' })!;
    assert.equal(k8s.command('restart', target), 'kubectl delete pod zk-2');
    assert.equal(k8s.supports('stop'), false);
    assert.equal(controlFromSettings({ preset: 'sandbox', restart: 'my-restart {id}' })!.command('restart', target), 'my-restart 2');
    assert.equal(controlFromSettings(undefined), undefined);
    assert.throws(() => controlFromSettings({ preset: 'nope' }), /invalid control setting/);
    assert.throws(() => controlFromSettings({ start: 'go {nope}' }), /unknown placeholder \{nope\}/);
  });
});

/** A runbook of given steps, and a runner context whose reports come from `reports`. */
function fixtureRun(steps: Step[], refusal?: string): PlannedRunbook {
  return { id: 'test', title: 'Test runbook', reason: 'a test', steps, ...(refusal ? { refusal } : {}) };
}

describe('the runbook runner', () => {
  const healthy = report('healthy-3');
  const base = { observe: async () => healthy, control: undefined };
  const diagnose: Step = {
    kind: 'diagnose',
    id: 'd',
    title: 'Look',
    run: async () => ({ ok: true, summary: 'seen', evidence: ['e1 <b>', 'e2'] }),
  };
  let ran = 0;
  const act: Step = {
    kind: 'act',
    id: 'a',
    title: 'Do',
    plan: { does: 'Do it', where: 'here', tolerance: 'can lose 1' },
    run: async () => ({ ok: (ran++, true), summary: 'did' }),
  };
  const verify = (ok: boolean, fatal?: string): Step => ({
    kind: 'verify',
    id: 'v',
    title: 'Check',
    expect: 'fine',
    timeoutMs: 300,
    check: () => (ok ? { ok: true, summary: 'fine' } : { ok: false, stillWrong: ['member 2 is DOWN'], ...(fatal ? { fatal } : {}) }),
  });
  const opts = (mode: 'plan' | 'run', yes = true) => ({ mode, consent: async () => yes, cluster: 'c:1', actor: 'tester', pollMs: 50 });

  test('plan mode diagnoses, describes the rest and does nothing', async () => {
    ran = 0;
    const events: RunEvent[] = [];
    const result = await runRunbook(fixtureRun([diagnose, act, verify(true)]), base, { ...opts('plan'), onEvent: (e) => events.push(e) });
    assert.equal(result.status, 'planned');
    assert.equal(result.acted, 0);
    assert.equal(ran, 0);
    assert.deepEqual(
      result.log.steps.map((s) => s.state),
      ['done', 'planned', 'planned'],
    );
    assert.ok(
      events.some((e) => e.type === 'step' && e.step === 'd' && e.state === 'running'),
      'step states are events',
    );
    const md = result.log.toMarkdown();
    assert.match(md, /^# Runbook: Test runbook \(`test`\)/);
    assert.match(md, /seen: e1 \\<b\\>/, 'server text is escaped');
    assert.match(md, /plan: Do it \(on here\)\. can lose 1/);
  });

  test('run mode: consent, act, verify; declined and refused runs do nothing', async () => {
    ran = 0;
    assert.equal((await runRunbook(fixtureRun([diagnose, act, verify(true)]), base, opts('run'))).status, 'completed');
    assert.equal(ran, 1);
    const declined = await runRunbook(fixtureRun([diagnose, act, verify(true)]), base, opts('run', false));
    assert.equal(declined.status, 'declined');
    assert.equal(declined.acted, 0);
    assert.equal(ran, 1);
    const refused = await runRunbook(fixtureRun([diagnose, act], 'not today'), base, opts('run'));
    assert.equal(refused.status, 'refused');
    assert.deepEqual(
      refused.log.steps.map((s) => s.state),
      ['skipped', 'skipped'],
    );
  });

  test('a guard stops before acting; a timed-out verify says what is still wrong; a fatal reading stops at once', async () => {
    const guarded: Step = { ...act, guard: () => 'the margin dropped' };
    const stopped = await runRunbook(fixtureRun([guarded, verify(true)]), base, opts('run'));
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.acted, 0);
    const timedOut = await runRunbook(fixtureRun([verify(false)]), base, opts('run'));
    assert.equal(timedOut.status, 'timed-out');
    assert.match(timedOut.log.steps[0]!.summary!, /still wrong: member 2 is DOWN/);
    const fatal = await runRunbook(fixtureRun([verify(false, 'member 3 went down'), act]), base, opts('run'));
    assert.equal(fatal.status, 'failed');
    assert.equal(fatal.log.steps[1]!.state, 'skipped');
  });

  test('a step that can lose data writes one backup first, or does not run without one', async () => {
    const risky = (id: string): Step => ({ ...act, id, plan: { ...(act as { plan: object }).plan, losesData: true } }) as Step;
    const none = await runRunbook(fixtureRun([risky('a1')]), base, opts('run'));
    assert.equal(none.status, 'failed');
    let backups = 0;
    const withBackup = await runRunbook(
      fixtureRun([risky('a1'), risky('a2')]),
      { ...base, backup: async () => `/tmp/b${++backups}.json` },
      opts('run'),
    );
    assert.equal(withBackup.status, 'completed');
    assert.equal(backups, 1);
    assert.ok(withBackup.log.entries.some((e) => e.text === 'backup of / written to /tmp/b1.json'));
  });
});

describe('planning runbooks on recorded reports', () => {
  const control = new MemberControl({ restart: 'restart-member {id}', start: 'start-member {id}' });
  const ctx = { control, verifyTimeoutMs: 1000, connect: 'c:1' };

  test('rolling restart: followers first, leader last; refused with a member down', () => {
    const healthy = report('healthy-3');
    const order = restartOrder(healthy);
    assert.equal(order.at(-1)!.role, 'leader');
    assert.ok(order.slice(0, -1).every((m) => m.role === 'follower'));
    const planned = planRollingRestart(healthy, { control, memberTimeoutMs: 1000 });
    assert.equal(planned.refusal, undefined);
    assert.deepEqual(
      planned.steps.filter((s) => s.kind === 'act').map((s) => (s.kind === 'act' ? s.plan.command : '')),
      order.map((m) => `restart-member ${m.id}`),
    );
    const refused = planRollingRestart(report('follower-down'), { control, memberTimeoutMs: 1000 });
    assert.match(refused.refusal!, /is down: every member must serve/);
  });

  test('the most urgent runbook applies: member down, member hung, quorum lost, nothing when healthy', () => {
    assert.deepEqual(applicableRunbooks(report('healthy-3')), []);
    assert.equal(planRecovery(report('healthy-3'), ctx), null);
    assert.equal(applicableRunbooks(report('follower-down'))[0], 'member-down');
    assert.equal(applicableRunbooks(report('follower-hung'))[0], 'member-hung');
    assert.equal(applicableRunbooks(report('no-quorum'))[0], 'quorum-lost');
    const down = planRecovery(report('follower-down'), ctx)!;
    assert.deepEqual(
      down.steps.map((s) => s.kind),
      ['diagnose', 'act', 'verify', 'verify'],
    );
  });

  test('quorum lost: members with the highest remembered zxid start first, unknown last', () => {
    const lost = report('no-quorum');
    const down = lost.health.members.filter((m) => m.condition === 'down' || m.condition === 'hung');
    assert.ok(down.length >= 2, 'the fixture has two members out');
    const memory = new EnsembleMemory({
      members: {
        [down[0]!.address]: { address: down[0]!.address, id: 7, role: 'follower', zxid: '0x100000005', upAt: 't' },
        [down[1]!.address]: { address: down[1]!.address, id: 8, role: 'follower', zxid: '0x100000009', upAt: 't' },
      },
      persistentZnodes: null,
    });
    assert.deepEqual(
      startOrder(lost, memory)
        .map((m) => m.address)
        .slice(0, 2),
      [down[1]!.address, down[0]!.address],
    );
    const planned = planRecovery(lost, { ...ctx, memory })!;
    assert.equal(planned.id, 'quorum-lost');
    const acts = planned.steps.filter((s) => s.kind === 'act');
    assert.equal(acts[0]!.kind === 'act' && acts[0]!.plan.command, 'start-member 8');
  });
});
