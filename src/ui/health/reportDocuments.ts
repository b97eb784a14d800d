import * as vscode from 'vscode';

/** Scheme of the health report documents: read-only, one per cluster, refreshed in place. */
export const REPORT_SCHEME = 'zkops-report';

const MARKDOWN_EXTENSION = 'vscode.markdown-language-features';

/** What a report document names: the cluster's stable id and its display name. */
export interface ReportTarget {
  readonly id: string;
  readonly name: string;
}

/**
 * The health reports as read-only virtual markdown documents, one per cluster (its URI is built
 * from the cluster id), shown in the Markdown preview. A re-run replaces the text of the same
 * document, so reports never pile up as unsaved Untitled documents.
 */
export class HealthReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);

  /** `zkops-report:/<name> health.md?<id>`: the `.md` gives it the markdown language and preview. */
  uriFor(target: ReportTarget): vscode.Uri {
    const name = target.name.replace(/[/\\?#]/g, '_');
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name} health.md`, query: encodeURIComponent(target.id) });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# No health report yet\n\nRun **ZooKeeper: Run Health Check**.\n';
  }

  /**
   * Sets the cluster's report text and shows it rendered (the Markdown preview, which follows the
   * document as it changes). An open document takes the new text asynchronously: VS Code diffs
   * it in the workbench and then raises onDidChangeTextDocument.
   */
  async show(target: ReportTarget, markdown: string): Promise<vscode.TextDocument> {
    const uri = this.uriFor(target);
    this.texts.set(uri.toString(), markdown);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    // The built-in Markdown extension activates on this command (it is not listed before that);
    // without it (disabled), the document is shown as text: still one, still read-only.
    if (vscode.extensions.getExtension(MARKDOWN_EXTENSION)) {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } else {
      await vscode.window.showTextDocument(document, { preview: false });
    }
    return document;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
