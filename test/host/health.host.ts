import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { EnsembleNode } from '../../src/ui/health/tree/nodes';
import { type HostSuite, labelText } from './suite';
import { until } from '../support/wait';

// Runs inside the real extension host against the 3-member ensemble in $ZKOPS_TEST_CONNECT: the
// suite adds its own cluster, makes it the active one, and restores the settings at the end.
const NAME = 'health-host';

let api: ExtensionApi | undefined;
let previousClusters: unknown;
let previousInterval: unknown;

async function setup(): Promise<ExtensionApi> {
  if (api) return api;
  const connect = process.env.ZKOPS_TEST_CONNECT;
  assert.ok(connect, 'ZKOPS_TEST_CONNECT is not set');
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  const config = vscode.workspace.getConfiguration();
  previousClusters = config.inspect('zookeeper.clusters')?.globalValue;
  previousInterval = config.inspect('zookeeper.health.pollIntervalSeconds')?.globalValue;
  const others = Array.isArray(previousClusters) ? (previousClusters as { name?: unknown }[]).filter((c) => c.name !== NAME) : [];
  await config.update('zookeeper.health.pollIntervalSeconds', 0.5, vscode.ConfigurationTarget.Global);
  await config.update('zookeeper.clusters', [...others, { name: NAME, connectString: connect }], vscode.ConfigurationTarget.Global);
  await api.clusters.setActive(NAME);
  return api;
}

/**
 * All three members back, whatever else the checks say: on a loaded machine a slow server is
 * rightly a notice (latency, fsync: the $(info) icon), which is not what a test of membership waits for.
 */
const allMembersText = /^\$\((pass|info)\) ZK health-host: leader \d · 3\/3 · can lose 1$/;

export const suite: HostSuite = {
  name: 'health',
  tests: {
    "the status bar shows the active cluster's ensemble": async () => {
      const { statusBar, health } = await setup();
      await until('every member in the status bar', () => allMembersText.test(statusBar.text), { timeoutMs: 20_000 });
      assert.equal(health.controller.state.kind, 'watching');
      assert.equal(health.controller.activeMonitor?.intervalMs, 500, 'the interval setting applies');
      assert.equal(statusBar.clickCommand, 'zookeeper.openDashboard', 'a click opens the dashboard');
    },
    'the Ensemble view lists the members with stable ids': async () => {
      const { health } = await setup();
      await until('a report', () => health.controller.report !== undefined, { timeoutMs: 20_000 });
      // The suite is bundled apart from the extension, so rows are told apart by id, not class.
      const isMember = (n: EnsembleNode): boolean => n.id.includes(':member:') && n.parent === undefined;
      const roots = health.tree.getChildren();
      assert.match(roots[0]!.id, /^health:health-host:summary$/);
      const members = roots.filter(isMember);
      assert.equal(members.length, 3);
      const labels = members.map((m) => labelText(health.tree.getTreeItem(m)));
      assert.equal(labels.filter((l) => /^\d leader$/.test(l)).length, 1, labels.join(', '));
      assert.equal(labels.filter((l) => /^\d follower$/.test(l)).length, 2, labels.join(', '));
      const facts = health.tree.getChildren(members[0]).map((n) => labelText(health.tree.getTreeItem(n)));
      for (const fact of ['state', 'voting', 'zxid', 'lag', 'latency', 'connections', 'outstanding', 'version'])
        assert.ok(facts.includes(fact), fact);
      const ids = members.map((m) => m.id);
      await health.controller.refresh();
      const again = health.tree
        .getChildren()
        .filter(isMember)
        .map((m) => m.id);
      assert.deepEqual(again, ids, 'ids survive a refresh');
      assert.ok(members.every((m) => health.tree.getTreeItem(m).tooltip instanceof vscode.MarkdownString));
    },
    "Run Health Check shows one rendered report per cluster, replaced on a re-run, with the view's check count": async () => {
      const { health } = await setup();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const first = await vscode.commands.executeCommand<vscode.TextDocument>('zookeeper.health.runCheck');
      assert.ok(first, 'no document');
      assert.equal(first.uri.scheme, 'zkops-report');
      assert.equal(first.languageId, 'markdown');
      const text = first.getText();
      assert.match(text, /^# ZooKeeper health: (PASS|WARN)/);
      assert.ok((text.match(/^\| (PASS|WARN|FAIL|NOT JUDGED) \|/gm) ?? []).length >= 20, 'at least 20 checks');
      const stamp = (t: string): string => t.split('\n')[2]!;
      await new Promise((r) => setTimeout(r, 50));
      const second = await vscode.commands.executeCommand<vscode.TextDocument>('zookeeper.health.runCheck');
      assert.equal(second?.uri.toString(), first.uri.toString(), 'the same document');
      await until('the document to hold the new report', () => stamp(second.getText()) !== stamp(text), { timeoutMs: 20_000 });
      const reports = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'zkops-report');
      assert.equal(reports.length, 1, reports.map((d) => d.uri.toString()).join(', '));
      const untitled = vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.languageId === 'markdown');
      assert.equal(untitled.length, 0, 'no Untitled markdown documents');
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const previews = tabs.filter((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));
      assert.equal(previews.length, 1, `tabs: ${tabs.map((t) => t.label).join(', ')}`);
      assert.equal(tabs.filter((t) => t.input instanceof vscode.TabInputText).length, 0, 'rendered, not raw markdown');
      const reportCount = Number(/ — (\d+) checks: /.exec(second.getText())?.[1]);
      const checksRow = health.tree.getChildren().find((n) => n.id.endsWith(':checks'))!;
      assert.equal(health.tree.getTreeItem(checksRow).description, `${reportCount} checks`);
      assert.equal(health.tree.getChildren(checksRow).length, reportCount, 'as many rows as checks');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
    "copy and open a member's four-letter-word output": async () => {
      const { health } = await setup();
      const member = health.controller.report!.health.members[0]!;
      const copied = await vscode.commands.executeCommand<string>('zookeeper.health.copyMemberOutput', member.address);
      assert.match(copied ?? '', /=== srvr .*\nZookeeper version: /);
      assert.equal(await vscode.env.clipboard.readText(), copied);
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('zookeeper.health.openMemberOutput', member.address);
      assert.match(doc?.getText() ?? '', /=== mntr .*\nzk_version/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    },
    'a member down is one alert notification (error, with its actions), counted beside the health text; it resolves when gone':
      async () => {
        const { statusBar, health } = await setup();
        const shown = health.alerts.notifications.shown;
        const config = vscode.workspace.getConfiguration();
        const connect = process.env.ZKOPS_TEST_CONNECT!;
        const from = shown.length;
        const mine = (): typeof shown => shown.slice(from).filter((n) => n.member === '127.0.0.1:1');
        // A fourth address nothing listens on: a member that is down from the first round.
        const others = (config.get<{ name: string }[]>('zookeeper.clusters') ?? []).filter((c) => c.name !== NAME);
        await config.update(
          'zookeeper.clusters',
          [...others, { name: NAME, connectString: `${connect},127.0.0.1:1` }],
          vscode.ConfigurationTarget.Global,
        );
        await until(
          'a member-down notification and the status bar showing the member down',
          () => mine().some((n) => n.rule === 'member-down') && /3\/4/.test(statusBar.text),
          { timeoutMs: 20_000 },
        ).catch((err: Error) => {
          throw new Error(`${err.message}; status bar "${statusBar.text}"; notifications ${JSON.stringify(shown.slice(-3))}`);
        });
        const down = mine().find((n) => n.rule === 'member-down')!;
        assert.equal(down.tone, 'error', 'member-down is critical');
        assert.match(down.message, /^ZooKeeper health-host: Member down \(127\.0\.0\.1:1\)\. /);
        assert.deepEqual(down.actions, ['Open Runbook', 'Open Dashboard', 'Mute 1 h'], 'member-down has a runbook');
        // The Ensemble view's Alerts row for it: its runbook row opens that runbook for that member.
        const alertsNode = health.tree.getChildren().find((n) => n.id.endsWith(':alerts'))!;
        const alertNode = health.tree.getChildren(alertsNode).find((n) => n.id.endsWith(':member-down:127.0.0.1:1'));
        assert.ok(
          alertNode,
          `an Alerts row for member-down: ${health.tree
            .getChildren(alertsNode)
            .map((n) => n.id)
            .join(', ')}`,
        );
        const runbookRow = health.tree.getChildren(alertNode).find((n) => n.id.endsWith(':runbook'))!;
        const row = health.tree.getTreeItem(runbookRow);
        assert.equal(row.description, 'member-down (click to open)');
        assert.equal(row.command?.command, 'zookeeper.openRunbook');
        assert.deepEqual(row.command?.arguments, [{ clusterId: NAME, runbook: 'member-down', member: '127.0.0.1:1' }]);
        await until('the alert count beside the health text', () => /^\$\(bell-dot\) \d+$/.test(health.alerts.statusItem.text), {
          timeoutMs: 20_000,
        });
        assert.equal(health.alerts.statusItem.background, 'statusBarItem.errorBackground');
        assert.equal(
          shown.slice(from).filter((n) => n.rule === 'member-down' && n.member === '127.0.0.1:1' && /Member down/.test(n.message)).length,
          1,
          'once per firing',
        );
        await config.update('zookeeper.clusters', [...others, { name: NAME, connectString: connect }], vscode.ConfigurationTarget.Global);
        await until('all members in the status bar again', () => allMembersText.test(statusBar.text), { timeoutMs: 20_000 }).catch(
          (err: Error) => {
            throw new Error(
              `${err.message}; status bar "${statusBar.text}"; report ${health.controller.report?.status}: ${health.controller.report?.checks
                .filter((c) => c.status !== 'pass')
                .map((c) => `${c.id}: ${c.evidence}`)
                .join('; ')}`,
            );
          },
        );
        await until('the resolve notice', () => mine().some((n) => /resolved after/.test(n.message)), { timeoutMs: 30_000 });
        await until(
          'the firing notification taken off the screen (a fault that cleared leaves no stale toast)',
          () => down.closedAt !== undefined,
          { timeoutMs: 20_000 },
        );
      },
    'settings and commands are contributed; cleanup': async () => {
      await setup();
      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        'zookeeper.health.runCheck',
        'zookeeper.health.copyMemberOutput',
        'zookeeper.health.openMemberOutput',
        'zookeeper.health.refresh',
        'zookeeper.health.pickCluster',
      ]) {
        assert.ok(commands.includes(id), id);
      }
      const health = vscode.workspace.getConfiguration('zookeeper.health');
      assert.equal(health.inspect('pollIntervalSeconds')?.defaultValue, 2);
      assert.equal(health.inspect('unfocusedIntervalMs')?.defaultValue, 10_000);
      const config = vscode.workspace.getConfiguration();
      await config.update('zookeeper.clusters', previousClusters, vscode.ConfigurationTarget.Global);
      await config.update('zookeeper.health.pollIntervalSeconds', previousInterval, vscode.ConfigurationTarget.Global);
    },
  },
};
