import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { digestAcl } from '../../src/core/zk/acl';
import { ZkSession } from '../../src/core/zk/session';
import { createOnce } from '../support/createOnce';
import { withSyncedReads } from './syncedReads';
import type { ExtensionApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/ui/explorer/tree/explorerNode';
import type { HostSuite } from './suite';
import type { OperationPrompts } from '../../src/ui/commands/operations/services';
import { until } from '../support/wait';

// Runs inside the real extension host against the ensemble in $ZKOPS_TEST_CONNECT. Each test uses
// its own znodes under ROOT; a session of the test's own makes the changes "behind the editor's back".
const ROOT = `/zkops-host-explorer-${process.pid}`;
const RW = 'explorer-rw';
const RO = 'explorer-ro';
const AUTH = 'explorer-auth';
const LIVE = 'explorer-live';

let session: ZkSession | undefined;
let api: ExtensionApi | undefined;

/**
 * The confirmations the explorer's operations ask before destructive steps, answered the way a user
 * would press the button (or not), through the prompts seam: every question is recorded.
 */
const confirmations = { asked: [] as string[], answer: true };
let realPrompts: OperationPrompts | undefined;

async function setup(): Promise<{ zk: ZkSession; api: ExtensionApi }> {
  if (session && api) return { zk: session, api };
  const connect = process.env.ZKOPS_TEST_CONNECT;
  assert.ok(connect, 'ZKOPS_TEST_CONNECT is not set');
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  const prompts = api.explorer.prompts;
  realPrompts = { ...prompts };
  prompts.confirm = async (question) => {
    confirmations.asked.push(question.message);
    return confirmations.answer;
  };
  prompts.choose = async (question) => {
    confirmations.asked.push(question.message);
    return undefined;
  };
  await vscode.workspace.getConfiguration().update(
    'zookeeper.clusters',
    [
      { name: RW, connectString: connect, readOnly: false, refresh: 'manual' },
      { name: RO, connectString: connect, readOnly: true, refresh: 'manual' },
      { name: AUTH, connectString: connect, readOnly: false, refresh: 'manual' },
      { name: LIVE, connectString: connect, readOnly: false, refresh: 'watch' },
    ],
    vscode.ConfigurationTarget.Global,
  );
  // Authenticated as the digest user the ACL test protects a node for, so cleanup can remove it.
  session = withSyncedReads(await ZkSession.connect(connect, { auth: [{ scheme: 'digest', auth: 'alice:pw-alice' }] }));
  await session.create(ROOT).catch(() => undefined);
  return { zk: session, api };
}

const uri = (cluster: string, path: string, view?: string): vscode.Uri =>
  vscode.Uri.from({ scheme: 'zk', authority: cluster, path, query: view ? `view=${view}` : '' });

/**
 * Records the workbench's stat and writeFile calls on our file system until `stop()`, so that a
 * save that fails says which of them it reached and what they answered.
 */
function recordFsCalls(fs: ExtensionApi['explorer']['fs']): { log: string[]; stop: () => void } {
  const log: string[] = [];
  const stat = fs.stat.bind(fs);
  const writeFile = fs.writeFile.bind(fs);
  fs.stat = async (uri) => {
    try {
      const s = await stat(uri);
      log.push(`stat mtime ${s.mtime} size ${s.size} permissions ${s.permissions ?? '-'}`);
      return s;
    } catch (err) {
      log.push(`stat threw ${String(err)}`);
      throw err;
    }
  };
  fs.writeFile = async (uri, content, options) => {
    log.push(`writeFile ${content.byteLength} bytes, read state ${JSON.stringify(fs.readState(uri))}`);
    return writeFile(uri, content, options);
  };
  return {
    log,
    stop: () => {
      delete (fs as Partial<typeof fs>).stat;
      delete (fs as Partial<typeof fs>).writeFile;
    },
  };
}

async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

/** Every command of the explorer: contributed in package.json and registered at activation. */
const COMMANDS = [
  'addCluster',
  'editCluster',
  'removeCluster',
  'setCredentials',
  'connect',
  'disconnect',
  'setActiveCluster',
  'refresh',
  'loadMore',
  'retry',
  'openZnode',
  'openAsText',
  'openAsJson',
  'openAsHex',
  'openAsBase64',
  'createZnode',
  'deleteZnode',
  'renameZnode',
  'copyPath',
  'copyUri',
  'viewStat',
  'viewAcl',
  'editAcl',
  'search',
  'clearResults',
  'exportSubtree',
  'importSubtree',
  'diffSubtrees',
  'openDiffEntry',
  'watchZnode',
  'watchSubtree',
  'unwatch',
].map((c) => `zookeeper.${c}`);

function label(node: ExplorerNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export const suite: HostSuite = {
  name: 'explorer',
  tests: {
    'every explorer command is contributed and registered; menus name only contributed commands': async () => {
      await setup();
      const extension = vscode.extensions.getExtension('zookeeper-ops.zookeeper-ops')!;
      const contributes = (
        extension.packageJSON as { contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> } }
      ).contributes;
      const contributed = new Set(contributes.commands.map((c) => c.command));
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of COMMANDS) {
        assert.ok(contributed.has(id), `${id} is not in package.json`);
        assert.ok(registered.has(id), `${id} is not registered`);
      }
      for (const [menu, entries] of Object.entries(contributes.menus)) {
        for (const e of entries)
          assert.ok(contributed.has(e.command) || registered.has(e.command), `${menu} names unknown command ${e.command}`);
      }
    },

    'clusters from settings appear as tree roots and connect on demand': async () => {
      const { api } = await setup();
      await until('the clusters listed', () => api.clusters.list().length === 4);
      await vscode.commands.executeCommand('zookeeper.connect', RW);
      assert.equal(api.explorer.connections.info(RW).status, 'connected');
      const roots = await api.explorer.tree.getChildren();
      const names = roots.map(label);
      assert.ok(names.includes(RW) && names.includes(RO), names.join(','));
      const rw = roots.find((n) => label(n) === RW)!;
      assert.match(String(rw.getTreeItem().description), /connected/);
      assert.match(String(roots.find((n) => label(n) === RO)!.getTreeItem().description), /read-only/);
    },

    'Disconnect holds the cluster disconnected: listing it offers to connect until the user connects': async () => {
      const { api } = await setup();
      const { connections, tree } = api.explorer;
      await vscode.commands.executeCommand('zookeeper.connect', RW);
      await vscode.commands.executeCommand('zookeeper.disconnect', RW);
      assert.equal(connections.isHeldDisconnected(RW), true);
      const cluster = (await tree.getChildren()).find((n) => label(n) === RW)!;
      assert.deepEqual((await tree.getChildren(cluster)).map(label), ['Disconnected: click to connect']);
      assert.equal(connections.isOpen(RW), false, 'listing a held cluster does not connect');
      await vscode.commands.executeCommand('zookeeper.connect', RW);
      assert.equal(connections.isHeldDisconnected(RW), false);
      assert.equal(connections.info(RW).status, 'connected');
      assert.ok((await tree.getChildren(cluster)).map(label).includes(ROOT.slice(1)), 'the cluster lists its znodes again');
    },

    'Add Cluster keeps the password out of settings; the active cluster names the view': async () => {
      const { api } = await setup();
      const id = await vscode.commands.executeCommand<string>('zookeeper.addCluster', {
        name: 'Explorer Added',
        connectString: '127.0.0.1:1/app',
        readOnly: true,
        refresh: 'manual',
        user: 'bob',
        password: 'pw-bob',
      });
      assert.equal(id, 'explorer-added');
      const raw = vscode.workspace.getConfiguration().get<Record<string, unknown>[]>('zookeeper.clusters') ?? [];
      const entry = raw.find((c) => c.name === 'Explorer Added');
      assert.deepEqual(entry, { name: 'Explorer Added', connectString: '127.0.0.1:1/app', readOnly: true, refresh: 'manual' });
      assert.ok(!JSON.stringify(raw).includes('pw-bob'), 'the password leaked into settings');
      assert.deepEqual(await api.clusters.getCredentials('explorer-added'), { user: 'bob', password: 'pw-bob' });
      // A bad connect string is refused with the reason.
      assert.equal(await vscode.commands.executeCommand('zookeeper.addCluster', { name: 'bad', connectString: 'host:99999' }), undefined);
      assert.equal(api.clusters.get('bad'), undefined);
      await vscode.commands.executeCommand('zookeeper.setActiveCluster', RW);
      assert.equal(api.clusters.active?.id, RW);
      await until('the view names the active cluster', () => /^explorer-rw · /.test(api.explorer.treeView.description ?? ''));
      await api.clusters.remove('explorer-added');
      assert.equal(await api.clusters.getCredentials('explorer-added'), undefined);
    },

    'children are naturally sorted and paged with a load-more row': async () => {
      const { zk, api } = await setup();
      const parent = `${ROOT}/paged`;
      await zk.create(parent);
      const names = Array.from({ length: 1200 }, (_, i) => `item-${i + 1}`);
      const outcomes = await zk.bulk(names, (n) => zk.create(`${parent}/${n}`), { concurrency: 200 });
      // A server stalled past the watchdog on a loaded machine loses some replies: those creates
      // may have applied, so existence decides before any is sent again.
      for (const o of outcomes) if (!o.ok) await createOnce(zk, `${parent}/${o.item}`);
      // The extension lists through its own session, maybe on a member still applying these creates
      // (seen at load: "1,094 children"); a user's click comes later, a test's at once.
      await (await api.explorer.connections.connect(RW)).sync(parent);
      const roots = await api.explorer.tree.getChildren();
      const cluster = roots.find((n) => label(n) === RW)!;
      await api.explorer.tree.getChildren(cluster);
      const top = (await api.explorer.tree.getChildren(cluster)).find((n) => label(n) === ROOT.slice(1))!;
      assert.ok(top, 'the test root is listed');
      const paged = (await api.explorer.tree.getChildren(top)).find((n) => label(n) === 'paged')!;
      assert.equal(paged.getTreeItem().description, '1,200 children');
      let page = await api.explorer.tree.getChildren(paged);
      assert.equal(page.length, 501);
      assert.deepEqual(page.slice(0, 12).map(label), names.slice(0, 12));
      assert.equal(label(page[500]!), 'Load more (500 of 1,200)');
      await vscode.commands.executeCommand('zookeeper.loadMore', page[500]);
      page = await api.explorer.tree.getChildren(paged);
      assert.equal(page.length, 1001);
      await vscode.commands.executeCommand('zookeeper.loadMore', page[1000]);
      page = await api.explorer.tree.getChildren(paged);
      assert.equal(page.length, 1200);
      assert.equal(label(page[1199]!), 'item-1200');
      assert.equal(api.explorer.tree.getParent(page[0]!), paged);
    },

    'a znode with children expands on click and opens its data from an inline action; a leaf opens on click': async () => {
      const { zk, api } = await setup();
      await zk.create(`${ROOT}/both`, Buffer.from('parent data'));
      await zk.create(`${ROOT}/both/leaf`, Buffer.from('leaf data'));
      const roots = await api.explorer.tree.getChildren();
      const cluster = roots.find((n) => label(n) === RW)!;
      const top = (await api.explorer.tree.getChildren(cluster)).find((n) => label(n) === ROOT.slice(1))!;
      await vscode.commands.executeCommand('zookeeper.refresh', top);
      const both = (await api.explorer.tree.getChildren(top)).find((n) => label(n) === 'both')!;
      const parentItem = both.getTreeItem();
      assert.equal(parentItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      assert.equal(parentItem.command, undefined, 'a click expands the row instead of opening it');
      assert.match(String(parentItem.contextValue), /\bzk\.parent-with-data\b/);
      const menus = (
        vscode.extensions.getExtension('zookeeper-ops.zookeeper-ops')!.packageJSON as {
          contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> };
        }
      ).contributes.menus;
      const inline = menus['view/item/context']!.find((m) => m.command === 'zookeeper.openZnodeData')!;
      assert.match(inline.group ?? '', /^inline/);
      assert.ok(new RegExp(/viewItem =~ \/(.*)\/$/.exec(inline.when!)![1]!).test(String(parentItem.contextValue)), inline.when);
      const opened = await vscode.commands.executeCommand<vscode.Uri>('zookeeper.openZnodeData', both);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened?.toString());
      assert.equal(doc?.getText(), 'parent data');
      const leaf = (await api.explorer.tree.getChildren(both)).find((n) => label(n) === 'leaf')!;
      const leafItem = leaf.getTreeItem();
      assert.equal(leafItem.collapsibleState, vscode.TreeItemCollapsibleState.None);
      assert.equal(leafItem.command?.command, 'zookeeper.openZnode', 'a leaf opens on click, as a file does');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },

    'text and JSON open with the right language and save with the version read': async () => {
      const { zk, api } = await setup();
      const path = `${ROOT}/config.txt`;
      await zk.create(path, Buffer.from('{"a": 1}\n'));
      const opened = await vscode.commands.executeCommand<vscode.Uri>('zookeeper.openZnode', uri(RW, path));
      assert.ok(opened);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened.toString())!;
      assert.equal(doc.languageId, 'json');
      assert.equal(doc.getText(), '{"a": 1}\n');
      // Setting the language closes and reopens the document: the version read must survive it.
      assert.equal(api.explorer.fs.readState(opened)?.version, 0);
      await replaceAll(doc, '{"a": 2}\n');
      const calls = recordFsCalls(api.explorer.fs);
      try {
        assert.equal(await doc.save(), true, `not saved; dirty ${doc.isDirty}, calls: ${calls.log.join('; ') || 'none'}`);
      } finally {
        calls.stop();
      }
      const after = await zk.get(path);
      assert.equal(after.data.toString('utf8'), '{"a": 2}\n');
      assert.equal(after.stat.version, 1);
      const plain = await vscode.workspace.openTextDocument(uri(RW, path, 'text'));
      assert.equal(plain.getText(), '{"a": 2}\n');
    },

    'invalid JSON in the JSON view: a warning before the save (cancel keeps it unsaved, save anyway writes it); the language stays JSON':
      async () => {
        const { zk, api } = await setup();
        const path = `${ROOT}/config.json`;
        await zk.create(path, Buffer.from('{"a": 1}\n'));
        const asked: string[] = [];
        let answer = false;
        const fs = api.explorer.fs;
        const original = fs.confirmInvalidJson;
        fs.confirmInvalidJson = async (znode, problem) => {
          asked.push(`${znode}: ${problem}`);
          return answer;
        };
        try {
          const opened = await vscode.commands.executeCommand<vscode.Uri>('zookeeper.openAsJson', uri(RW, path));
          const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened.toString())!;
          assert.equal(doc.languageId, 'json');
          await replaceAll(doc, '{"a": 2,}\n');
          assert.notEqual(await doc.save(), true, 'cancelled: not saved');
          assert.equal(asked.length, 1);
          assert.match(asked[0]!, /config\.json: json line 1, column \d+: invalid JSON/);
          assert.equal((await zk.get(path)).data.toString(), '{"a": 1}\n');
          assert.equal(doc.isDirty, true);
          answer = true;
          assert.equal(await doc.save(), true, 'save anyway');
          assert.equal(asked.length, 2);
          assert.equal((await zk.get(path)).data.toString(), '{"a": 2,}\n');
          assert.equal(doc.languageId, 'json');
          await replaceAll(doc, '{"a": 3}\n');
          assert.equal(await doc.save(), true);
          assert.equal(asked.length, 2, 'valid JSON saves without asking');
          assert.equal(doc.languageId, 'json');
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        } finally {
          fs.confirmInvalidJson = original;
        }
      },

    "a change behind the editor's back makes the save fail and keeps the server's data": async () => {
      const { zk } = await setup();
      const path = `${ROOT}/conflict`;
      await zk.create(path, Buffer.from('v0'));
      const doc = await vscode.workspace.openTextDocument(uri(RW, path));
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.getText(), 'v0');
      await zk.set(path, Buffer.from('theirs'), 0);
      await replaceAll(doc, 'mine');
      assert.notEqual(await doc.save(), true, 'the save should have been refused');
      assert.equal((await zk.get(path)).data.toString(), 'theirs');
      assert.equal(doc.isDirty, true);
      // Reload: drop "mine", read "theirs" with its version; a save after that goes through.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await until('the reverted text', () => doc.getText() === 'theirs');
      await replaceAll(doc, 'mine after reload');
      assert.equal(await doc.save(), true);
      const after = await zk.get(path);
      assert.equal(after.data.toString(), 'mine after reload');
      assert.equal(after.stat.version, 2);
    },

    'binary data opens as hex and round-trips byte for byte; base64 too': async () => {
      const { zk } = await setup();
      const path = `${ROOT}/binary`;
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await zk.create(path, bytes);
      const opened = await vscode.commands.executeCommand<vscode.Uri>('zookeeper.openZnode', uri(RW, path));
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened.toString())!;
      assert.equal(doc.languageId, 'plaintext');
      assert.match(doc.getText(), /^00000000: 00 01 02 03 04 05 06 07 {2}08 09 0a 0b 0c 0d 0e 0f/);
      // Save without an edit, then change one byte: everything else stays exact.
      await replaceAll(doc, doc.getText().replace('00000000: 00 01', '00000000: ff 01'));
      assert.equal(await doc.save(), true);
      const expected = Buffer.from(bytes);
      expected[0] = 0xff;
      assert.deepEqual((await zk.get(path)).data, expected);
      const b64 = await vscode.workspace.openTextDocument(uri(RW, path, 'base64'));
      assert.equal(b64.getText().replace(/\s/g, ''), expected.toString('base64'));
      await replaceAll(b64, Buffer.from([0, 0xfe, 0x80, 0x7f]).toString('base64'));
      assert.equal(await b64.save(), true);
      assert.deepEqual((await zk.get(path)).data, Buffer.from([0, 0xfe, 0x80, 0x7f]));
      // Bytes that are not UTF-8 cannot be opened as text: refused, not mangled.
      await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uri(RW, path, 'text'))), /binary|hex/i);
    },

    'a read-only cluster opens read-only and refuses writes': async () => {
      const { zk, api } = await setup();
      const path = `${ROOT}/guarded`;
      await zk.create(path, Buffer.from('keep'));
      const target = uri(RO, path);
      const stat = await vscode.workspace.fs.stat(target);
      assert.equal(stat.permissions, vscode.FilePermission.Readonly);
      const doc = await vscode.workspace.openTextDocument(target);
      assert.equal(doc.getText(), 'keep');
      // The editor refuses to edit; the provider refuses to write even if asked directly.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(target, new vscode.Position(0, 0), 'x');
      const applied = await vscode.workspace.applyEdit(edit);
      if (applied) assert.notEqual(await doc.save(), true);
      await assert.rejects(
        Promise.resolve(api.explorer.fs.writeFile(target, Buffer.from('changed'), { create: false, overwrite: true })),
        /explorer-ro is read-only/,
      );
      assert.equal((await zk.get(path)).data.toString(), 'keep');
      if (applied) await vscode.commands.executeCommand('workbench.action.files.revert');
    },

    'data over jute.maxbuffer is refused with a clear message': async () => {
      const { zk, api } = await setup();
      const path = `${ROOT}/big`;
      await zk.create(path, Buffer.from('small'));
      const target = uri(RW, path);
      const doc = await vscode.workspace.openTextDocument(target);
      await vscode.window.showTextDocument(doc);
      await replaceAll(doc, 'x'.repeat(1_100_000));
      assert.notEqual(await doc.save(), true, 'an oversized save should fail');
      await assert.rejects(
        Promise.resolve(api.explorer.fs.writeFile(target, Buffer.alloc(1_100_000, 0x78), { create: false, overwrite: true })),
        /jute\.maxbuffer/,
      );
      assert.equal((await zk.get(path)).data.toString(), 'small');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },

    'create, rename (one transaction) and delete with a backup; read-only refuses all three': async () => {
      const { zk } = await setup();
      const created = await vscode.commands.executeCommand<string>('zookeeper.createZnode', {
        clusterId: RW,
        parent: ROOT,
        name: 'made',
        data: 'hello',
      });
      assert.equal(created, `${ROOT}/made`);
      assert.equal((await zk.get(created)).data.toString(), 'hello');
      const seq = await vscode.commands.executeCommand<string>('zookeeper.createZnode', {
        clusterId: RW,
        parent: ROOT,
        name: 'job-',
        mode: 'persistent-sequential',
      });
      assert.match(seq, /\/job-\d{10}$/);
      await zk.create(`${created}/child`, Buffer.from('c'));
      const moved = await vscode.commands.executeCommand<{ to: string; atomic: boolean }>('zookeeper.renameZnode', {
        clusterId: RW,
        from: created,
        to: `${ROOT}/renamed`,
      });
      assert.deepEqual(moved, { to: `${ROOT}/renamed`, atomic: true });
      assert.match(confirmations.asked.at(-1) ?? '', /^Move \/.*\/made to \/.*\/renamed on explorer-rw\?$/, 'the move asked first');
      assert.equal(await zk.exists(created), null);
      assert.equal((await zk.get(`${ROOT}/renamed/child`)).data.toString(), 'c');
      // A wrong confirmed count deletes nothing; the right one deletes after writing a backup.
      const askedBefore = confirmations.asked.length;
      await vscode.commands.executeCommand('zookeeper.deleteZnode', { clusterId: RW, path: `${ROOT}/renamed`, expectedCount: 5 });
      assert.ok(await zk.exists(`${ROOT}/renamed`));
      assert.equal(confirmations.asked.length, askedBefore, 'a count that does not match is refused before asking');
      const deleted = await vscode.commands.executeCommand<{ deleted: number; backup: string }>('zookeeper.deleteZnode', {
        clusterId: RW,
        path: `${ROOT}/renamed`,
        expectedCount: 2,
      });
      assert.equal(deleted.deleted, 2);
      assert.match(confirmations.asked.at(-1) ?? '', /^Delete \/.*\/renamed on explorer-rw\?$/, 'the delete asked first');
      assert.equal(await zk.exists(`${ROOT}/renamed`), null);
      const backup = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(deleted.backup))).toString('utf8')) as {
        root: string;
        count: number;
      };
      assert.deepEqual([backup.root, backup.count], [`${ROOT}/renamed`, 2]);
      // Read-only: refused before anything is sent (the wrapper reports, nothing changes).
      assert.equal(await vscode.commands.executeCommand('zookeeper.createZnode', { clusterId: RO, parent: ROOT, name: 'nope' }), undefined);
      assert.equal(await zk.exists(`${ROOT}/nope`), null);
      assert.equal(
        await vscode.commands.executeCommand('zookeeper.deleteZnode', { clusterId: RO, path: seq, expectedCount: 1 }),
        undefined,
      );
      assert.ok(await zk.exists(seq));
    },

    'ACL view data and edit with the ACL version': async () => {
      const { zk } = await setup();
      const path = `${ROOT}/acl`;
      await zk.create(path);
      const acl = await vscode.commands.executeCommand<string[]>('zookeeper.editAcl', {
        clusterId: RW,
        path,
        acl: ['world:anyone:r', 'ip:127.0.0.1:cdrwa'],
      });
      assert.deepEqual(acl, ['world:anyone:r', 'ip:127.0.0.1:cdrwa']);
      assert.match(confirmations.asked.at(-1) ?? '', /^Replace the ACL of \/.*\/acl on explorer-rw with 2 entries\?$/);
      const read = await zk.getAcl(path);
      assert.deepEqual(read.acl.map((a) => `${a.scheme}:${a.id}:${a.perms}`).sort(), ['ip:127.0.0.1:31', 'world:anyone:1']);
      assert.equal(read.stat.aversion, 1);
    },

    'search streams matches by name and by data; a deleted match is marked': async () => {
      const { zk, api } = await setup();
      const base = `${ROOT}/search`;
      await zk.create(base);
      for (const [name, data] of [
        ['lock-1', 'x'],
        ['lock-2', 'needle here'],
        ['other', 'needle too'],
      ] as const)
        await zk.create(`${base}/${name}`, Buffer.from(data));
      const byName = await vscode.commands.executeCommand<{ matched: number; paths: string[] }>('zookeeper.search', {
        clusterId: RW,
        path: base,
        query: { name: { glob: 'lock-*' } },
      });
      assert.deepEqual(byName.paths.sort(), [`${base}/lock-1`, `${base}/lock-2`]);
      const byData = await vscode.commands.executeCommand<{ matched: number; paths: string[] }>('zookeeper.search', {
        clusterId: RW,
        path: base,
        query: { data: { text: 'NEEDLE', caseSensitive: false } },
      });
      assert.deepEqual(byData.paths.sort(), [`${base}/lock-2`, `${base}/other`]);
      // Deleting a match marks its row instead of leaving a row that fails to open.
      assert.deepEqual(
        await vscode.commands
          .executeCommand('zookeeper.deleteZnode', { clusterId: RW, path: `${base}/other`, expectedCount: 1 })
          .then((r) => (r as { deleted: number }).deleted),
        1,
      );
      const latest = api.explorer.results.current[0]!;
      const rows = (latest.getChildren() as ExplorerNode[]).map((n) => n.getTreeItem());
      const row = (path: string) => rows.find((r) => r.label === path)!;
      assert.equal(row(`${base}/other`).description, 'deleted since the search');
      assert.equal(row(`${base}/other`).command, undefined, 'a deleted match no longer opens');
      assert.equal(row(`${base}/lock-2`).command?.command, 'zookeeper.openZnode');
    },

    'export, dry-run import, import, and a diff of the two subtrees': async () => {
      const { zk, api } = await setup();
      const src = `${ROOT}/src`;
      await zk.create(src, Buffer.from('root'));
      await zk.create(`${src}/a`, Buffer.from([0, 1, 2, 0xff]));
      await zk.create(`${src}/b`, Buffer.from('{"k":1}'));
      const file = vscode.Uri.joinPath(api.explorer.storageUri, `host-export-${process.pid}.json`).fsPath;
      const exported = await vscode.commands.executeCommand<{ count: number; file: string }>('zookeeper.exportSubtree', {
        clusterId: RW,
        path: src,
        file,
      });
      assert.equal(exported.count, 3);
      const dest = `${ROOT}/dest`;
      const dry = await vscode.commands.executeCommand<{ dryRun: boolean; plan: { counts: { create: number } } }>(
        'zookeeper.importSubtree',
        { clusterId: RW, path: dest, file, policy: 'fail' },
      );
      assert.equal(dry.dryRun, true);
      assert.equal(dry.plan.counts.create, 3);
      assert.equal(await zk.exists(dest), null, 'a dry run writes nothing');
      await vscode.commands.executeCommand('zookeeper.importSubtree', { clusterId: RW, path: dest, file, policy: 'fail', apply: true });
      assert.deepEqual((await zk.get(`${dest}/a`)).data, Buffer.from([0, 1, 2, 0xff]));
      await zk.set(`${dest}/b`, Buffer.from('{"k":2}'), -1);
      await zk.create(`${dest}/extra`);
      const diff = await vscode.commands.executeCommand<{ diff: { counts: Record<string, number> }; getChildren(): unknown[] }>(
        'zookeeper.diffSubtrees',
        {
          left: { clusterId: RW, path: src },
          right: { clusterId: RO, path: dest },
        },
      );
      assert.equal(diff.diff.counts.added, 1);
      assert.equal(diff.diff.counts.changed, 1);
      assert.equal(diff.diff.counts.removed, 0);
      // Opening an entry shows both sides as read-only snapshots.
      const changed = (diff.getChildren() as { entry: { status: string } }[]).find((n) => n.entry.status === 'changed');
      await vscode.commands.executeCommand('zookeeper.openDiffEntry', changed);
      await until('a zk-snapshot document', () =>
        vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'zk-snapshot' && d.getText() === '{"k":2}'),
      );
    },

    'a scripted import with apply: true asks before writing; refused, it writes nothing; a bad argument is refused by name': async () => {
      const { zk, api } = await setup();
      // Created through the extension's own session, so its export reads them (another session's
      // writes may not have reached the member it reads from yet).
      const src = await vscode.commands.executeCommand<string>('zookeeper.createZnode', {
        clusterId: RW,
        parent: ROOT,
        name: 'confirm-src',
      });
      await vscode.commands.executeCommand('zookeeper.createZnode', { clusterId: RW, parent: src, name: 'kid', data: 'kid' });
      const file = vscode.Uri.joinPath(api.explorer.storageUri, `host-confirm-${process.pid}.json`).fsPath;
      const exported = await vscode.commands.executeCommand<{ count: number }>('zookeeper.exportSubtree', {
        clusterId: RW,
        path: src,
        file,
      });
      assert.equal(exported.count, 2);
      const dest = `${ROOT}/confirm-dest`;
      const args = { clusterId: RW, path: dest, file, apply: true };
      // A misspelt or mistyped field is refused before anything is read or asked.
      const askedBefore = confirmations.asked.length;
      assert.equal(await vscode.commands.executeCommand('zookeeper.importSubtree', { ...args, policy: 'merge' }), undefined);
      assert.equal(await vscode.commands.executeCommand('zookeeper.importSubtree', { ...args, aply: true }), undefined);
      assert.equal(confirmations.asked.length, askedBefore);
      confirmations.answer = false;
      try {
        const refused = await vscode.commands.executeCommand<{ dryRun: boolean; plan: { counts: { create: number } } }>(
          'zookeeper.importSubtree',
          args,
        );
        assert.equal(refused.dryRun, true, 'refused: the dry run comes back');
        assert.equal(refused.plan.counts.create, 2);
        assert.deepEqual(confirmations.asked.slice(askedBefore), [`Import 2 node(s) into ${dest} on explorer-rw?`]);
        assert.equal(await zk.exists(dest), null, 'refused: nothing written');
      } finally {
        confirmations.answer = true;
      }
      const applied = await vscode.commands.executeCommand<{ dryRun: boolean }>('zookeeper.importSubtree', args);
      assert.equal(applied.dryRun, false);
      assert.equal((await zk.get(`${dest}/kid`)).data.toString(), 'kid');
    },

    'named watches list in the tree and log changes': async () => {
      const { zk, api } = await setup();
      const path = `${ROOT}/watched`;
      await zk.create(path, Buffer.from('0'));
      const name = await vscode.commands.executeCommand<string>('zookeeper.watchSubtree', { clusterId: RW, path, name: 'host-watch' });
      assert.equal(name, 'host-watch');
      await zk.set(path, Buffer.from('1'), -1);
      await zk.create(`${path}/kid`);
      await until(
        'two changes seen',
        () => (api.explorer.watches.list().find((w) => w.definition.name === 'host-watch')?.changes ?? 0) >= 2,
      );
      const roots = await api.explorer.tree.getChildren();
      const watchesRow = roots.find((n) => n.id === 'watches');
      assert.ok(watchesRow, 'a Watches row');
      const rows = await api.explorer.tree.getChildren(watchesRow);
      assert.ok(rows.some((r) => label(r) === 'host-watch'));
      assert.equal(await vscode.commands.executeCommand('zookeeper.unwatch', { clusterId: RW, name: 'host-watch' }), true);
      assert.equal(api.explorer.watches.list().length, 0);
    },

    'digest credentials from secret storage open protected nodes; without them NOAUTH says what to do': async () => {
      const { zk, api } = await setup();
      const path = `${ROOT}/private`;
      await zk.create(path, Buffer.from('secret data'), { acl: [digestAcl('alice', 'pw-alice')] });
      await api.clusters.setCredentials(AUTH, { user: 'alice', password: 'pw-alice' });
      const doc = await vscode.workspace.openTextDocument(uri(AUTH, path));
      assert.equal(doc.getText(), 'secret data');
      await assert.rejects(
        Promise.resolve(vscode.workspace.openTextDocument(uri(RW, path))),
        /Not authorised.*set credentials for explorer-rw/,
      );
    },

    'a failure to list becomes an error row with Retry': async () => {
      const { zk, api } = await setup();
      const path = `${ROOT}/vanishing`;
      await zk.create(path);
      await zk.create(`${path}/kid`);
      const roots = await api.explorer.tree.getChildren();
      const top = (await api.explorer.tree.getChildren(roots.find((n) => label(n) === RW))).find((n) => label(n) === ROOT.slice(1))!;
      api.explorer.tree.reload(RW, ROOT);
      const row = (await api.explorer.tree.getChildren(top)).find((n) => label(n) === 'vanishing')!;
      assert.deepEqual((await api.explorer.tree.getChildren(row)).map(label), ['kid']);
      await zk.delete(`${path}/kid`, -1);
      await zk.delete(path, -1);
      api.explorer.tree.reload(RW, path);
      const [error] = await api.explorer.tree.getChildren(row);
      const item = error!.getTreeItem();
      assert.match(typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), /no longer exists/);
      assert.equal(item.command?.command, 'zookeeper.retry');
      await zk.create(path);
      await zk.create(`${path}/back`);
      await vscode.commands.executeCommand('zookeeper.retry', error);
      assert.deepEqual((await api.explorer.tree.getChildren(row)).map(label), ['back']);
    },

    'a cluster in watch mode refreshes the tree and clean documents on its own': async () => {
      const { zk, api } = await setup();
      const roots = await api.explorer.tree.getChildren();
      const live = roots.find((n) => label(n) === LIVE)!;
      const top = (await api.explorer.tree.getChildren(live)).find((n) => label(n) === ROOT.slice(1))!;
      const before = (await api.explorer.tree.getChildren(top)).map(label);
      assert.ok(!before.includes('arrived'));
      await zk.create(`${ROOT}/arrived`, Buffer.from('1'));
      await until('the new child in the tree', async () => (await api.explorer.tree.getChildren(top)).map(label).includes('arrived'));
      const doc = await vscode.workspace.openTextDocument(uri(LIVE, `${ROOT}/arrived`));
      assert.equal(doc.getText(), '1');
      await zk.set(`${ROOT}/arrived`, Buffer.from('2'), -1);
      await until('the document reloaded', () => doc.getText() === '2');
    },

    cleanup: async () => {
      const { zk } = await setup();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const remove = async (path: string): Promise<void> => {
        const { children } = await zk.children(path);
        await zk.bulk(children, (child) => remove(`${path}/${child}`), { concurrency: 100 });
        await zk.delete(path, -1);
      };
      await remove(ROOT);
      await zk.close();
      session = undefined;
      if (api && realPrompts) Object.assign(api.explorer.prompts, realPrompts);
    },
  },
};
