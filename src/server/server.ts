import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  Connection,
  Diagnostic,
  DidChangeConfigurationNotification,
  TextDocumentChangeEvent,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completeAt } from '../core/config/completion';
import type { Finding } from '../core/config/findings';
import { hoverAt } from '../core/config/hover';
import { lintModel } from '../core/config/lint';
import { ConfigModel, buildModel, kindFromFileName } from '../core/config/model';
import { MAX_CONFIG_BYTES, configTooLargeFinding } from '../core/config/size';
import { isVersion } from '../core/config/version';
import { DIAGNOSTIC_SOURCE, toCodeAction, toCompletionItem, toDiagnostic } from './convert';

/** Settings under `zookeeper.zoocfg` that change linting. */
interface ServerSettings {
  zookeeperVersion?: string;
}

/** Waits this long after the last keystroke before linting, so typing stays smooth. */
const LINT_DELAY_MS = 150;

interface Analysis {
  readonly version: number;
  readonly model: ConfigModel;
  readonly findings: readonly Finding[];
}

function kindOf(uri: string): 'static' | 'dynamic' {
  return kindFromFileName(decodeURIComponent(uri.split('?')[0]!));
}

/**
 * Wires the zoo.cfg language features onto a connection. Separate from main.ts so tests can run the
 * server over in-memory streams.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  let settings: ServerSettings = {};
  let canPullConfig = false;

  /** The dynamic file a static config points to: an open document first, else the disk. */
  function companionText(doc: TextDocument, model: ConfigModel): string | undefined {
    const file = model.value('dynamicConfigFile');
    if (!file || !doc.uri.startsWith('file:')) return undefined;
    const base = path.dirname(fileURLToPath(doc.uri));
    const candidates = path.isAbsolute(file) ? [file] : [path.join(base, file), file];
    for (const candidate of candidates) {
      const open = documents.all().find((d) => d.uri.startsWith('file:') && fileURLToPath(d.uri) === candidate);
      if (open) return open.getText();
      try {
        if (fs.statSync(candidate).size <= MAX_CONFIG_BYTES) return fs.readFileSync(candidate, 'utf8');
      } catch {
        // Not readable from here: lint without it.
      }
    }
    return undefined;
  }

  function analyse(doc: TextDocument): Analysis {
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const kind = kindOf(doc.uri);
    // Same bound as `zkops lint`: an oversized document gets one finding and no analysis.
    const length = doc.getText().length;
    if (length > MAX_CONFIG_BYTES) {
      const tooLarge = { version: doc.version, model: buildModel('', kind), findings: [configTooLargeFinding(length)] };
      analyses.set(doc.uri, tooLarge);
      return tooLarge;
    }
    let model = buildModel(doc.getText(), kind);
    const companion = kind === 'static' ? companionText(doc, model) : undefined;
    if (companion !== undefined) model = buildModel(doc.getText(), kind, companion);
    const version = settings.zookeeperVersion && isVersion(settings.zookeeperVersion) ? settings.zookeeperVersion : undefined;
    const analysis = { version: doc.version, model, findings: lintModel(model, { zookeeperVersion: version }) };
    analyses.set(doc.uri, analysis);
    return analysis;
  }

  function publish(doc: TextDocument): void {
    const { findings } = analyse(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map((f) => toDiagnostic(f, doc.uri)) });
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) publish(current);
      }, LINT_DELAY_MS),
    );
  }

  async function loadSettings(): Promise<void> {
    if (!canPullConfig) return;
    const value: unknown = await connection.workspace.getConfiguration('zookeeper.zoocfg');
    settings = typeof value === 'object' && value !== null ? value : {};
  }

  connection.onInitialize((params) => {
    canPullConfig = !!params.capabilities.workspace?.configuration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['=', ',', ':', '.'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'zoocfg-language-server' },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfig) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'zookeeper.zoocfg' }).catch(() => undefined);
      await loadSettings().catch(() => undefined);
    }
    // Documents opened while the settings were in flight were linted without them.
    analyses.clear();
    for (const doc of documents.all()) publish(doc);
  });

  connection.onDidChangeConfiguration(async () => {
    await loadSettings().catch(() => undefined);
    analyses.clear();
    for (const doc of documents.all()) publish(doc);
  });

  documents.onDidOpen((e: TextDocumentChangeEvent<TextDocument>) => publish(e.document));
  documents.onDidChangeContent((e: TextDocumentChangeEvent<TextDocument>) => schedule(e.document));
  documents.onDidClose((e: TextDocumentChangeEvent<TextDocument>) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return completeAt(analyse(doc).model, params.position).map(toCompletionItem);
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const info = hoverAt(analyse(doc).model, params.position);
    return info ? { contents: { kind: 'markdown', value: info.contents }, range: info.range } : null;
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { findings, model } = analyse(doc);
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findings.find((f) => sameFinding(f, diagnostic));
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) actions.push(toCodeAction(fix, doc.uri, diagnostic));
      const entry = model.entries.find((e) => e.firstLine <= diagnostic.range.start.line && diagnostic.range.start.line <= e.lastLine);
      const line = entry?.firstLine ?? diagnostic.range.start.line;
      actions.push({
        title: `Ignore ${finding.rule} here`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: {
          changes: {
            [doc.uri]: [
              {
                range: { start: { line, character: 0 }, end: { line, character: 0 } },
                newText: `# zkops-lint disable-next-line ${finding.rule}\n`,
              },
            ],
          },
        },
      });
    }
    return actions;
  });

  documents.listen(connection);
}

function sameFinding(f: Finding, d: Diagnostic): boolean {
  return (
    f.rule === d.code &&
    f.message === d.message &&
    f.range.start.line === d.range.start.line &&
    f.range.start.character === d.range.start.character
  );
}
