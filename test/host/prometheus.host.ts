import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TestAlertmanager } from '../../src/core/testbed/alertmanager';
import { TestPrometheus } from '../../src/core/testbed/prometheus';
import { Testbed } from '../../src/core/testbed/testbed';
import type { ExtensionApi } from '../../src/extension';
import type { EnsembleNode } from '../../src/ui/health/tree/nodes';
import { RunningExporter, startExporter, stopExporter } from '../support/exporter';
import type { HostSuite } from './suite';
import { until } from '../support/wait';

// Inside the real extension host, with servers of its own: a 3-member testbed, `zkops exporter`
// over it, Debian's Prometheus scraping it with a team rule that fires on every member, and
// Debian's Alertmanager receiving those alerts. The cluster's settings name both; the Ensemble view
// (shown) lists the team's alerts under Alerts marked as from Prometheus and Alertmanager; "Silence
// 1 h" (the command its inline button runs) creates a silence that Alertmanager's own API shows;
// "Expire Silence" ends it. The last test restores the settings and stops every server by pid.
const NAME = 'prometheus-host';
const TOKEN = 'host-test-secret-token-7f3a';
const TEAM_RULES = [
  'groups:',
  '  - name: team',
  '    rules:',
  '      - alert: TeamZnodesPresent',
  '        expr: znode_count > 0',
  '        for: 0s',
  '        labels:',
  '          severity: warning',
  '        annotations:',
  '          summary: "a team rule from the host test"',
  '',
].join('\n');

interface Servers {
  api: ExtensionApi;
  bed: Testbed;
  exporter: RunningExporter;
  alertmanager: TestAlertmanager;
  prometheus: TestPrometheus;
}
let servers: Servers | undefined;
let previousClusters: unknown;
let previousInterval: unknown;
let previousActive: string | undefined;

/** Starts the servers (once); the cluster is configured by configure(), after the alerts exist. */
async function setup(): Promise<Servers> {
  if (servers) return servers;
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  const api = await extension.activate();
  const bed = await Testbed.start({ size: 3 });
  const exporter = await startExporter(bed.connectString);
  const alertmanager = await TestAlertmanager.start({});
  const prometheus = await TestPrometheus.start({
    jobs: [{ job: 'zookeeper', targets: [new URL(exporter.url).host] }],
    ruleFiles: [TEAM_RULES],
    alertmanagerUrl: alertmanager.url,
  });
  servers = { api, bed, exporter, alertmanager, prometheus };
  return servers;
}

/** Names both servers on a cluster of the testbed and makes it the active one. */
async function configure({ api, bed, prometheus, alertmanager }: Servers): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  previousClusters = config.inspect('zookeeper.clusters')?.globalValue;
  previousInterval = config.inspect('zookeeper.health.pollIntervalSeconds')?.globalValue;
  previousActive = api.clusters.active?.id;
  const others = Array.isArray(previousClusters) ? (previousClusters as { name?: unknown }[]).filter((c) => c.name !== NAME) : [];
  await config.update('zookeeper.health.pollIntervalSeconds', 0.5, vscode.ConfigurationTarget.Global);
  await config.update(
    'zookeeper.clusters',
    [
      ...others,
      { name: NAME, connectString: bed.connectString, prometheus: { url: prometheus.url }, alertmanager: { url: alertmanager.url } },
    ],
    vscode.ConfigurationTarget.Global,
  );
  await api.clusters.setActive(NAME);
}

interface Row {
  node: EnsembleNode;
  label: string;
  description: string;
  context: string | undefined;
}

function rowsOf(api: ExtensionApi, parent: EnsembleNode): Row[] {
  const tree = api.health.tree;
  return tree.getChildren(parent).map((node) => {
    const item = tree.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return { node, label, description: typeof item.description === 'string' ? item.description : '', context: item.contextValue };
  });
}

/** The rows under the Ensemble view's Alerts node. */
function alertRows(api: ExtensionApi): Row[] {
  const alerts = api.health.tree.getChildren().find((n) => n.id === `health:${NAME}:alerts`);
  return alerts ? rowsOf(api, alerts) : [];
}

const teamRows = (api: ExtensionApi): Row[] => alertRows(api).filter((r) => r.label === 'TeamZnodesPresent');

interface AmSilence {
  id: string;
  status: { state: string };
  createdBy: string;
  comment: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
}

async function silencesInAlertmanager(url: string): Promise<AmSilence[]> {
  const res = await fetch(`${url}/api/v2/silences`, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as AmSilence[];
}

export const suite: HostSuite = {
  name: 'prometheus',
  tests: {
    'the servers start; the team rule fires on every member in Prometheus and reaches Alertmanager': async () => {
      const { alertmanager } = await setup();
      // Before the cluster names them: the view's first read (when it starts watching) then sees
      // the alerts at once, whatever the 30 s cadence of the reads after it.
      await until(
        'three alerts in Alertmanager',
        async () => {
          const res = await fetch(`${alertmanager.url}/api/v2/alerts`, { signal: AbortSignal.timeout(5000) });
          const held = (await res.json()) as { labels: Record<string, string> }[];
          return held.filter((a) => a.labels['alertname'] === 'TeamZnodesPresent').length === 3;
        },
        { timeoutMs: 50_000 },
      );
    },
    "the Ensemble view (shown) lists Prometheus's alert under Alerts, marked as from Prometheus and Alertmanager": async () => {
      const all = await setup();
      const { api, bed } = all;
      await configure(all);
      await vscode.commands.executeCommand('workbench.view.extension.zookeeper');
      await until('the Ensemble view visible', () => api.health.treeView.visible, { timeoutMs: 20_000 });
      await until(
        'a team alert per member, seen by both servers',
        () => {
          const rows = teamRows(api);
          return rows.length === 3 && rows.every((r) => r.description.endsWith('from Prometheus + Alertmanager'));
        },
        { timeoutMs: 50_000, describe: () => JSON.stringify(alertRows(api).map((r) => [r.label, r.description])) },
      );
      const members = bed.members.map((m) => `127.0.0.1:${m.ports.client}`).sort();
      const rows = teamRows(api);
      assert.deepEqual(rows.map((r) => r.description.split(' · ')[0]).sort(), members);
      assert.ok(
        rows.every((r) => r.context === 'zk.alert.team'),
        'each offers Silence 1 h',
      );
      assert.ok(
        rows.every((r) => / · firing \d+ (s|min) · /.test(r.description)),
        rows.map((r) => r.description).join('; '),
      );
      const rules = alertRows(api).find((r) => r.label === 'Prometheus alerting rules');
      assert.equal(rules?.description, '1 firing · 1 rule');
      assert.equal(alertRows(api).find((r) => r.label === 'Silences')?.description, '0 in Alertmanager');
    },
    'Silence 1 h creates a silence that Alertmanager shows, the row turns silenced; Expire Silence ends it': async () => {
      const { api, alertmanager } = await setup();
      const row = teamRows(api)[0];
      assert.ok(row, 'the first test saw the rows');
      const labels = (row.node as unknown as { labels: Record<string, string> }).labels;
      const made = await vscode.commands.executeCommand<{ id: string; endsAt: number } | undefined>('zookeeper.alerts.silence', row.node);
      assert.ok(made, 'the command made a silence');
      assert.ok(made.endsAt > Date.now() + 59 * 60_000 && made.endsAt < Date.now() + 61 * 60_000);
      const stored = (await silencesInAlertmanager(alertmanager.url)).find((s) => s.id === made.id);
      assert.ok(stored, 'Alertmanager has it');
      assert.equal(stored.status.state, 'active');
      assert.match(stored.createdBy, /\(ZooKeeper Ops\)$/);
      assert.match(stored.comment, /^Silenced for 1 h from VS Code: TeamZnodesPresent on 127\.0\.0\.1:\d+ \(prometheus-host\)$/);
      assert.deepEqual(Object.fromEntries(stored.matchers.map((m) => [m.name, m.value])), labels);
      assert.ok(stored.matchers.every((m) => !m.isRegex && m.isEqual !== false));
      await until(
        'the row silenced and the silence listed',
        async () => {
          await api.health.team.get(NAME)?.refresh();
          const silenced = teamRows(api).filter((r) => r.context === 'zk.alert.team.silenced');
          const silences = alertRows(api).find((r) => r.label === 'Silences');
          return silenced.length === 1 && silences?.description === '1 in Alertmanager';
        },
        { timeoutMs: 30_000, describe: () => JSON.stringify(alertRows(api).map((r) => [r.label, r.description, r.context])) },
      );
      const silencesNode = alertRows(api).find((r) => r.label === 'Silences')!;
      const [silenceRow] = rowsOf(api, silencesNode.node);
      assert.equal(silenceRow?.context, 'zk.silence');
      assert.match(silenceRow.label, /^alertname="TeamZnodesPresent", /);
      const expired = await vscode.commands.executeCommand<boolean>('zookeeper.alerts.expireSilence', {
        clusterId: NAME,
        silenceId: made.id,
        confirmed: true,
      });
      assert.equal(expired, true);
      assert.equal((await silencesInAlertmanager(alertmanager.url)).find((s) => s.id === made.id)?.status.state, 'expired');
      await until(
        'the silence gone from the view',
        () => alertRows(api).find((r) => r.label === 'Silences')?.description === '0 in Alertmanager',
        { timeoutMs: 30_000 },
      );
    },
    'credentials stay in the secret storage; cleanup': async () => {
      const { api, bed, exporter, alertmanager, prometheus } = await setup();
      try {
        // Prometheus without web config ignores the header: the reads still work with a token set.
        await api.clusters.setTeamAuth(NAME, 'prometheus', { kind: 'bearer', token: TOKEN });
        assert.deepEqual(await api.clusters.getTeamAuth(NAME, 'prometheus'), { kind: 'bearer', token: TOKEN });
        const settings = JSON.stringify(vscode.workspace.getConfiguration().inspect('zookeeper.clusters')?.globalValue ?? []);
        assert.doesNotMatch(settings, new RegExp(TOKEN));
        assert.match(settings, /"prometheus":\{"url":"http:\/\/127\.0\.0\.1:\d+"\}/);
        const commands = await vscode.commands.getCommands(true);
        for (const id of ['zookeeper.alerts.silence', 'zookeeper.alerts.expireSilence', 'zookeeper.setTeamCredentials'])
          assert.ok(commands.includes(id), id);
        await api.clusters.setTeamAuth(NAME, 'prometheus', undefined);
        assert.equal(await api.clusters.getTeamAuth(NAME, 'prometheus'), undefined);
      } finally {
        const config = vscode.workspace.getConfiguration();
        if (api.clusters.get(NAME)) await config.update('zookeeper.clusters', previousClusters, vscode.ConfigurationTarget.Global);
        await config.update('zookeeper.health.pollIntervalSeconds', previousInterval, vscode.ConfigurationTarget.Global);
        if (previousActive) await api.clusters.setActive(previousActive);
        stopExporter(exporter);
        await prometheus.stop();
        alertmanager.stop();
        await bed.close();
        servers = undefined;
      }
    },
  },
};
