import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ZkSession } from '../../src/core/zk/session';
import type { ExtensionApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/ui/explorer/tree/explorerNode';
import type { HostSuite } from './suite';

// Runs inside the real extension host against the ensemble in $ZKOPS_TEST_CONNECT. Each test uses
// its own znodes under ROOT; a session of the test's own makes the changes "behind the editor's back".
const ROOT = `/zkops-host-explorer-${process.pid}`;
const RW = 'explorer-rw';
const RO = 'explorer-ro';

let session: ZkSession | undefined;
let api: ExtensionApi | undefined;

async function setup(): Promise<{ zk: ZkSession; api: ExtensionApi }> {
  if (session && api) return { zk: session, api };
  const connect = process.env.ZKOPS_TEST_CONNECT;
  assert.ok(connect, 'ZKOPS_TEST_CONNECT is not set');
  const extension = vscode.extensions.getExtension<ExtensionApi>('zookeeper-ops.zookeeper-ops');
  assert.ok(extension);
  api = await extension.activate();
  await vscode.workspace.getConfiguration().update(
    'zookeeper.clusters',
    [
      { name: RW, connectString: connect, readOnly: false, refresh: 'manual' },
      { name: RO, connectString: connect, readOnly: true, refresh: 'manual' },
    ],
    vscode.ConfigurationTarget.Global,
  );
  session = await ZkSession.connect(connect);
  await session.create(ROOT).catch(() => undefined);
  return { zk: session, api };
}

const uri = (cluster: string, path: string, view?: string): vscode.Uri =>
  vscode.Uri.from({ scheme: 'zk', authority: cluster, path, query: view ? `view=${view}` : '' });

async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function label(node: ExplorerNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export const suite: HostSuite = {
  name: 'explorer',
  tests: {
    'clusters from settings appear as tree roots and connect on demand': async () => {
      const { api } = await setup();
      await until('both clusters listed', () => api.clusters.list().length === 2);
      await vscode.commands.executeCommand('zookeeper.connect', RW);
      assert.equal(api.explorer.connections.info(RW).status, 'connected');
      const roots = await api.explorer.tree.getChildren();
      const names = roots.map(label);
      assert.ok(names.includes(RW) && names.includes(RO), names.join(','));
      const rw = roots.find((n) => label(n) === RW)!;
      assert.match(String(rw.getTreeItem().description), /connected/);
      assert.match(String(roots.find((n) => label(n) === RO)!.getTreeItem().description), /read-only/);
    },

    'children are naturally sorted and paged with a load-more row': async () => {
      const { zk, api } = await setup();
      const parent = `${ROOT}/paged`;
      await zk.create(parent);
      const names = Array.from({ length: 1200 }, (_, i) => `item-${i + 1}`);
      const outcomes = await zk.bulk(names, (n) => zk.create(`${parent}/${n}`), { concurrency: 200 });
      assert.ok(outcomes.every((o) => o.ok));
      const roots = await api.explorer.tree.getChildren();
      const cluster = roots.find((n) => label(n) === RW)!;
      await api.explorer.tree.getChildren(cluster);
      const top = (await api.explorer.tree.getChildren(cluster)).find((n) => label(n) === ROOT.slice(1))!;
      assert.ok(top, 'the test root is listed');
      const paged = (await api.explorer.tree.getChildren(top)).find((n) => label(n) === 'paged')!;
      assert.equal(paged.getTreeItem().description, '1,200 children');
      const started = Date.now();
      let page = await api.explorer.tree.getChildren(paged);
      const firstPageMs = Date.now() - started;
      assert.equal(page.length, 501);
      assert.deepEqual(page.slice(0, 12).map(label), names.slice(0, 12));
      assert.equal(label(page[500]!), 'Load more (500 of 1,200)');
      assert.ok(firstPageMs < 3000, `first page took ${firstPageMs} ms`);
      await vscode.commands.executeCommand('zookeeper.loadMore', page[500]);
      page = await api.explorer.tree.getChildren(paged);
      assert.equal(page.length, 1001);
      await vscode.commands.executeCommand('zookeeper.loadMore', page[1000]);
      page = await api.explorer.tree.getChildren(paged);
      assert.equal(page.length, 1200);
      assert.equal(label(page[1199]!), 'item-1200');
      assert.equal(api.explorer.tree.getParent(page[0]!), paged);
    },

    'text and JSON open with the right language and save with the version read': async () => {
      const { zk } = await setup();
      const path = `${ROOT}/config.txt`;
      await zk.create(path, Buffer.from('{"a": 1}\n'));
      const opened = await vscode.commands.executeCommand<vscode.Uri>('zookeeper.openZnode', uri(RW, path));
      assert.ok(opened);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened.toString())!;
      assert.equal(doc.languageId, 'json');
      assert.equal(doc.getText(), '{"a": 1}\n');
      await replaceAll(doc, '{"a": 2}\n');
      assert.equal(await doc.save(), true);
      const after = await zk.get(path);
      assert.equal(after.data.toString('utf8'), '{"a": 2}\n');
      assert.equal(after.stat.version, 1);
      const plain = await vscode.workspace.openTextDocument(uri(RW, path, 'text'));
      assert.equal(plain.getText(), '{"a": 2}\n');
    },

    'a change behind the editor\'s back makes the save fail and keeps the server\'s data': async () => {
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
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened!.toString())!;
      assert.equal(doc.languageId, 'plaintext');
      assert.match(doc.getText(), /^00000000: 00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f/);
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

    'cleanup': async () => {
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
    },
  },
};
