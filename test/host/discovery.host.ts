import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { freePorts } from '../../src/core/testbed/ports';
import type { ExtensionApi } from '../../src/extension';
import type { HostSuite } from './suite';
import { until } from '../support/wait';

// Runs inside the real extension host. test/e2e/host.test.ts opens a workspace whose
// kafka/config/server.properties names the test ensemble ($ZKOPS_TEST_CONNECT) and whose
// broken/server.properties holds a malformed string. The last test removes what the suite added.
let api: ExtensionApi | undefined;
let previousActive: string | undefined;

async function setup(): Promise<ExtensionApi> {
  if (api) return api;
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  previousActive = api.clusters.active?.id;
  return api;
}

const connect = (): string => {
  const c = process.env.ZKOPS_TEST_CONNECT;
  assert.ok(c, 'ZKOPS_TEST_CONNECT is not set');
  return c;
};

const folder = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the host tests need a workspace folder');
  return f.uri;
};

/** The hover's text at a position, as read (without markdown's escapes). */
async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  return markdown.replace(/\\(.)/g, '$1');
}

export const suite: HostSuite = {
  name: 'discovery',
  tests: {
    'the workspace scan finds the connect strings and offers the ensemble once': async () => {
      const { discovery } = await setup();
      await until('the offer', () => discovery.offer.shown.length > 0, { timeoutMs: 30_000 });
      assert.equal(discovery.offer.shown.length, 1);
      assert.match(
        discovery.offer.shown[0]!,
        new RegExp(
          `^This workspace uses ZooKeeper at ${connect().replace(/[.]/g, '\\.')} \\(Kafka, kafka/config/server\\.properties\\) — watch it\\?$`,
        ),
      );
      assert.equal(discovery.offer.made, true);
      const strings = discovery.scan.found.map((f) => f.connectString).sort();
      assert.deepEqual(strings, ['127.0.0.1:2181,,127.0.0.1:99999', connect()].sort());
      // Another config file written on disk (as another program would) and a full rescan: the
      // offer is not made again. It goes into an existing folder: inotify-based watchers may miss a
      // file written in the same instant its new folder is made.
      const extra = path.join(folder().fsPath, 'kafka', 'config', 'application.yml');
      const events = discovery.scan.fileEvents;
      fs.writeFileSync(extra, 'spring:\n  cloud:\n    zookeeper:\n      connect-string: 127.0.0.1:1\n');
      await until('the file event', () => discovery.scan.fileEvents > events, { timeoutMs: 30_000 });
      await until('the new file scanned', () => discovery.scan.found.some((f) => f.connectString === '127.0.0.1:1'), { timeoutMs: 30_000 });
      await vscode.commands.executeCommand('zookeeper.discovery.rescan');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(discovery.offer.shown.length, 1, 'the offer is made once per workspace');
      fs.rmSync(extra);
      await until('the deleted file forgotten', () => !discovery.scan.found.some((f) => f.connectString === '127.0.0.1:1'), {
        timeoutMs: 30_000,
      });
    },
    "a malformed string gets the validator's message as a diagnostic": async () => {
      await setup();
      const uri = vscode.Uri.joinPath(folder(), 'broken', 'server.properties');
      await until('the diagnostic', () => vscode.languages.getDiagnostics(uri).length > 0, { timeoutMs: 30_000 });
      const [d] = vscode.languages.getDiagnostics(uri);
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d!.message, 'ZooKeeper connect string: "127.0.0.1:2181,,127.0.0.1:99999": empty server entry (stray comma?)');
      assert.equal(d!.range.start.line, 0);
      assert.equal(d!.range.start.character, 'zookeeper.connect='.length);
    },
    'watching adds a workspace cluster that the status bar watches': async () => {
      const { discovery, clusters, statusBar } = await setup();
      const found = discovery.scan.found.find((f) => f.connectString === connect());
      assert.ok(found);
      const id = await vscode.commands.executeCommand<string>('zookeeper.discovery.watch', found);
      assert.ok(id);
      const stored = vscode.workspace.getConfiguration().inspect<{ name: string; connectString: string }[]>('zookeeper.workspaceClusters');
      assert.equal(stored?.workspaceValue?.length, 1);
      assert.equal(stored?.workspaceValue?.[0]?.connectString, connect());
      assert.equal(stored?.globalValue, undefined, 'nothing is written to the user settings');
      assert.equal(clusters.active?.id, id);
      assert.equal(clusters.isWorkspaceCluster(id), true);
      const name = stored.workspaceValue[0].name;
      // Any level: on a loaded machine a slow server is rightly a notice (latency, fsync); what matters is whose ensemble it shows.
      const watching = new RegExp(
        `^\\$\\((pass|info)\\) ZK ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: leader \\S+ · 3/3 · can lose 1$`,
      );
      await until('the status bar watching the found ensemble', () => watching.test(statusBar.text), { timeoutMs: 30_000 }).catch(
        (err: Error) => {
          throw new Error(`${err.message}; status bar "${statusBar.text}"`);
        },
      );
      // The file's hover now shows the status bar's poll, not a probe of its own.
      const file = vscode.Uri.joinPath(folder(), 'kafka', 'config', 'server.properties');
      let seen = '';
      await until(
        'the hover from the poll',
        async () => {
          seen = await hoverAt(file, new vscode.Position(1, 20));
          return seen.includes(`for the watched cluster ${name}`);
        },
        { timeoutMs: 30_000 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; hover "${seen}"`);
      });
      assert.match(seen, /leader \S+ · 3\/3 · can lose 1/);
      // Watching it again finds the same cluster instead of adding a second one.
      assert.equal(await vscode.commands.executeCommand<string>('zookeeper.discovery.watch', found), id);
      assert.equal(vscode.workspace.getConfiguration().inspect<unknown[]>('zookeeper.workspaceClusters')?.workspaceValue?.length, 1);
      assert.equal(discovery.offer.candidates(discovery.scan.found).length, 0, 'a watched ensemble is no longer offered');
    },
    'the open file shows live health in a CodeLens and flags an unreachable member': async () => {
      await setup();
      const [closed] = await freePorts(1);
      const uri = vscode.Uri.joinPath(folder(), 'kafka', 'config', 'consumer.properties');
      await vscode.workspace.fs.writeFile(uri, Buffer.from(`zookeeper.connect=${connect()},127.0.0.1:${closed}\n`));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const titles = lenses.map((l) => l.command?.title ?? '');
      assert.ok(titles.includes('Open in ZooKeeper View'), titles.join(' | '));
      assert.ok(titles.includes('Run Health Check'), titles.join(' | '));
      assert.ok(!titles.includes('Open Dashboard') || (await vscode.commands.getCommands(true)).includes('zookeeper.openDashboard'));
      assert.ok(
        titles.some((t) => /ZooKeeper: leader \S+ · 3\/4 · can lose 1$/.test(t)),
        `a health lens: ${titles.join(' | ')}`,
      );
      await until(
        'the unreachable-member warning',
        () => vscode.languages.getDiagnostics(uri).some((d) => d.message.includes(`127.0.0.1:${closed}`)),
        { timeoutMs: 30_000 },
      );
      const warning = vscode.languages.getDiagnostics(uri).find((d) => d.message.includes(`127.0.0.1:${closed}`))!;
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(warning.message, /is unreachable \(down\)/);
      assert.equal(document.getText(warning.range), `127.0.0.1:${closed}`);
      assert.match(await hoverAt(uri, new vscode.Position(0, 20)), /leader/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    },
    'files.exclude and search.exclude hide files from the scan; discovery.enabled false turns it all off': async () => {
      const { discovery } = await setup();
      const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration();
      const strings = (): string[] => discovery.scan.found.map((f) => f.connectString);
      const files = { 'excluded-by-files': '127.0.0.1:3', 'excluded-by-search': '127.0.0.1:4', 'not-excluded': '127.0.0.1:5' };
      await config().update('files.exclude', { '**/excluded-by-files': true }, vscode.ConfigurationTarget.Workspace);
      await config().update('search.exclude', { '**/excluded-by-search': true }, vscode.ConfigurationTarget.Workspace);
      try {
        for (const [dir, connectString] of Object.entries(files)) {
          fs.mkdirSync(path.join(folder().fsPath, dir), { recursive: true });
          fs.writeFileSync(path.join(folder().fsPath, dir, 'server.properties'), `zookeeper.connect=${connectString}\n`);
        }
        await until('the file that is not excluded', () => strings().includes('127.0.0.1:5'), { timeoutMs: 30_000 });
        // A full scan with the excludes in force, after any file events still queued.
        await vscode.commands.executeCommand('zookeeper.discovery.rescan');
        await discovery.scan.idle;
        assert.ok(strings().includes('127.0.0.1:5'), strings().join(' '));
        assert.ok(!strings().includes('127.0.0.1:3'), `files.exclude ignored: ${strings().join(' ')}`);
        assert.ok(!strings().includes('127.0.0.1:4'), `search.exclude ignored: ${strings().join(' ')}`);
        // Without the excludes the same files are found: they were left out for the settings' sake.
        await config().update('files.exclude', undefined, vscode.ConfigurationTarget.Workspace);
        await config().update('search.exclude', undefined, vscode.ConfigurationTarget.Workspace);
        await until('the formerly excluded files', () => strings().includes('127.0.0.1:3') && strings().includes('127.0.0.1:4'), {
          timeoutMs: 30_000,
        });
        // Off: nothing found, no lens; on again: found again.
        const kafka = vscode.Uri.joinPath(folder(), 'kafka', 'config', 'server.properties');
        await config().update('zookeeper.discovery.enabled', false, vscode.ConfigurationTarget.Workspace);
        await until('nothing found while off', () => discovery.scan.found.length === 0, { timeoutMs: 30_000 });
        await vscode.workspace.openTextDocument(kafka); // the lens command needs the document loaded
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', kafka, 10);
        assert.equal(lenses.filter((l) => l.command?.title.includes('ZooKeeper')).length, 0);
        await config().update('zookeeper.discovery.enabled', undefined, vscode.ConfigurationTarget.Workspace);
        await until('found again when on', () => strings().includes(connect()), { timeoutMs: 30_000 });
      } finally {
        for (const key of ['files.exclude', 'search.exclude', 'zookeeper.discovery.enabled'])
          if (config().inspect(key)?.workspaceValue !== undefined)
            await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
        for (const dir of Object.keys(files)) fs.rmSync(path.join(folder().fsPath, dir), { recursive: true, force: true });
      }
    },
    'cleanup: the workspace cluster is removed and the active cluster restored': async () => {
      const { clusters } = await setup();
      await vscode.workspace.getConfiguration().update('zookeeper.workspaceClusters', undefined, vscode.ConfigurationTarget.Workspace);
      if (previousActive) await clusters.setActive(previousActive);
      assert.equal(clusters.list().filter((c) => clusters.isWorkspaceCluster(c.id)).length, 0);
    },
  },
};
