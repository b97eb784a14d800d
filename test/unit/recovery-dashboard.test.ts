import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DashboardFeed, RecoverySource } from '../../src/core/dashboard/feed';
import { buildReport } from '../../src/core/health/report';
import { MemberControl } from '../../src/core/recovery/control';
import { RUNBOOK_IDS, planRunbook } from '../../src/core/recovery/runbooks';
import { RunLog } from '../../src/core/recovery/runLog';
import { runRunbook } from '../../src/core/recovery/runner';
import type { ActStep, PlannedRunbook, StepState } from '../../src/core/recovery/types';
import type { HostMessage } from '../../src/shared/dashboardProtocol';
import { parseWebviewMessage } from '../../src/shared/dashboardValidation';
import { RECOVERY_LIMITS, RecoveryView, RunView } from '../../src/shared/recoveryProtocol';
import { parseRecoveryMessage } from '../../src/shared/recoveryValidation';
import { RunLike, checklistState, offersOf, recoveryView, runView } from '../../src/ui/recovery/checklist';
import { RunbookRun } from '../../src/ui/recovery/run';
import { RunbookHook, runbookNote } from '../../src/ui/alerts/runbooks';
import { FakeMonitor } from '../support/fakeMonitor';
import { loadSnapshot } from '../support/healthFixtures';
import { sleep, until } from '../support/wait';

// The dashboard's Recovery section without an editor: a run as a checklist (states, evidence,
// what each act step does and the fault tolerance it leaves, the consent question), the runbooks
// that apply now, the zod checks of both directions, and the feed's recovery posts.

const report = (name: string) => buildReport(loadSnapshot(name));
const ctx = { verifyTimeoutMs: 1000, connect: '127.0.0.1:2181' };
const echo = new MemberControl({ start: 'true {id}', stop: 'true {id}', restart: 'true {id}' }, 5000);
const plan = (id: string, name = 'follower-down'): PlannedRunbook => planRunbook(id, report(name), { ...ctx, control: echo })!;

const wire = (view: RecoveryView) => parseRecoveryMessage(JSON.parse(JSON.stringify({ type: 'recovery', recovery: view })));

/** A run as the view reads it, its log written by hand. */
function handRun(runbook: PlannedRunbook, states: Readonly<Record<string, StepState>>, extra: Partial<RunLike> = {}): RunLike {
  const log = new RunLog(runbook, runbook.steps, ctx.connect, 'tester');
  for (const [step, state] of Object.entries(states)) log.setState(step, state, `${step} is ${state}`);
  return { id: 'run-7', runbook, log, status: null, now: 'x', acted: 0, openedFor: null, consentIn: 'dashboard', waiting: null, ...extra };
}

describe('a run as a checklist', () => {
  test('runner states map to the checklist: refused for declined and stopped, failed for timed out, pending for planned', () => {
    // The states whose word differs from the runner's; the others read the same.
    assert.equal(checklistState('declined'), 'refused');
    assert.equal(checklistState('stopped'), 'refused');
    assert.equal(checklistState('timed-out'), 'failed');
    assert.equal(checklistState('planned'), 'pending');
    assert.equal(checklistState('waiting-consent'), 'waiting');
    for (const same of ['pending', 'running', 'done', 'failed', 'skipped'] as const) assert.equal(checklistState(same), same);
  });

  test('a dashboard run: diagnose with its evidence, the act step waits with its question, then runs; the view follows live', async () => {
    const runbook = plan('member-down');
    const seen: RunView[] = [];
    const run = new RunbookRun(
      'prod',
      'prod',
      { ...runbook, steps: runbook.steps.slice(0, 2) },
      ctx.connect,
      'tester',
      null,
      'dashboard',
      (r) =>
        runRunbook(
          { ...runbook, steps: runbook.steps.slice(0, 2) },
          { observe: async () => report('follower-down'), control: echo },
          {
            mode: 'run',
            consent: (request) =>
              r.askConsent(request, {
                clusterName: 'prod',
                runbookTitle: runbook.title,
                stepNumber: 2,
                stepCount: 2,
                runsIn: 'the terminal',
              }),
            onEvent: (e) => r.apply(e),
            cluster: ctx.connect,
            actor: 'tester',
          },
        ),
    );
    run.onDidChange(() => seen.push(runView(run)));
    await until('the question', () => run.waiting !== null, { timeoutMs: 5000 });
    const waiting = runView(run);
    const [diagnose, act] = waiting.steps;
    assert.equal(diagnose!.state, 'done');
    assert.ok(
      diagnose!.evidence.some((l) => /DOWN, connection refused/.test(l)),
      diagnose!.evidence.join('\n'),
    );
    assert.ok(
      diagnose!.evidence.some((l) => /voters, majority 2, 2 serving/.test(l)),
      'the quorum line',
    );
    assert.equal(act!.kind, 'act');
    assert.equal(act!.state, 'waiting');
    assert.match(act!.act!.command!, /^true \d$/);
    assert.equal(act!.act!.where, 'this machine');
    assert.match(act!.act!.tolerance, /^Fault tolerance while .*: unchanged, the ensemble can lose 0 more voters\.$/);
    assert.match(act!.consent!.question, /^prod: Start member \d \(127\.0\.0\.1:\d+\)\?$/);
    assert.equal(act!.consent!.button, 'Run');
    assert.ok(
      act!.consent!.detail.some((p) => /^Fault tolerance while /.test(p)),
      'the tolerance in the question',
    );
    assert.ok(
      wire(recoveryView({ known: RUNBOOK_IDS, offers: [], runs: [run], control: 'c', notice: null })).ok,
      'it passes the webview check',
    );

    assert.equal(run.answer('back-1', true), false, 'an answer for another step does nothing');
    assert.equal(run.answer('start-1', true), true);
    assert.equal(run.answer('start-1', true), false, 'answered once');
    const result = await run.done;
    assert.equal(result.status, 'completed', run.log.toMarkdown());
    const end = runView(run);
    assert.deepEqual(
      end.steps.map((s) => `${s.id}:${s.state}:${s.consent === null}`),
      ['diagnose:done:true', 'start-1:done:true'],
    );
    assert.equal(end.status, 'completed');
    assert.equal(end.acted, 1);
    assert.ok(end.log.some((l) => l.step === 'start-1' && l.kind === 'did' && /consent given by tester/.test(l.text)));
    const states = seen.map((v) => v.steps[1]!.state);
    assert.deepEqual(
      states.filter((s, i) => s !== states[i - 1]),
      ['pending', 'waiting', 'running', 'done'],
      'the act step went through each state',
    );
  });

  test('stopping a run that waits for consent answers no: nothing acts', async () => {
    const runbook = plan('member-down');
    const run = new RunbookRun('prod', 'prod', runbook, ctx.connect, 'tester', null, 'dashboard', (r) =>
      runRunbook(
        runbook,
        { observe: async () => report('follower-down'), control: echo },
        {
          mode: 'run',
          consent: (request) => r.askConsent(request, { clusterName: 'p', runbookTitle: 't', stepNumber: 2, stepCount: 4 }),
          onEvent: (e) => r.apply(e),
          cluster: ctx.connect,
          actor: 'tester',
          signal: r.abort.signal,
        },
      ),
    );
    await until('the question', () => run.waiting !== null, { timeoutMs: 5000 });
    run.stop();
    const result = await run.done;
    assert.equal(result.status, 'declined');
    assert.equal(result.acted, 0);
    assert.equal(run.waiting, null);
    assert.deepEqual(
      runView(run).steps.map((s) => s.state),
      ['done', 'refused', 'skipped', 'skipped'],
    );
  });

  test('a dialog run shows no consent buttons; verify steps say what they wait for; texts and logs are bounded', () => {
    const runbook = plan('member-down');
    const waiting = {
      request: { runbook: runbook.id, step: 'start-1', title: 'x', plan: (runbook.steps[1] as ActStep).plan },
      ctx: { clusterName: 'p', runbookTitle: 't', stepNumber: 2, stepCount: 4 },
    };
    const dialog = runView(handRun(runbook, { diagnose: 'done', 'start-1': 'waiting-consent' }, { consentIn: 'dialog', waiting }));
    assert.equal(dialog.steps[1]!.state, 'waiting');
    assert.equal(dialog.steps[1]!.consent, null, 'a modal asks: no buttons here');
    const here = runView(handRun(runbook, { diagnose: 'done', 'start-1': 'waiting-consent' }, { waiting }));
    assert.ok(here.steps[1]!.consent, 'asked here');
    assert.match(dialog.steps[2]!.expect!, /follower or leader/);

    const long = handRun(runbook, {});
    for (let i = 0; i < RECOVERY_LIMITS.logLines + 25; i++) long.log.add('seen', `${'x'.repeat(RECOVERY_LIMITS.text)}${i}`, 'diagnose');
    const view = runView(long);
    assert.equal(view.log.length, RECOVERY_LIMITS.logLines);
    assert.equal(view.logOmitted, 25);
    assert.ok(view.log.every((l) => l.text.length <= RECOVERY_LIMITS.text));
    assert.ok(view.log.at(-1)!.text.endsWith('…'), 'cut, and says so');
    assert.equal(view.steps[0]!.evidence.length, RECOVERY_LIMITS.evidence);
    assert.ok(wire(recoveryView({ known: RUNBOOK_IDS, offers: [], runs: [long], control: 'c', notice: null })).ok);
  });

  test('the section: newest runs first, at most five; busy while one runs', () => {
    const runbook = plan('member-down');
    const runs = Array.from({ length: 7 }, (_, i) => handRun(runbook, {}, { id: `run-${i + 1}`, status: i === 6 ? null : 'completed' }));
    const view = recoveryView({ known: RUNBOOK_IDS, offers: [], runs, control: 'by hand', notice: 'hello' });
    assert.deepEqual(
      view.runs.map((r) => r.id),
      ['run-7', 'run-6', 'run-5', 'run-4', 'run-3'],
    );
    assert.equal(view.busy, true);
    assert.equal(recoveryView({ known: [], offers: [], runs: runs.slice(0, 6), control: '', notice: null }).busy, false);
  });
});

describe('the runbooks that apply now', () => {
  const planner = (id: string, r: ReturnType<typeof report>) => planRunbook(id, r, { ...ctx, control: undefined });

  test('from the report, with the members and rules of the firing alerts that call for them', () => {
    const r = report('follower-down');
    const down = r.health.members.find((m) => m.condition === 'down')!.address;
    const offers = offersOf(r, [{ rule: 'member-down', runbook: 'member-down', member: down }], planner, RUNBOOK_IDS);
    const first = offers[0]!;
    assert.equal(first.runbook, 'member-down');
    assert.equal(first.title, 'Member down');
    assert.match(first.reason, /down/);
    assert.deepEqual(first.members, [down]);
    assert.deepEqual(first.alerts, ['member-down']);
    assert.equal(first.refusal, null);
  });

  test('healthy: none; an alert whose runbook is unknown or plans to nothing adds none', () => {
    const r = report('healthy-3');
    assert.deepEqual(offersOf(r, [], planner, RUNBOOK_IDS), []);
    assert.deepEqual(
      offersOf(
        r,
        [
          { rule: 'latency-high', runbook: 'latency-high', member: null },
          { rule: 'member-down', runbook: 'member-down', member: 'x:1' },
        ],
        planner,
        RUNBOOK_IDS,
      ),
      [],
      'latency-high has no runbook; member-down plans to nothing on a healthy report',
    );
    assert.deepEqual(offersOf(undefined, [], planner, RUNBOOK_IDS), [], 'no report yet');
  });

  test('every fixture: offers and planned runs pass the webview check', () => {
    for (const name of ['follower-down', 'follower-hung', 'no-quorum', 'all-down', 'leader-down-electing', 'five-with-observer']) {
      const r = report(name);
      const offers = offersOf(r, [], planner, RUNBOOK_IDS);
      const runs = offers.map((o, i) =>
        handRun(planRunbook(o.runbook, r, { ...ctx, control: undefined })!, {}, { id: `run-${i + 1}`, status: 'planned' }),
      );
      const checked = wire(recoveryView({ known: RUNBOOK_IDS, offers, runs, control: 'c', notice: null }));
      assert.ok(checked.ok, `${name}: ${checked.ok ? '' : checked.error}`);
    }
  });
});

describe('the checks on receipt', () => {
  const runbook = plan('member-down');
  const good = recoveryView({ known: RUNBOOK_IDS, offers: [], runs: [handRun(runbook, { diagnose: 'done' })], control: 'c', notice: null });

  test('the webview rejects a malformed recovery message, naming where', () => {
    const first = good.runs[0]!;
    const bad: [string, unknown][] = [
      ['unknown key', { ...good, script: '<script>' }],
      ['wrong status', { ...good, runs: [{ ...first, status: 'exploded' }] }],
      ['a run id that is not one', { ...good, runs: [{ ...first, id: '../../x' }] }],
      [
        'a consent question on a step that does not wait',
        { ...good, runs: [{ ...first, steps: first.steps.map((s) => ({ ...s, consent: { question: 'q', detail: [], button: 'Run' } })) }] },
      ],
      ['text over the bound', { ...good, notice: 'x'.repeat(RECOVERY_LIMITS.text + 1) }],
      ['too many runs', { ...good, runs: Array.from({ length: RECOVERY_LIMITS.runs + 1 }, () => first) }],
      ['a negative count', { ...good, runs: [{ ...first, acted: -1 }] }],
    ];
    assert.ok(wire(good).ok);
    for (const [what, recovery] of bad) {
      const checked = parseRecoveryMessage({ type: 'recovery', recovery });
      assert.equal(checked.ok, false, what);
      assert.ok(!checked.ok && checked.error.length > 0, `${what}: says why`);
    }
    assert.equal(parseRecoveryMessage({ type: 'snapshot', recovery: good }).ok, false, 'another type');
  });

  test('the host accepts the section requests as they are and rejects anything else', () => {
    for (const m of [
      { type: 'runRunbook', runbook: 'member-down', member: '127.0.0.1:2181' },
      { type: 'runRunbook', runbook: 'quorum-lost', member: null },
      { type: 'consent', run: 'run-3', step: 'start-1', consent: true },
      { type: 'consent', run: 'run-3', step: 'start-1', consent: false },
      { type: 'stopRun', run: 'run-12' },
      { type: 'saveRunLog', run: 'run-1' },
    ]) {
      const parsed = parseWebviewMessage(m);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.deepEqual(parsed.value, m);
    }
    for (const m of [
      { type: 'runRunbook', runbook: 'member-down' },
      { type: 'runRunbook', runbook: 'Member Down', member: null },
      { type: 'runRunbook', runbook: '', member: null },
      { type: 'runRunbook', runbook: 'member-down', member: '' },
      { type: 'consent', run: 'run-3', step: 'start-1', consent: 'yes' },
      { type: 'consent', run: 'run-3', step: 'start-1' },
      { type: 'consent', run: 'run-3; rm -rf /', step: 'start-1', consent: true },
      { type: 'consent', run: 'run-3', step: 'start-1', consent: true, by: 'admin' },
      { type: 'stopRun', run: 3 },
      { type: 'saveRunLog', run: 'run-1', path: '/etc/passwd' },
      { type: 'runCommand', command: 'zookeeper.openRunbook' },
    ]) {
      assert.equal(parseWebviewMessage(m).ok, false, `accepted ${JSON.stringify(m)}`);
    }
  });
});

describe('the feed', () => {
  test('the section follows each snapshot, then goes out on its own changes, throttled; nothing before ready', async () => {
    const monitor = new FakeMonitor('c1');
    const posted: HostMessage[] = [];
    let version = 0;
    const listeners = new Set<() => void>();
    const recovery: RecoverySource = {
      view: () => ({ known: [], offers: [], runs: [], busy: false, control: `v${version}`, notice: null }),
      onDidChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const feed = new DashboardFeed(monitor, { clusterName: 'prod', post: (m) => posted.push(m), throttleMs: 40, recovery });
    const change = (): void => {
      version++;
      for (const l of listeners) l();
    };
    change();
    assert.equal(posted.length, 0, 'nothing before ready');
    feed.handle({ type: 'ready' });
    assert.deepEqual(
      posted.map((m) => m.type),
      ['snapshot', 'recovery'],
    );
    for (let i = 0; i < 5; i++) change();
    await sleep(120);
    const recoveries = posted.filter((m) => m.type === 'recovery');
    assert.equal(recoveries.length, 2, 'five changes, one post');
    assert.equal(recoveries[1]!.type === 'recovery' && recoveries[1]!.recovery.control, 'v6', 'the latest');
    assert.equal(posted.filter((m) => m.type === 'append').length, 0, 'no chart append when only recovery changed');
    feed.dispose();
    change();
    await sleep(60);
    assert.equal(posted.filter((m) => m.type === 'recovery').length, 2, 'disposed: no more');
  });
});

describe("the alerts' runbook hook", () => {
  test('has no runbook until recovery connects; then asks it, and opens through it with the alert', async () => {
    const hook = new RunbookHook();
    assert.equal(hook.has('member-down'), false);
    assert.equal(runbookNote(hook, 'member-down'), 'no guided runbook: see what to do');
    await assert.rejects(hook.open('member-down', { clusterId: 'c', rule: 'member-down', member: null }));
    const opened: string[] = [];
    hook.connect({
      has: (id) => RUNBOOK_IDS.includes(id),
      open: async (id, c) => {
        opened.push(`${c.clusterId} ${id} ${c.rule} ${c.member}`);
      },
    });
    assert.equal(hook.has('member-down'), true);
    assert.equal(hook.has('latency-high'), false, 'no runbook for latency');
    assert.equal(runbookNote(hook, 'member-down'), 'click to open');
    await hook.open('member-down', { clusterId: 'c', rule: 'member-down', member: '127.0.0.1:2181' });
    assert.deepEqual(opened, ['c member-down member-down 127.0.0.1:2181']);
  });
});
