import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  MarkupKind,
} from 'vscode-languageserver/node';
import type { Suggestion } from '../core/config/completion';
import type { Finding, Fix } from '../core/config/findings';

/** Diagnostics carry this source so editors and code actions can tell ours apart. */
export const DIAGNOSTIC_SOURCE = 'zoocfg';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(f: Finding, uri: string): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.rule,
    message: f.message,
    tags: tags.length ? tags : undefined,
    relatedInformation: f.related?.map((r) => ({ location: { uri, range: r.range }, message: r.message })),
  };
}

export function toCodeAction(fix: Fix, uri: string, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
  };
}

const KIND = { key: CompletionItemKind.Property, value: CompletionItemKind.Value, snippet: CompletionItemKind.Snippet } as const;

export function toCompletionItem(s: Suggestion): CompletionItem {
  return {
    label: s.label,
    kind: KIND[s.kind],
    detail: s.detail,
    documentation: s.documentation ? { kind: MarkupKind.Markdown, value: s.documentation } : undefined,
    textEdit: { range: s.range, newText: s.insertText },
    insertTextFormat: s.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: s.sortText,
    tags: s.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    // The whole key is replaced, so filter on it rather than on the word under the cursor.
    filterText: s.label,
  };
}
