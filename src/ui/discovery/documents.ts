import * as vscode from 'vscode';
import { CANDIDATE_GLOB, FoundConnectString, scanFile } from '../../core/discovery';
import type { Range } from '../../core/config/text';

/** The files CodeLens, hover and diagnostics look at: the scan's file names, on disk. */
export const DISCOVERY_SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: CANDIDATE_GLOB };

/** The connect strings of an open document as it is now (unsaved edits included), within the size cap. */
export function foundIn(document: vscode.TextDocument, maxBytes: number): FoundConnectString[] {
  const text = document.getText();
  if (text.length > maxBytes) return [];
  return scanFile(document.uri.toString(), text);
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
