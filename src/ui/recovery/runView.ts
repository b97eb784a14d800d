import * as vscode from 'vscode';
import type { RunbookRun } from './run';
import { runViewMarkdown } from './runViewText';

/** Scheme of the run views: read-only Markdown documents, one per run, refreshed as it goes. */
export const RUNBOOK_SCHEME = 'zkops-runbook';

/** At most one re-render per this many ms: a verify step logs a line per reading. */
const RENDER_MS = 150;

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
  private readonly timers = new Map<string, NodeJS.Timeout>();

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
    return run ? runViewMarkdown(run) : '# This runbook run is gone\n\nIts window was reloaded; runs are kept only while the window is open.\n';
  }

  /** Follows `run` and shows its view (without taking the focus from what the user is doing). */
  async show(run: RunbookRun): Promise<vscode.Uri> {
    const uri = this.uriFor(run);
    if (!this.runs.has(run.id)) {
      this.runs.set(run.id, run);
      run.onDidChange(() => this.schedule(run.id, uri));
    }
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    return uri;
  }

  private schedule(id: string, uri: vscode.Uri): void {
    if (this.timers.has(id)) return;
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.changed.fire(uri);
      }, RENDER_MS),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.registration.dispose();
    this.changed.dispose();
  }
}
