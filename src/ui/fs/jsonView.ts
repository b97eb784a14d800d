import * as vscode from 'vscode';
import type { DataView } from '../../core/znodes/codec';
import { ZK_SCHEME } from '../explorer/zkUri';

/**
 * Asked before a JSON-view document whose text does not parse is saved; resolves true to save the
 * text as it is. Replaceable (the host tests answer it), so never a hidden global.
 */
export type InvalidJsonPrompt = (znodePath: string, problem: string) => Promise<boolean>;

const SAVE_ANYWAY = 'Save Anyway';

/** The default prompt: a modal warning; Save Anyway writes the text as typed, Cancel keeps it unsaved. */
export const askSaveInvalidJson: InvalidJsonPrompt = async (znodePath, problem) => {
  const answer = await vscode.window.showWarningMessage(
    `${znodePath} is open as JSON, but the text is not valid JSON: ${problem}. Save it anyway (as text)?`,
    { modal: true, detail: 'Readers of this znode that expect JSON will fail to parse it.' },
    SAVE_ANYWAY,
  );
  return answer === SAVE_ANYWAY;
};

/**
 * Keeps the JSON language on znode documents shown in the JSON view. VS Code picks a language by
 * file name when a document (re)opens, and a znode URI has no `.json`, so without this a document
 * reopened by a revert, a reload or the editor history would come back as Plain Text.
 */
export function keepJsonLanguage(viewOf: (uri: vscode.Uri) => DataView | undefined, openedByCommand: (uri: vscode.Uri) => boolean): vscode.Disposable {
  const apply = (doc: vscode.TextDocument): void => {
    // A command that opens the document sets the language itself: two changes at once would close
    // and reopen the document twice under it (setTextDocumentLanguage reopens the document).
    if (doc.uri.scheme !== ZK_SCHEME || doc.languageId !== 'plaintext' || openedByCommand(doc.uri)) return;
    if (viewOf(doc.uri) === 'json') void vscode.languages.setTextDocumentLanguage(doc, 'json');
  };
  vscode.workspace.textDocuments.forEach(apply);
  return vscode.workspace.onDidOpenTextDocument(apply);
}
