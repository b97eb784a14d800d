import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CodeAction,
  CompletionItem,
  Hover,
  MessageConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { MAX_CONFIG_BYTES } from '../../src/core/config/size';
import { startServer } from '../../src/server/server';
import { until } from '../support/wait';

/** The language server on in-memory streams, driven by a bare JSON-RPC client as an editor would. */
describe('zoo.cfg language server over LSP', () => {
  let client: MessageConnection;
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: (() => void)[] = [];

  function diagnosticsFor(uri: string, version: number, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), timeoutMs);
      const check = (): boolean => {
        const hit = published.get(uri)?.find((p) => p.version === version);
        if (!hit) return false;
        clearTimeout(deadline);
        resolve(hit);
        return true;
      };
      // Every publication wakes every waiter once: one that is not yet satisfied (a late
      // republication of an older version came first) must wait again, not drop out.
      const waiter = (): void => {
        if (!check()) waiters.push(waiter);
      };
      waiter();
    });
  }

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(server);
    server.listen();
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
      for (const w of waiters.splice(0)) w();
    });
    client.onRequest('workspace/configuration', () => [{ zookeeperVersion: '3.6' }]);
    client.onRequest('client/registerCapability', () => null);
    client.listen();
    const init = await client.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    assert.ok(init.capabilities.hoverProvider);
    await client.sendNotification('initialized', {});
  });

  after(() => client.dispose());

  const uri = 'file:///etc/zookeeper/zoo.cfg';
  const text = 'tickTime=2000\ndataDir=/var/zk\nclientPort=2181\nautopurge.purgeInterval=1\ninitLimt=10\nadmin.forceHttps=true\n';

  it('publishes diagnostics when a file opens, with the version setting applied', async () => {
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'zoocfg', version: 1, text } });
    const diags = (await diagnosticsFor(uri, 1)).diagnostics;
    const unknown = diags.find((d) => d.code === 'unknown-key');
    assert.ok(unknown, JSON.stringify(diags));
    assert.equal(unknown.severity, 2);
    assert.equal(unknown.source, 'zoocfg');
    assert.deepEqual(unknown.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 8 } });
    // admin.forceHttps arrived in 3.7.1; the client's settings say its servers run 3.6. Settings
    // arrive after initialization, so wait (bounded) for a publication that reflects them.
    await until(
      'a publication with the version finding',
      () => published.get(uri)!.some((p) => p.diagnostics.some((d) => d.code === 'version')),
      {
        timeoutMs: 5000,
        everyMs: 20,
      },
    );
    const latest = published.get(uri)!.at(-1)!;
    assert.ok(
      latest.diagnostics.some((d) => d.code === 'version' && typeof d.message === 'string' && /3\.7\.1/.test(d.message)),
      JSON.stringify(latest),
    );
  });

  it('re-lints after an edit', async () => {
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 8 } }, text: 'initLimit' }],
    });
    const diags = (await diagnosticsFor(uri, 2)).diagnostics;
    assert.ok(!diags.some((d) => d.code === 'unknown-key'), JSON.stringify(diags));
  });

  it('answers hover and completion', async () => {
    const hover = await client.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.match((hover.contents as { value: string }).value, /\*\*tickTime\*\*/);
    const items = await client.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 0 },
    });
    assert.ok(items.some((i) => i.label === 'syncLimit'));
  });

  it('answers a document over the size cap with one finding and no analysis (as zkops lint does)', async () => {
    const huge = 'file:///tmp/huge/zoo.cfg';
    const big = `tickTime=2000\ninitLimt=1\nx=${'v'.repeat(MAX_CONFIG_BYTES)}\n`;
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: huge, languageId: 'zoocfg', version: 1, text: big } });
    const diags = (await diagnosticsFor(huge, 1)).diagnostics;
    assert.deepEqual(
      diags.map((d) => d.code),
      ['file-size'],
    );
    const message = diags[0]!.message;
    assert.match(typeof message === 'string' ? message : message.value, /zoo\.cfg files are kilobytes/);
    const items = await client.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: huge },
      position: { line: 1, character: 0 },
    });
    assert.ok(Array.isArray(items));
  });

  it('offers quick fixes for a diagnostic', async () => {
    const typo = 'file:///etc/zookeeper/other.zoo.cfg';
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: typo, languageId: 'zoocfg', version: 1, text: text.replace('admin.forceHttps=true\n', '') },
    });
    const diag = (await diagnosticsFor(typo, 1)).diagnostics.find((d) => d.code === 'unknown-key')!;
    const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: typo },
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to initLimit', 'Ignore unknown-key here'],
    );
    assert.deepEqual(actions[0]!.edit!.changes![typo], [{ range: diag.range, newText: 'initLimit' }]);
  });
});
