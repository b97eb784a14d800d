import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { RecoveryView, RunView } from '../../src/shared/recoveryProtocol';
import { parseRecoveryMessage } from '../../src/shared/recoveryValidation';
import type { DashboardPanel } from '../../src/ui/dashboard/panel';
import type { RecoveryPrompts } from '../../src/ui/recovery/prompts';
import { until, waitFor } from '../support/wait';
import { controlCalls, env, testbed, applyRecoverySettings } from './recoverySupport';
import type { HostSuite } from './suite';

// The dashboard's Recovery section in the real extension host, on the testbed ensemble of
// host.test.ts: its requests go in through the panel's own message handler (the same check as the
// webview's posts), and what the panel posts back is read and checked as the webview checks it. A
// follower is killed; member-down is offered; a run started from the dashboard asks for consent in
// the dashboard (never in a modal), acts only after the answer, and every step ends done.
const NAME = 'recovery-dashboard';

let api: ExtensionApi | undefined;
let restoreSettings: (() => Promise<void>) | undefined;
let panel: DashboardPanel | undefined;
let victim: { id: number; address: string } | undefined;
let runId: string | undefined;
const modalAsked: string[] = [];
let restorePrompts: (() => void) | undefined;

async function setup(): Promise<ExtensionApi> {
  if (api) return api;
  const template = env('ZKOPS_TEST_CONTROL');
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  restoreSettings = await applyRecoverySettings([
    {
      name: NAME,
      connectString: env('ZKOPS_TEST_CONNECT'),
      control: { start: template, stop: template, restart: template, timeoutSeconds: 60 },
    },
  ]);
  // A modal must never be asked for a dashboard run: record it if it is, and refuse.
  const service = api.recovery.service;
  const original = service.prompts;
  const prompts: RecoveryPrompts = {
    ...original,
    consent: async (request) => {
      modalAsked.push(request.step);
      return false;
    },
  };
  service.prompts = prompts;
  restorePrompts = () => (service.prompts = original);
  return api;
}

/** The Recovery section the panel posted last, as the webview would accept it. */
function posted(): RecoveryView | undefined {
  const last = panel?.lastRecovery;
  if (!last) return undefined;
  const checked = parseRecoveryMessage(JSON.parse(JSON.stringify(last)));
  assert.ok(checked.ok, `the webview would reject it: ${checked.ok ? '' : checked.error}`);
  return checked.value.recovery;
}

const runOf = (id: string | undefined): RunView | undefined => posted()?.runs.find((r) => r.id === id);
const states = (run: RunView | undefined): string => run?.steps.map((s) => `${s.id}:${s.state}`).join(' ') ?? 'no run';

export const suite: HostSuite = {
  name: 'recovery-dashboard',
  tests: {
    'the dashboard of a healthy ensemble: a Recovery section with no runbook to offer': async () => {
      const { health } = await setup();
      await health.controller.pick(NAME);
      await until(
        'every member serving',
        () => health.controller.report?.health.members.filter((m) => m.condition === 'up' && m.id !== null).length === 3,
        { timeoutMs: 30_000 },
      );
      panel = await vscode.commands.executeCommand<DashboardPanel>('zookeeper.openDashboard', NAME);
      assert.ok(panel, 'the dashboard opened');
      // The real webview says ready; the feed then posts the snapshot and the section.
      const view = await waitFor(
        'the Recovery section posted',
        posted,
        (v): v is RecoveryView => v !== undefined && v.offers.length === 0,
        {
          timeoutMs: 30_000,
          describe: (v) => JSON.stringify(v?.offers),
        },
      );
      assert.ok(view.known.includes('member-down'));
      assert.match(view.control, /"control" commands in the "ZooKeeper Recovery" terminal/);
      assert.equal(view.busy, false);
    },

    'a follower killed: member-down offered; run from the dashboard, it waits for consent there and acts on nothing before': async () => {
      const { health } = await setup();
      const follower = health.controller.report!.health.members.find((m) => m.role === 'follower' && m.id !== null)!;
      assert.ok(follower, 'a follower with a known id');
      victim = { id: follower.id!, address: follower.address };
      await testbed('kill', victim.id);
      const offers = await waitFor(
        'member-down offered, called for by its firing alert',
        () => posted()?.offers ?? [],
        (o) => o.some((x) => x.runbook === 'member-down' && x.members.includes(victim!.address)),
        { timeoutMs: 30_000, describe: (o) => JSON.stringify(o) },
      );
      const offer = offers.find((o) => o.runbook === 'member-down')!;
      assert.deepEqual(offer.alerts, ['member-down']);
      assert.equal(offer.refusal, null);
      const callsBefore = (await controlCalls()).length;

      const rejectedBefore = panel!.rejected;
      panel!.receive({ type: 'runRunbook', runbook: 'Member Down!', member: null });
      assert.equal(panel!.rejected, rejectedBefore + 1, 'a malformed request is rejected at the boundary');
      const runsBefore = api!.recovery.service.runs.length;
      panel!.receive({ type: 'runRunbook', runbook: 'member-down', member: victim.address });
      const run = await waitFor(
        'the run, waiting for consent in the dashboard',
        () => posted()?.runs[0],
        (r): r is RunView => r !== undefined && r.steps.some((s) => s.consent !== null),
        { timeoutMs: 30_000, describe: (r) => states(r) },
      );
      runId = run.id;
      assert.equal(api!.recovery.service.runs.length, runsBefore + 1);
      assert.equal(run.consentIn, 'dashboard');
      assert.equal(run.openedFor, `member ${victim.address} (down)`);
      assert.equal(run.status, null);
      assert.equal(posted()!.busy, true);
      assert.match(states(run), /^diagnose:done start-1:waiting back-1:pending healthy:pending$/);
      const diagnose = run.steps[0]!;
      assert.ok(
        diagnose.evidence.some((l) => l.includes(victim!.address) && /DOWN, connection refused/.test(l)),
        diagnose.evidence.join('\n'),
      );
      const act = run.steps[1]!;
      assert.equal(act.act!.command, env('ZKOPS_TEST_CONTROL').replace('{action}', 'start').replace('{id}', String(victim.id)));
      assert.match(act.act!.tolerance, /^Fault tolerance while .*: unchanged, the ensemble can lose 0 more voters\.$/);
      assert.equal(act.consent!.button, 'Run');
      assert.match(act.consent!.question, new RegExp(`^${NAME}: Start member ${victim.id} \\(127\\.0\\.0\\.1:\\d+\\)\\?$`));
      assert.deepEqual(modalAsked, [], 'no modal for a dashboard run');
      assert.deepEqual((await controlCalls()).slice(callsBefore), [], 'nothing ran before consent');

      // An answer of the wrong shape, or for another step, changes nothing.
      panel!.receive({ type: 'consent', run: run.id, step: 'start-1', consent: 'yes' });
      assert.equal(panel!.rejected, rejectedBefore + 2);
      panel!.receive({ type: 'consent', run: run.id, step: 'back-1', consent: true });
      await until('the notice', () => /no longer open/.test(posted()?.notice ?? ''), { timeoutMs: 5000 });
      assert.match(states(runOf(run.id)), /start-1:waiting/);
      assert.deepEqual((await controlCalls()).slice(callsBefore), [], 'still nothing ran');
    },

    'consent in the dashboard: the member is started, back and synced, each step updates to done; the log saves as Markdown': async () => {
      await setup();
      assert.ok(runId && victim, 'the run of the previous test');
      const callsBefore = (await controlCalls()).length;
      const run = api!.recovery.service.runs.find((r) => r.id === runId)!;
      // Every state the run went through (its own events), and the checklists the panel posted.
      const lived: string[] = [];
      const off = run.onDidChange(() => {
        const now = run.log.steps.map((s) => `${s.id}:${s.state}`).join(' ');
        if (lived.at(-1) !== now) lived.push(now);
      });
      const waiting = states(runOf(runId));
      const seen = new Set<string>();
      panel!.receive({ type: 'consent', run: runId, step: 'start-1', consent: true });
      const end = await waitFor(
        'the run to end',
        () => {
          const r = runOf(runId);
          seen.add(states(r));
          return r;
        },
        (r) => r?.status !== null,
        { timeoutMs: 50_000, everyMs: 50, describe: (r) => `${states(r)}; ${r?.log.at(-1)?.text ?? ''}` },
      );
      off();
      assert.equal(end?.status, 'completed', end?.log.map((l) => `${l.step ?? 'run'} ${l.kind}: ${l.text}`).join('\n'));
      assert.equal(states(end), 'diagnose:done start-1:done back-1:done healthy:done');
      assert.deepEqual(
        lived,
        [
          // The answer itself (the question goes away), then the runner's events.
          'diagnose:done start-1:waiting-consent back-1:pending healthy:pending',
          'diagnose:done start-1:running back-1:pending healthy:pending',
          'diagnose:done start-1:done back-1:pending healthy:pending',
          'diagnose:done start-1:done back-1:running healthy:pending',
          'diagnose:done start-1:done back-1:done healthy:pending',
          'diagnose:done start-1:done back-1:done healthy:running',
          'diagnose:done start-1:done back-1:done healthy:done',
        ],
        'each step ran, then was done, in order',
      );
      // The start alone takes a JVM start: the panel posts the checklist on the way, not only at the end.
      const between = [...seen].filter((s) => s !== waiting && s !== states(end));
      assert.ok(between.length >= 1, `an update between consent and the end: ${[...seen].join(' | ')}`);
      assert.equal(end.acted, 1);
      assert.ok(end.log.some((l) => l.step === 'start-1' && l.kind === 'did' && /^consent given by /.test(l.text)));
      assert.deepEqual(
        (await controlCalls()).slice(callsBefore).map((c) => `${c.action} ${c.id} ${c.ok}`),
        [`start ${victim.id} true`],
      );
      assert.deepEqual(modalAsked, [], 'no modal for a dashboard run');
      assert.equal(posted()!.busy, false);
      const docs = vscode.workspace.textDocuments.map((d) => d.uri.toString());
      assert.ok(!docs.includes(api!.recovery.documents.uriFor(run).toString()), 'the dashboard shows it: no run view document');

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-recovery-dashboard-'));
      const saved = path.join(dir, 'run.md');
      const service = api!.recovery.service;
      const prompts = service.prompts;
      service.prompts = { ...prompts, saveTarget: async () => vscode.Uri.file(saved) };
      try {
        panel!.receive({ type: 'saveRunLog', run: runId });
        await until('the saved notice', () => (posted()?.notice ?? '').includes(saved), { timeoutMs: 10_000 });
        assert.equal(fs.readFileSync(saved, 'utf8'), run.log.toMarkdown());
        assert.match(fs.readFileSync(saved, 'utf8'), /^# Runbook: Member down \(`member-down`\)/);
      } finally {
        service.prompts = prompts;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },

    'the panel closed while a run waits for consent: the question moves to a modal (answered no: nothing acts)': async () => {
      await setup();
      assert.ok(victim, 'the follower of the previous tests');
      await testbed('kill', victim.id);
      await waitFor(
        'member-down offered again',
        () => posted()?.offers ?? [],
        (o) => o.some((x) => x.runbook === 'member-down'),
        { timeoutMs: 30_000, describe: (o) => JSON.stringify(o) },
      );
      const callsBefore = (await controlCalls()).length;
      panel!.receive({ type: 'runRunbook', runbook: 'member-down', member: victim.address });
      const waiting = await waitFor(
        'a new run waiting for consent in the dashboard',
        () => posted()?.runs[0],
        (r): r is RunView => r !== undefined && r.id !== runId && r.steps.some((s) => s.consent !== null),
        { timeoutMs: 30_000, describe: (r) => states(r) },
      );
      const run = api!.recovery.service.runs.find((r) => r.id === waiting.id)!;
      assert.deepEqual(modalAsked, [], 'asked in the dashboard only');
      panel!.dispose();
      const result = await run.done;
      assert.deepEqual(modalAsked, ['start-1'], 'the open question went to a modal');
      assert.equal(run.consentIn, 'dialog');
      assert.equal(result.status, 'declined');
      assert.equal(result.acted, 0);
      assert.deepEqual((await controlCalls()).slice(callsBefore), [], 'nothing ran');
      await testbed('start', victim.id);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },

    cleanup: async () => {
      await setup();
      try {
        assert.equal(api!.recovery.service.runs.filter((r) => r.running).length, 0, 'no run left running');
      } finally {
        panel?.dispose();
        restorePrompts?.();
        for (const id of [1, 2, 3]) await testbed('start', id).catch(() => undefined);
        await restoreSettings?.();
      }
    },
  },
};
