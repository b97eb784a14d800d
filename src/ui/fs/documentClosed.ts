import * as vscode from 'vscode';

/**
 * onDidCloseTextDocument without language changes. Setting a document's language (Open as JSON
 * does) makes VS Code close and reopen the same document at once, still listed as open: what a
 * document read and watches must outlive that, so only a document no longer open counts as closed.
 */
export function onDocumentClosed(listener: (doc: vscode.TextDocument) => void): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument((doc) => {
    if (!vscode.workspace.textDocuments.includes(doc)) listener(doc);
  });
}
