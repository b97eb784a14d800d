import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applicableRunbooks } from '../../src/core/recovery/runbooks';
import type { ConsentRequest } from '../../src/core/recovery/types';
import type { ExtensionApi } from '../../src/extension';
import type { ConsentContext } from '../../src/ui/recovery/consentText';
import type { RecoveryPrompts, RunbookChoice } from '../../src/ui/recovery/prompts';
import type { RunbookRun } from '../../src/ui/recovery/run';
import { controlCalls, env, testbed, applyRecoverySettings } from './recoverySupport';
import type { HostSuite } from './suite';
import { until } from '../support/wait';

// Guided recovery in the real extension host, on the 3-member testbed ensemble of host.test.ts. Member
// control commands are real shell commands that ask the test process's control server
// ($ZKOPS_TEST_CONTROL, test/support/memberControl.ts) to start or kill a testbed member; the
// questions (which runbook, consent, where to save) are answered through the injectable prompts, as
// a user would answer the modals.
const WITH_CONTROL = 'recovery-host';
const BY_HAND = 'recovery-manual';

let api: ExtensionApi | undefined;
let restoreSettings: (() => Promise<void>) | undefined;

async function setup(): Promise<ExtensionApi> {
  if (api) return api;
  const connect = env('ZKOPS_TEST_CONNECT');
  const template = env('ZKOPS_TEST_CONTROL');
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  restoreSettings = await applyRecoverySettings([
    { name: WITH_CONTROL, connectString: connect, control: { start: template, stop: template, restart: template, timeoutSeconds: 60 } },
    { name: BY_HAND, connectString: connect },
  ]);
  return api;
}

/** Makes `cluster` active and waits until its report shows every member serving, ids known, and no runbook applies. */
async function healthy(cluster: string): Promise<void> {
  const { health } = await setup();
  await health.controller.pick(cluster);
  const state = (): string => {
    const s = health.controller.state;
    if (s.kind !== 'watching') return s.kind;
    return `${s.cluster.id}: ${s.report.summary}; runbooks ${applicableRunbooks(s.report).join(', ') || 'none'}; ids ${s.report.health.members.map((m) => m.id).join(', ')}`;
  };
  await until(
    `${cluster} healthy`,
    () => {
      const s = health.controller.state;
      return (
        s.kind === 'watching' &&
        s.cluster.id === cluster &&
        s.report.health.members.length === 3 &&
        s.report.health.members.every((m) => m.condition === 'up' && m.id !== null) &&
        applicableRunbooks(s.report).length === 0
      );
    },
    { timeoutMs: 30_000 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}: ${state()}`);
  });
}

/** Kills a follower of the active cluster and waits until its report shows it down; resolves its id and address. */
async function killFollower(): Promise<{ id: number; address: string }> {
  const { health } = await setup();
  const follower = health.controller.report!.health.members.find((m) => m.role === 'follower' && m.id !== null)!;
  assert.ok(
    follower,
    `a follower with a known id: ${health.controller.report!.health.members.map((m) => `${m.address} ${m.id} ${m.role} ${m.condition}`).join(', ')}`,
  );
  await testbed('kill', follower.id!);
  await until(
    `${follower.address} down in the report`,
    () => health.controller.report?.health.members.find((m) => m.address === follower.address)?.condition === 'down',
    { timeoutMs: 30_000 },
  );
  return { id: follower.id!, address: follower.address };
}

/** Answers the recovery prompts for one test; restored by the returned function. */
function answer(api: ExtensionApi, overrides: Partial<RecoveryPrompts>): () => void {
  const service = api.recovery.service;
  const original = service.prompts;
  service.prompts = { ...original, ...overrides };
  return () => {
    service.prompts = original;
  };
}

const stepStates = (run: RunbookRun): string => run.log.steps.map((s) => `${s.id}:${s.state}`).join(' ');

export const suite: HostSuite = {
  name: 'recovery',
  tests: {
    "healthy: Run Runbook offers nothing, and an alert's runbook that does not apply opens nothing": async () => {
      const api = await setup();
      await healthy(WITH_CONTROL);
      const offered: RunbookChoice[] = [];
      const restore = answer(api, {
        pickRunbook: async (_name, choices) => {
          offered.push(...choices);
          return undefined;
        },
      });
      try {
        assert.equal(await vscode.commands.executeCommand('zookeeper.runRunbook', WITH_CONTROL), undefined);
        assert.deepEqual(offered, [], 'no runbook offered');
        const member = api.health.controller.report!.health.members[0]!.address;
        assert.equal(
          await vscode.commands.executeCommand('zookeeper.openRunbook', { clusterId: WITH_CONTROL, runbook: 'member-down', member }),
          undefined,
        );
        assert.equal(api.recovery.service.runs.length, 0);
      } finally {
        restore();
      }
    },

    'a follower killed: Run Runbook offers member-down; refusing consent acts on nothing': async () => {
      const api = await setup();
      await healthy(WITH_CONTROL);
      const victim = await killFollower();
      const callsBefore = (await controlCalls()).length;
      const terminalRuns = api.recovery.terminal.runs.length;
      const offered: RunbookChoice[] = [];
      const asked: { request: ConsentRequest; ctx: ConsentContext }[] = [];
      const restore = answer(api, {
        pickRunbook: async (_name, choices) => {
          offered.push(...choices);
          return 'member-down';
        },
        consent: async (request, ctx) => {
          asked.push({ request, ctx });
          return false;
        },
      });
      try {
        const run = await vscode.commands.executeCommand<RunbookRun>('zookeeper.runRunbook', WITH_CONTROL);
        assert.ok(run, 'a run started');
        const result = await run.done;
        assert.equal(offered[0]?.id, 'member-down', JSON.stringify(offered));
        assert.equal(result.status, 'declined', stepStates(run));
        assert.equal(result.acted, 0);
        assert.equal(asked.length, 1, 'asked once, for the start');
        const { request, ctx } = asked[0]!;
        assert.equal(
          request.plan.command,
          template().replace('{action}', 'start').replace('{id}', String(victim.id)),
          'the command it would run',
        );
        assert.equal(request.plan.where, 'this machine');
        assert.match(request.plan.tolerance, /^Fault tolerance while .*: unchanged, the ensemble can lose 0 more voters\.$/);
        assert.equal(ctx.commandTimeoutSeconds, 60);
        assert.equal(ctx.stepNumber, 2);
        assert.match(stepStates(run), /^diagnose:done start-1:declined back-1:skipped healthy:skipped$/);
        assert.deepEqual((await controlCalls()).slice(callsBefore), [], 'no control command ran');
        assert.equal(api.recovery.terminal.runs.length, terminalRuns, 'nothing ran in the terminal');
        const report = await api.health.controller.refresh();
        assert.equal(report?.health.members.find((m) => m.address === victim.address)?.condition, 'down', 'still down');
      } finally {
        restore();
      }
    },

    'consent given: the member is started in the terminal, back and synced; the run view and the saved log show each step': async () => {
      const api = await setup();
      const report = api.health.controller.report!;
      const down = report.health.members.find((m) => m.condition === 'down');
      const victim = down ? { id: down.id!, address: down.address } : await killFollower();
      const callsBefore = (await controlCalls()).length;
      const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-recovery-host-')), 'run.md');
      const restore = answer(api, {
        pickRunbook: async () => 'member-down',
        consent: async () => true,
        saveTarget: async () => vscode.Uri.file(saved),
      });
      try {
        const run = await vscode.commands.executeCommand<RunbookRun>('zookeeper.runRunbook', WITH_CONTROL);
        const result = await run.done;
        assert.equal(result.status, 'completed', run.log.toMarkdown());
        assert.match(stepStates(run), /^diagnose:done start-1:done back-1:done healthy:done$/);
        const calls = (await controlCalls()).slice(callsBefore);
        assert.deepEqual(
          calls.map((c) => `${c.action} ${c.id} ${c.ok}`),
          [`start ${victim.id} true`],
        );
        const ran = api.recovery.terminal.runs.at(-1)!;
        assert.equal(ran.command, template().replace('{action}', 'start').replace('{id}', String(victim.id)));
        assert.equal(ran.outcome.exitCode, 0);
        const now = await api.health.controller.refresh();
        const back = now?.health.members.find((m) => m.address === victim.address);
        assert.ok(
          back?.condition === 'up' && (back.role === 'follower' || back.role === 'leader'),
          `member back: ${back?.condition} ${back?.role}`,
        );

        const view = await vscode.workspace.openTextDocument(api.recovery.documents.uriFor(run));
        await until('the run view to show the end', () => view.getText().includes('**Ended: completed**'), { timeoutMs: 30_000 }).catch(
          (err: Error) => {
            throw new Error(`${err.message}; the view shows: ${view.getText().slice(0, 300)}`);
          },
        );
        const text = view.getText();
        assert.match(text, /^1\. \[x\] \*\*diagnose\*\* Member \d .* down — done/m);
        assert.match(text, /^2\. \[x\] \*\*act\*\* Start member \d .* — done: start command succeeded/m);
        assert.match(text, /^3\. \[x\] \*\*verify\*\* Member \d .* back as follower or leader and synced — done/m);
        assert.match(text, /^4\. \[x\] \*\*verify\*\* Every member serving, quorum held — done/m);
        assert.match(text, /\[diagnose\] seen: .*DOWN, connection refused/, 'the evidence');
        assert.match(text, /\[start-1\] did: consent given by /);

        const file = await vscode.commands.executeCommand<vscode.Uri>('zookeeper.saveRunbookLog', run.id);
        assert.equal(file?.fsPath, saved);
        const markdown = fs.readFileSync(saved, 'utf8');
        assert.equal(markdown, run.log.toMarkdown());
        assert.match(markdown, /^# Runbook: Member down \(`member-down`\)/);
        for (const step of ['diagnose', 'start-1', 'back-1', 'healthy'])
          assert.match(markdown, new RegExp(`\\[${step}\\] outcome: `), step);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      } finally {
        restore();
        fs.rmSync(path.dirname(saved), { recursive: true, force: true });
      }
    },

    "without control, an alert's runbook says what to run where, then verifies what the user did": async () => {
      const api = await setup();
      await healthy(BY_HAND);
      const victim = await killFollower();
      const terminalRuns = api.recovery.terminal.runs.length;
      const asked: ConsentRequest[] = [];
      let byHand: Promise<void> | undefined;
      const restore = answer(api, {
        consent: async (request) => {
          asked.push(request);
          // The user does what the modal said, by hand, once the runbook waits for it (earlier, the
          // step's guard would find the member serving and rightly do nothing).
          const run = api.recovery.service.runs.at(-1)!;
          const off = run.onDidChange(() => {
            if (byHand || run.log.steps.find((s) => s.id === 'back-1')?.state !== 'running') return;
            off();
            byHand = testbed('start', victim.id);
          });
          return true;
        },
      });
      try {
        const run = await api.recovery.openRunbook(BY_HAND, 'member-down', victim.address);
        assert.ok(run);
        assert.equal(run.openedFor, `member ${victim.address} (down)`);
        const result = await run.done;
        await byHand;
        assert.ok(byHand, 'the member was started by hand while the runbook waited');
        assert.equal(result.status, 'completed', run.log.toMarkdown());
        assert.equal(asked.length, 1);
        assert.equal(asked[0]!.plan.command, undefined);
        assert.equal(asked[0]!.plan.where, 'host 127.0.0.1');
        assert.match(
          asked[0]!.plan.manual ?? '',
          new RegExp(`^start the ZooKeeper server with myid ${victim.id} and client port \\d+ .*never wipe the dataDir`),
        );
        assert.match(stepStates(run), /^diagnose:done start-1:done back-1:done healthy:done$/);
        assert.match(run.log.toMarkdown(), /\[start-1\] outcome: left to you: start the ZooKeeper server/);
        assert.equal(api.recovery.terminal.runs.length, terminalRuns, 'nothing was run for the user');
      } finally {
        restore();
      }
    },

    'rolling restart: refused without a restart command; with one, consent is asked per member and declining the first restarts nothing':
      async () => {
        const api = await setup();
        await healthy(BY_HAND);
        assert.equal(await vscode.commands.executeCommand('zookeeper.rollingRestart', BY_HAND), undefined, 'refused: no control');
        assert.equal(api.recovery.service.runs.filter((r) => r.clusterId === BY_HAND && r.runbook.id === 'rolling-restart').length, 0);
        await healthy(WITH_CONTROL);
        const callsBefore = (await controlCalls()).length;
        const asked: ConsentRequest[] = [];
        const restore = answer(api, {
          consent: async (request) => {
            asked.push(request);
            return false;
          },
        });
        try {
          const run = await vscode.commands.executeCommand<RunbookRun>('zookeeper.rollingRestart', WITH_CONTROL);
          const result = await run.done;
          assert.equal(result.status, 'declined', run.log.toMarkdown());
          const leader = api.health.controller.report!.health.leader!;
          const acts = run.runbook.steps.filter((s) => s.kind === 'act');
          assert.equal(acts.length, 3);
          assert.match(acts[2]!.title, new RegExp(`^Restart member ${leader.id} `), 'the leader last');
          assert.equal(asked.length, 1);
          assert.equal(asked[0]!.step, 'restart-1');
          assert.match(asked[0]!.plan.command ?? '', / restart \d$/);
          assert.match(
            asked[0]!.plan.tolerance,
            /^Fault tolerance while .* restarts: 0: the ensemble keeps quorum but one more failure stops it/,
          );
          assert.deepEqual((await controlCalls()).slice(callsBefore), [], 'nothing restarted');
        } finally {
          restore();
        }
      },

    'commands are contributed; cleanup': async () => {
      const api = await setup();
      try {
        const commands = await vscode.commands.getCommands(true);
        for (const id of [
          'zookeeper.runRunbook',
          'zookeeper.rollingRestart',
          'zookeeper.reconfigure',
          'zookeeper.openRunbook',
          'zookeeper.saveRunbookLog',
        ])
          assert.ok(commands.includes(id), id);
        assert.equal(api.recovery.service.runs.filter((r) => r.running).length, 0, 'no run left running');
      } finally {
        // Every member serves again whatever happened above (start is a no-op for a running member).
        for (const id of [1, 2, 3]) await testbed('start', id).catch(() => undefined);
        await restoreSettings?.();
      }
    },
  },
};

function template(): string {
  return env('ZKOPS_TEST_CONTROL');
}
