import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostSuite } from './suite';
import { isDefined, waitFor } from '../support/wait';

const EXTENSION_ID = 'zookeeper-ops.zookeeper-ops';
const WAIT_MS = 30_000;

/** A zoo.cfg whose only fault is a misspelt syncLimit on line 3 (index 2). */
const TYPO_LINE = 2;
const TEXT = [
  'tickTime=2000',
  'initLimit=10',
  'syncLimt=5',
  'dataDir=/var/lib/zookeeper',
  'autopurge.purgeInterval=24',
  'server.1=zk1:2888:3888;2181',
  'server.2=zk2:2888:3888;2181',
  'server.3=zk3:2888:3888;2181',
  '',
].join('\n');

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/**
 * This run's own folder, removed by the suite's last test: a fixed name, emptied when the suite
 * loaded, deleted the files of another run going on beside this one.
 */
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-zoocfg-host-'));
let opened = 0;

/** Opens a fresh zoo.cfg (the file name selects the zoocfg language). */
async function openConfig(text = TEXT): Promise<vscode.TextDocument> {
  const dir = path.join(ROOT, String(++opened));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'zoo.cfg');
  fs.writeFileSync(file, text);
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  await extension?.activate();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export const suite: HostSuite = {
  name: 'zoocfg',
  tests: {
    'a zoo.cfg opens as the zoocfg language': async () => {
      const doc = await openConfig();
      assert.equal(doc.languageId, 'zoocfg');
    },
    'diagnostics appear with precise ranges': async () => {
      const doc = await openConfig();
      const diagnostics = await waitFor(
        'zoocfg diagnostics',
        () => {
          const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'zoocfg');
          return found.length ? found : undefined;
        },
        isDefined,
        { timeoutMs: WAIT_MS, everyMs: 200 },
      );
      const typo = diagnostics.find((d) => codeOf(d) === 'unknown-key');
      assert.ok(typo, diagnostics.map((d) => d.message).join('; '));
      assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(typo.range.start.line, TYPO_LINE);
      assert.equal(typo.range.start.character, 0);
      assert.equal(typo.range.end.character, 8);
      assert.match(typo.message, /did you mean syncLimit/);
    },
    'hover documents a key': async () => {
      const doc = await openConfig();
      const hovers = await waitFor(
        'a hover',
        async () => {
          const result = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            doc.uri,
            new vscode.Position(0, 3),
          );
          return result && result.length ? result : undefined;
        },
        isDefined,
        { timeoutMs: WAIT_MS, everyMs: 200 },
      );
      const text = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      assert.match(text, /tickTime/);
      assert.match(text, /heartbeats|tick/i);
    },
    'completion offers keys and values': async () => {
      const doc = await openConfig(TEXT + 'syncL');
      const keys = await waitFor(
        'key completions',
        async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider',
            doc.uri,
            new vscode.Position(8, 5),
          );
          const labels = list?.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)) ?? [];
          return labels.includes('syncLimit') ? labels : undefined;
        },
        isDefined,
        { timeoutMs: WAIT_MS, everyMs: 200 },
      );
      assert.ok(keys.includes('snapCount'));
      const values = await openConfig('reconfigEnabled=');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        values.uri,
        new vscode.Position(0, 16),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('true') && labels.includes('false'), labels.join(', '));
    },
    'a quick fix corrects the typo': async () => {
      const doc = await openConfig();
      const typo = await waitFor(
        'the unknown-key diagnostic',
        () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'unknown-key'),
        isDefined,
        { timeoutMs: WAIT_MS, everyMs: 200 },
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        typo.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === 'Change to syncLimit');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.lineAt(TYPO_LINE).text, 'syncLimit=5');
      // The server re-lints the edited text: nothing above info remains.
      await waitFor(
        'the file to lint clean',
        () => {
          const left = vscode.languages
            .getDiagnostics(doc.uri)
            .filter((d) => d.source === 'zoocfg' && d.severity <= vscode.DiagnosticSeverity.Warning);
          return left.length ? undefined : true;
        },
        isDefined,
        { timeoutMs: WAIT_MS, everyMs: 200 },
      );
    },
    cleanup: async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(ROOT, { recursive: true, force: true });
    },
  },
};
