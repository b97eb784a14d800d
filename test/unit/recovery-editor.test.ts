import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConf } from '../../src/core/ensemble/parsers/conf';
import { buildReport } from '../../src/core/health/report';
import { MemberControl, runShell } from '../../src/core/recovery/control';
import { controlFromSettings } from '../../src/core/recovery/presets';
import { parseAdd, parseId } from '../../src/core/recovery/reconfig/changes';
import { planReconfig } from '../../src/core/recovery/reconfig/plan';
import { planReconfigRunbook } from '../../src/core/recovery/reconfig/runbook';
import { planRecovery } from '../../src/core/recovery/runbooks';
import { runRunbook } from '../../src/core/recovery/runner';
import type { ActStep, ConsentRequest } from '../../src/core/recovery/types';
import { consentText } from '../../src/ui/recovery/consentText';
import { RunbookRun } from '../../src/ui/recovery/run';
import { runViewMarkdown } from '../../src/ui/recovery/runViewText';
import { loadSnapshot } from '../support/healthFixtures';

// The editor's recovery pieces that need no editor: the consent modal's words, the live run (its
// log rebuilt from the runner's events) and its view text, the reconfig plan as a runbook.

const report = (name: string) => buildReport(loadSnapshot(name));
const ctx = { verifyTimeoutMs: 1000, connect: '127.0.0.1:2181' };
const consentCtx = { clusterName: 'prod', runbookTitle: 'Member down', stepNumber: 2, stepCount: 4 };

function requestOf(act: ActStep): ConsentRequest {
  return { runbook: 'member-down', step: act.id, title: act.title, plan: act.plan };
}

describe('the consent modal', () => {
  test('with a control: the command, where it runs, the timeout and the fault tolerance left', () => {
    const control = controlFromSettings({ preset: 'systemd', timeoutSeconds: 30 });
    const act = planRecovery(report('follower-down'), { ...ctx, control })!.steps.find((s): s is ActStep => s.kind === 'act')!;
    const t = consentText(requestOf(act), { ...consentCtx, runsIn: 'the "ZooKeeper Recovery" terminal', commandTimeoutSeconds: 30 });
    assert.match(t.message, /^prod: Start member \d \(127\.0\.0\.1:\d+\)\?$/);
    assert.equal(t.button, 'Run');
    assert.match(t.detail, /^What: Start member \d .* \(its dataDir is kept\)\.$/m);
    assert.match(t.detail, /^Runs: systemctl start zookeeper@\d$/m);
    assert.match(t.detail, /^Where: this machine, in the "ZooKeeper Recovery" terminal \(killed after 30 s\)\.$/m);
    assert.match(t.detail, /^Fault tolerance while .*: unchanged, the ensemble can lose 0 more voters\.$/m);
    assert.match(t.detail, /Step 2 of 4 of the runbook "Member down"\. Nothing further is done if you cancel\.$/);
  });

  test('without a control: exactly what to run by hand, where, and that the runbook then verifies', () => {
    const act = planRecovery(report('follower-down'), { ...ctx, control: undefined })!.steps.find((s): s is ActStep => s.kind === 'act')!;
    const t = consentText(requestOf(act), consentCtx);
    assert.equal(t.button, "I'll do it: verify");
    assert.match(
      t.detail,
      /^By hand, on host 127\.0\.0\.1: start the ZooKeeper server with myid \d and client port \d+ .*never wipe the dataDir/m,
    );
    assert.match(t.detail, /Nothing is run for you: after you agree, the runbook waits for the result and verifies it\./);
    assert.doesNotMatch(t.detail, /^Runs:/m);
  });
});

describe('a run as the editor shows it', () => {
  test('the live log follows the events; the view says what it waits for, then how it ended', async () => {
    const lines: string[] = [];
    const control = new MemberControl({ start: 'echo started {id}' }, 5000, (command, o) =>
      runShell(command, { ...o, onOutput: (t) => lines.push(t) }),
    );
    const runbook = planRecovery(report('follower-down'), { ...ctx, control })!;
    const views: string[] = [];
    let release!: (yes: boolean) => void;
    const run = new RunbookRun('prod', 'Prod <EU>', runbook, ctx.connect, 'tester', 'member 127.0.0.1:2182 (down)', 'dialog', (r) =>
      runRunbook(
        runbook,
        { observe: async () => report('follower-down'), control },
        {
          mode: 'run',
          consent: () => {
            views.push(runViewMarkdown(r));
            return new Promise((resolve) => (release = resolve));
          },
          onEvent: (e) => r.apply(e),
          cluster: ctx.connect,
          actor: 'tester',
          pollMs: 10,
        },
      ),
    );
    assert.equal(run.running, true);
    await new Promise((r) => setTimeout(r, 50));
    assert.match(views[0]!, /^> \*\*Running\*\* on Prod \\<EU\\>: waiting for your consent: Start member/);
    assert.match(views[0]!, /> Opened for: member 127\.0\.0\.1:2182 \(down\)/);
    assert.match(views[0]!, /1\. \[x\] \*\*diagnose\*\*/);
    release(false);
    const result = await run.done;
    assert.equal(result.status, 'declined');
    assert.equal(run.status, 'declined');
    assert.equal(run.acted, 0);
    assert.deepEqual(lines, [], 'declined: the command never ran');
    const view = runViewMarkdown(run);
    assert.match(view, /^> \*\*Ended: declined\*\* on Prod \\<EU\\> \(nothing was changed\)/);
    assert.match(view, /2\. \[ \] \*\*act\*\* Start member .* — declined/);
    assert.match(view, /\[start-1\] outcome: declined: nothing was done/);
    assert.deepEqual(run.log.entries, result.log.entries, 'the live log holds what the runner logged');
  });

  test('a run whose command succeeds streams its output and logs the exit code', async () => {
    const lines: string[] = [];
    const control = new MemberControl({ start: 'echo started {id}' }, 5000, (command, o) =>
      runShell(command, { ...o, onOutput: (t) => lines.push(t) }),
    );
    const runbook = planRecovery(report('follower-down'), { ...ctx, control })!;
    const act = runbook.steps.find((s) => s.kind === 'act')!;
    const run = new RunbookRun(
      'prod',
      'prod',
      { ...runbook, steps: [runbook.steps[0]!, act] },
      ctx.connect,
      'tester',
      null,
      'dialog',
      (r) =>
        runRunbook(
          { ...runbook, steps: [runbook.steps[0]!, act] },
          { observe: async () => report('follower-down'), control },
          { mode: 'run', consent: async () => true, onEvent: (e) => r.apply(e), cluster: ctx.connect, actor: 'tester' },
        ),
    );
    const result = await run.done;
    assert.equal(result.status, 'completed');
    assert.equal(run.acted, 1);
    assert.match(lines.join(''), /^started \d\n$/);
    assert.match(run.log.toMarkdown(), /did: \\`echo started \d\\`: exit 0 in/);
    assert.match(runViewMarkdown(run), /^> \*\*Ended: completed\*\* on prod \(1 action taken\)/);
  });
});

describe('reconfig as a runbook', () => {
  const CONFIG = [
    'server.1=127.0.0.1:2001:3001:participant;127.0.0.1:4001',
    'server.2=127.0.0.1:2002:3002:participant;127.0.0.1:4002',
    'server.3=127.0.0.1:2003:3003:participant;127.0.0.1:4003',
    'version=100000000',
  ].join('\n');
  const parsed = parseConf(CONFIG);
  const current = parsed.status === 'ok' ? parsed.value.membership : [];
  const base = report('healthy-3');
  const healthy = { ...base, health: { ...base.health, members: base.health.members.map((m, i) => ({ ...m, id: i + 1 })) } };

  test('a refused change is a refused runbook: nothing is applied', async () => {
    const plan = planReconfig(
      current,
      '100000000',
      [parseAdd('server.4=h:1:2;3'), parseAdd('server.5=h:4:5;6')],
      healthy,
      new Map([
        [4, true],
        [5, true],
      ]),
    );
    let applied = 0;
    const runbook = planReconfigRunbook(plan, {
      apply: async () => (applied++, { status: 'applied', version: '2', config: '' }),
      readConfig: async () => ({ members: current, version: '100000000', text: '' }),
      report: healthy,
      verifyTimeoutMs: 100,
      user: 'super',
    });
    assert.match(runbook.refusal ?? '', /at most one new participant/);
    const result = await runRunbook(
      runbook,
      { observe: async () => healthy, control: undefined },
      { mode: 'run', consent: async () => true, cluster: 'c', actor: 't' },
    );
    assert.equal(result.status, 'refused');
    assert.equal(applied, 0);
  });

  test('removing a member: dry run as evidence, a backup first, applied on consent, the config read again', async () => {
    const plan = planReconfig(current, '100000000', [parseId('remove', '3')], healthy);
    assert.equal(plan.refusal, null);
    let applied = 0;
    let config = { members: current, version: '100000000', text: '' };
    const runbook = planReconfigRunbook(plan, {
      apply: async () => {
        applied++;
        config = { members: plan.members, version: '100000004', text: '' };
        return { status: 'applied', version: '100000004', config: '' };
      },
      readConfig: async () => config,
      report: healthy,
      verifyTimeoutMs: 1000,
      user: 'super',
    });
    const act = runbook.steps.find((s): s is ActStep => s.kind === 'act')!;
    assert.equal(act.plan.losesData, true);
    assert.equal(act.plan.command, 'reconfig -remove 3 -v 0x100000000');
    assert.match(act.plan.tolerance, /after the change 0 \(2 voters, quorum size 2\)/);
    let backups = 0;
    const result = await runRunbook(
      runbook,
      { observe: async () => healthy, control: undefined, backup: async () => (backups++, '/tmp/b.json') },
      { mode: 'run', consent: async () => true, cluster: 'c', actor: 't', pollMs: 10 },
    );
    assert.equal(result.status, 'completed', result.log.toMarkdown());
    assert.equal(applied, 1);
    assert.equal(backups, 1);
    const md = result.log.toMarkdown();
    assert.match(md, /\[dry-run\] seen: new membership:/);
    assert.match(md, /\[apply\] outcome: applied: config version 0x100000000 → 0x100000004/);
    assert.match(md, /\[config\] outcome: config version 0x100000004: server\.1, server\.2;/);
  });
});
