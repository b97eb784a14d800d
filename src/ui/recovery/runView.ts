import * as vscode from 'vscode';
import type { RunbookRun } from './run';
import { runViewMarkdown } from './runViewText';

/** Scheme of the run views: read-only Markdown documents, one per run, refreshed as it goes. */
export const RUNBOOK_SCHEME = 'zkops-runbook';

const MARKDOWN_EXTENSION = 'vscode.markdown-language-features';
/** At most one re-render per this many ms: a verify step logs a line per reading. */
const RENDER_MS = 150;

/**
 * The live run view: the runbook as a checklist with each step's state, the evidence and the log,
 * as a read-only virtual Markdown document shown in the Markdown preview (which renders server text
 * as text: the log escapes Markdown and the preview runs no scripts). Chosen over a webview so the
 * dashboard's webview stays untouched; the dashboard's Recovery section can show the same runs
 * through `RecoveryService`.
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

  /** Follows `run` and shows its view rendered beside the active editor. */
  async show(run: RunbookRun): Promise<vscode.Uri> {
    const uri = this.uriFor(run);
    if (!this.runs.has(run.id)) {
      this.runs.set(run.id, run);
      run.onDidChange(() => this.schedule(run.id, uri));
    }
    // Opening the document makes it known, so later changes reach the preview.
    const document = await vscode.workspace.openTextDocument(uri);
    if (vscode.extensions.getExtension(MARKDOWN_EXTENSION)) {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } else {
      await vscode.window.showTextDocument(document, { preview: false });
    }
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
