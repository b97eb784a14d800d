import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Testbed } from '../../src/core/testbed/testbed';
import type { ExtensionApi } from '../../src/extension';
import type { EnsembleNode } from '../../src/ui/health/tree/nodes';
import { type HostSuite, labelText } from './suite';
import { until } from '../support/wait';

// Runs inside the real extension host with an ensemble of its own (a testbed started here, so a
// member can be killed by pid and started again without disturbing the other suites' ensemble):
// a follower killed is one error notification and a firing row under the Ensemble view's Alerts;
// muting it (the command its "Mute 1 h" button runs) marks it muted, takes it out of the status
// bar count and keeps its resolve quiet. The last test restores the settings and stops the servers.
const NAME = 'alerts-host';

let api: ExtensionApi | undefined;
let bed: Testbed | undefined;
let previousClusters: unknown;
let previousInterval: unknown;
let previousActive: string | undefined;
let victim: { id: number; address: string } | undefined;

async function setup(): Promise<{ api: ExtensionApi; bed: Testbed }> {
  if (api && bed) return { api, bed };
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  bed = await Testbed.start({ size: 3 });
  const config = vscode.workspace.getConfiguration();
  previousClusters = config.inspect('zookeeper.clusters')?.globalValue;
  previousInterval = config.inspect('zookeeper.health.pollIntervalSeconds')?.globalValue;
  previousActive = api.clusters.active?.id;
  const others = Array.isArray(previousClusters) ? (previousClusters as { name?: unknown }[]).filter((c) => c.name !== NAME) : [];
  await config.update('zookeeper.health.pollIntervalSeconds', 0.5, vscode.ConfigurationTarget.Global);
  await config.update(
    'zookeeper.clusters',
    [...others, { name: NAME, connectString: bed.connectString }],
    vscode.ConfigurationTarget.Global,
  );
  await api.clusters.setActive(NAME);
  return { api, bed };
}

/** The Alerts node's rows of the Ensemble view, as labels and descriptions. */
function alertRows(api: ExtensionApi): { node: EnsembleNode; label: string; description: string; context: string | undefined }[] {
  const tree = api.health.tree;
  const alerts = tree.getChildren().find((n) => n.id === `health:${NAME}:alerts`);
  if (!alerts) return [];
  return tree.getChildren(alerts).map((node) => {
    const item = tree.getTreeItem(node);
    return { node, label: labelText(item), description: String(item.description ?? ''), context: item.contextValue };
  });
}

const downRow = (api: ExtensionApi) =>
  alertRows(api).find((r) => r.label.startsWith('Member down') && r.description.startsWith(victim!.address));

export const suite: HostSuite = {
  name: 'alerts',
  tests: {
    'a follower killed by pid is one error notification and a firing alert under Alerts in the Ensemble view': async () => {
      const { api, bed } = await setup();
      const monitor = () => api.health.controller.activeMonitor;
      await until(
        'all three members up',
        () =>
          api.health.controller.state.kind === 'watching' &&
          (monitor()?.report?.health.members.every((m) => m.condition === 'up') ?? false) &&
          monitor()?.report?.health.members.length === 3,
        { timeoutMs: 60_000 },
      );
      const leader = (await bed.leaderId())!;
      const member = bed.members.find((m) => m.id !== leader)!;
      victim = { id: member.id, address: `127.0.0.1:${member.ports.client}` };
      const shown = api.health.alerts.notifications.shown;
      const from = shown.length;
      await bed.kill(victim.id);
      const mine = () => shown.slice(from).filter((n) => n.clusterId === NAME && n.rule === 'member-down' && n.member === victim!.address);
      await until('the member-down notification', () => mine().length > 0, {
        timeoutMs: 20_000,
        describe: () => JSON.stringify(shown.slice(-3)),
      });
      const notice = mine()[0]!;
      assert.equal(notice.tone, 'error');
      assert.match(notice.message, new RegExp(`^ZooKeeper ${NAME}: Member down \\(${victim.address.replace(/\./g, '\\.')}\\)\\. `));
      assert.deepEqual(notice.actions, ['Open Runbook', 'Open Dashboard', 'Mute 1 h']);
      await until('the firing row under Alerts', () => downRow(api) !== undefined, {
        timeoutMs: 10_000,
        describe: () => JSON.stringify(alertRows(api).map((r) => r.label)),
      });
      const row = downRow(api)!;
      assert.match(row.description, /· firing since \d\d:\d\d:\d\d \(\d+ s\)$/);
      assert.equal(row.context, 'zk.alert', 'offers Mute');
      const facts = api.health.tree
        .getChildren(row.node)
        .map((n) => `${labelText(api.health.tree.getTreeItem(n))}=${String(api.health.tree.getTreeItem(n).description)}`);
      assert.ok(facts.includes(`member=${victim.address}`), facts.join(', '));
      assert.ok(
        facts.some((f) => f.startsWith('runbook=member-down (')),
        facts.join(', '),
      );
      assert.match(api.health.alerts.statusItem.text, /^\$\(bell-dot\) \d+$/);
      assert.equal(api.health.alerts.statusItem.background, 'statusBarItem.errorBackground');
      // Polls go on: the same firing is not told again.
      const polls = monitor()!.report;
      await until('two more polls', () => monitor()!.report !== polls, { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(mine().length, 1, 'once per firing');
    },
    'Mute 1 h marks it muted, takes it out of the count, and keeps its resolve quiet; unmute lifts it': async () => {
      const { api, bed } = await setup();
      assert.ok(victim, 'the first test killed a member');
      const shown = api.health.alerts.notifications.shown;
      const firing = shown.find((n) => n.rule === 'member-down' && n.member === victim!.address && !/resolved/.test(n.message));
      assert.ok(firing && firing.closedAt === undefined, 'the firing notification is on screen before the mute');
      const until1h = await vscode.commands.executeCommand<number>('zookeeper.alerts.mute', {
        clusterId: NAME,
        rule: 'member-down',
        member: victim.address,
        minutes: 60,
      });
      assert.ok(typeof until1h === 'number' && until1h > Date.now() + 59 * 60_000, String(until1h));
      await until("the muted alert's notification taken off the screen", () => firing.closedAt !== undefined, { timeoutMs: 5_000 });
      const row = downRow(api);
      assert.ok(row, 'a muted alert is still listed');
      assert.match(row.label, /\(muted\)$/);
      assert.match(row.description, /muted until \d\d:\d\d:\d\d$/);
      assert.equal(row.context, 'zk.alert.muted', 'offers Unmute');
      const cluster = api.health.alerts.service.get(NAME)!;
      assert.ok(cluster.active().some((a) => a.rule.id === 'member-down' && a.mutedUntil === until1h));
      const others = cluster.active().filter((a) => a.state === 'firing' && a.mutedUntil === null).length;
      assert.equal(api.health.alerts.statusItem.text, others > 0 ? `$(bell-dot) ${others}` : '', 'the muted alert is not counted');
      const from = shown.length;
      bed.startMember(victim.id);
      await until(
        'member-down resolved',
        () => cluster.history().some((e) => e.rule === 'member-down' && e.member === victim!.address && e.state === 'resolved'),
        { timeoutMs: 60_000 },
      );
      // Only member-down is muted: a restarting JVM that accepts connections before it answers may
      // be told as hung meanwhile, which is another rule's news.
      assert.deepEqual(
        shown.slice(from).filter((n) => n.rule === 'member-down' && n.member === victim!.address),
        [],
        'no member-down notification while muted',
      );
      assert.ok(
        !alertRows(api).some((r) => r.label.startsWith('Member down') && r.description.startsWith(victim!.address)),
        'resolved: gone from Alerts',
      );
      await vscode.commands.executeCommand('zookeeper.alerts.unmute', { clusterId: NAME, rule: 'member-down', member: victim.address });
      assert.equal(cluster.mutedUntil('member-down', victim.address), null);
    },
    "history and mutes are kept in the extension's storage, not in settings; cleanup": async () => {
      const { api, bed } = await setup();
      try {
        const cluster = api.health.alerts.service.get(NAME)!;
        assert.ok(cluster.toJSON().history.some((e) => e.rule === 'member-down' && e.state === 'firing'));
        const settings = JSON.stringify(vscode.workspace.getConfiguration('zookeeper').inspect('alerts')?.globalValue ?? {});
        assert.doesNotMatch(settings, /member-down/, 'nothing written to settings');
        const commands = await vscode.commands.getCommands(true);
        for (const id of [
          'zookeeper.alerts.mute',
          'zookeeper.alerts.unmute',
          'zookeeper.alerts.show',
          'zookeeper.alerts.setReceiverSecret',
        ])
          assert.ok(commands.includes(id), id);
        assert.deepEqual(vscode.workspace.getConfiguration('zookeeper.alerts').inspect('rules')?.defaultValue, []);
      } finally {
        const config = vscode.workspace.getConfiguration();
        await config.update('zookeeper.clusters', previousClusters, vscode.ConfigurationTarget.Global);
        await config.update('zookeeper.health.pollIntervalSeconds', previousInterval, vscode.ConfigurationTarget.Global);
        if (previousActive) await api.clusters.setActive(previousActive);
        await bed.close();
      }
    },
  },
};
