import * as vscode from 'vscode';
import { FoundConnectString, HealthLookup, isUsable } from '../../core/discovery';
import { DISCOVERY_SELECTOR, foundIn, toRange } from './documents';
import type { DiscoverySettings } from './settings';
import type { WorkspaceScan } from './workspaceScan';

const SOURCE = 'ZooKeeper Ops';
/** Typing pauses this long before an open file is scanned and its members probed again. */
const DEBOUNCE_MS = 750;

/** The part of the string's line naming `address` (`host:port` or just the host), else the whole string. */
function memberRange(document: vscode.TextDocument, f: FoundConnectString, address: string): vscode.Range {
  const whole = toRange(f.range);
  if (!whole.isSingleLine) return whole;
  const text = document.getText(whole);
  const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  for (const needle of [address, host]) {
    const at = text.indexOf(needle);
    if (at >= 0) return new vscode.Range(whole.start.translate(0, at), whole.start.translate(0, at + needle.length));
  }
  return whole;
}

/**
 * Problems with found connect strings: malformed ones (the validator's message) in every scanned
 * file, and members that do not answer in files open in the editor (probing only what the user
 * looks at, through the cached HealthLookup).
 */
export class DiscoveryDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('zookeeper-discovery');
  private readonly subscriptions: vscode.Disposable[] = [this.collection];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly scan: WorkspaceScan,
    private readonly lookup: HealthLookup,
    private readonly settings: () => DiscoverySettings,
    healthChanged: vscode.Event<void>,
  ) {
    this.subscriptions.push(
      scan.onDidChange(() => this.fromScan()),
      // A member going down or coming back while its file is on screen moves the squiggle then, not on the next edit.
      healthChanged(() => {
        for (const editor of vscode.window.visibleTextEditors) this.schedule(editor.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.fromScanFor(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  /** Diagnostics of a file, for tests. */
  of(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private malformed(list: readonly FoundConnectString[]): vscode.Diagnostic[] {
    return list
      .filter((f) => f.error !== undefined)
      .map((f) => {
        const d = new vscode.Diagnostic(toRange(f.range), `ZooKeeper connect string: ${f.error}`, vscode.DiagnosticSeverity.Error);
        d.source = SOURCE;
        return d;
      });
  }

  private isOpen(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }

  private fromScan(): void {
    const byFile = new Map<string, FoundConnectString[]>();
    for (const f of this.scan.found) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    this.collection.forEach((uri) => {
      if (!byFile.has(uri.toString()) && !this.isOpen(uri)) this.collection.delete(uri);
    });
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.parse(file);
      if (!this.isOpen(uri)) this.collection.set(uri, this.malformed(list));
    }
  }

  private fromScanFor(uri: vscode.Uri): void {
    const list = this.scan.found.filter((f) => f.file === uri.toString());
    if (list.length) this.collection.set(uri, this.malformed(list));
    else this.collection.delete(uri);
  }

  private schedule(document: vscode.TextDocument): void {
    if (vscode.languages.match(DISCOVERY_SELECTOR, document) === 0) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.check(document), DEBOUNCE_MS),
    );
  }

  /** Re-checks an open document now; resolves when its diagnostics are set. */
  async check(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.timers.delete(key);
    const settings = this.settings();
    if (!settings.enabled || document.isClosed) {
      this.collection.delete(document.uri);
      return;
    }
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    const found = foundIn(document, settings.caps.maxFileBytes);
    const diagnostics = this.malformed(found);
    this.collection.set(document.uri, diagnostics);
    const usable = found.filter(isUsable);
    const answers = await Promise.all(
      usable.map((f) =>
        this.lookup(f.connectString).then(
          (h) => ({ f, h }),
          () => undefined,
        ),
      ),
    );
    if (this.generation.get(key) !== generation || document.isClosed) return; // an edit came in meanwhile
    for (const answer of answers) {
      if (!answer) continue;
      for (const m of answer.h.unreachable) {
        const d = new vscode.Diagnostic(
          memberRange(document, answer.f, m.address),
          `ZooKeeper member ${m.address} is unreachable (${m.condition}): ${m.reason}`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = SOURCE;
        diagnostics.push(d);
      }
    }
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.subscriptions) d.dispose();
  }
}
