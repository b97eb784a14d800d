import * as vscode from 'vscode';
import type { RunbookRun } from './run';
import { runViewMarkdown } from './runViewText';

/** Scheme of the run views: read-only Markdown documents, one per run, refreshed as it goes. */
export const RUNBOOK_SCHEME = 'zkops-runbook';

/** At most one re-render per this many ms: a verify step logs a line per reading. */
const RENDER_MS = 150;
/** Run views kept (a closed one reopens from its URI while kept). */
const MAX_RUNS = 50;
/** How long an update may take to reach the document before the next is sent anyway. */
const LANDING_MS = 2000;
/** Times in a row an update is sent again while the document shows something else. */
const MAX_RESENDS = 5;

/** Update state of one run's document. */
interface Refresh {
  readonly uri: vscode.Uri;
  /** Changed since the last update was sent. */
  dirty: boolean;
  /** An update was sent and has not reached the document yet. */
  inFlight: boolean;
  timer: NodeJS.Timeout | undefined;
  /** Updates sent again in a row because the document still showed other text. */
  resent: number;
}

/**
 * The live run view: the runbook as a checklist with each step's state, the evidence and the log,
 * as a read-only virtual Markdown document in a text editor, refreshed as the run goes. Not the
 * Markdown preview: in the workbench a preview that was still loading when the consent modal came
 * up stayed blank (seen in the e2e test); a text editor has no webview to lose, and the preview is
 * one click away (the editor's own "Open Preview"). Not a webview of ours either, so the
 * dashboard's stays untouched; its Recovery section can show the same runs through RecoveryService.
 */
export class RunbookDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly runs = new Map<string, RunbookRun>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(RUNBOOK_SCHEME, this);
  private readonly refreshes = new Map<string, Refresh>();
  // Updates are sent one at a time: the workbench computes each as edits asynchronously, and under
  // load an older update overlapping a newer one was seen landing last (the view stuck on a stale
  // text). The next update goes once the document changed, or after LANDING_MS when it did not.
  private readonly landed = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.scheme !== RUNBOOK_SCHEME) return;
    const refresh = this.refreshes.get(decodeURIComponent(e.document.uri.query));
    if (refresh?.inFlight) this.land(refresh, e.document);
  });

  /** `zkops-runbook:/<cluster> <runbook> <run>.md?<run id>`: the `.md` gives it the Markdown preview. */
  uriFor(run: RunbookRun): vscode.Uri {
    const name = `${run.clusterName} ${run.runbook.id} ${run.id}`.replace(/[/\\?#]/g, '_');
    return vscode.Uri.from({ scheme: RUNBOOK_SCHEME, path: `/${name}.md`, query: encodeURIComponent(run.id) });
  }

  /** The run a run-view URI shows. */
  runOf(uri: vscode.Uri): RunbookRun | undefined {
    return uri.scheme === RUNBOOK_SCHEME ? this.runs.get(decodeURIComponent(uri.query)) : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const run = this.runOf(uri);
    return run
      ? runViewMarkdown(run)
      : '# This runbook run is gone\n\nIts window was reloaded; runs are kept only while the window is open.\n';
  }

  /** Follows `run` and shows its view (without taking the focus from what the user is doing). */
  async show(run: RunbookRun): Promise<vscode.Uri> {
    const uri = this.uriFor(run);
    if (!this.runs.has(run.id)) {
      this.runs.set(run.id, run);
      run.onDidChange(() => this.schedule(run.id, uri));
      // Kept while the window is open, bounded: the oldest ended runs go first.
      for (const [id, old] of this.runs) {
        if (this.runs.size <= MAX_RUNS) break;
        if (old.running) continue;
        this.runs.delete(id);
        clearTimeout(this.refreshes.get(id)?.timer);
        this.refreshes.delete(id);
      }
    }
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
    return uri;
  }

  private schedule(id: string, uri: vscode.Uri): void {
    let refresh = this.refreshes.get(id);
    if (!refresh) {
      refresh = { uri, dirty: false, inFlight: false, timer: undefined, resent: 0 };
      this.refreshes.set(id, refresh);
    }
    refresh.dirty = true;
    if (!refresh.inFlight && !refresh.timer) refresh.timer = setTimeout(() => this.send(refresh), RENDER_MS);
  }

  private send(refresh: Refresh): void {
    refresh.dirty = false;
    refresh.inFlight = true;
    refresh.timer = setTimeout(() => this.land(refresh, this.openDocument(refresh.uri)), LANDING_MS);
    this.changed.fire(refresh.uri);
  }

  /**
   * An update reached the document, or did not in time. The workbench drops an update whose edits
   * it could not compute, and one overtaken by another; when the document then shows other text
   * than the run's latest, it is sent again (a bounded number of times), or the last step of a run
   * could stay "running" on screen forever.
   */
  private land(refresh: Refresh, document: vscode.TextDocument | undefined): void {
    clearTimeout(refresh.timer);
    refresh.inFlight = false;
    const stale = document !== undefined && !document.isClosed && document.getText() !== this.provideTextDocumentContent(refresh.uri);
    if (stale && !refresh.dirty && refresh.resent < MAX_RESENDS) {
      refresh.resent++;
      refresh.dirty = true;
    } else if (!stale) {
      refresh.resent = 0;
    }
    refresh.timer = refresh.dirty ? setTimeout(() => this.send(refresh), RENDER_MS) : undefined;
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  dispose(): void {
    for (const refresh of this.refreshes.values()) clearTimeout(refresh.timer);
    this.refreshes.clear();
    this.landed.dispose();
    this.registration.dispose();
    this.changed.dispose();
  }
}
