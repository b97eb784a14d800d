import type { Finding, Fix } from '../findings';
import type { ConfigModel } from '../model';
import type { Entry } from '../parser';
import { Range, pos, range } from '../text';

export interface LintOptions {
  /** Overrides detection from the file name. */
  readonly kind?: 'static' | 'dynamic';
  /** File name or path, used to tell dynamic files apart. */
  readonly fileName?: string;
  /** Target release such as "3.8" or "3.6.2"; keys added later or removed earlier are flagged. */
  readonly zookeeperVersion?: string;
  /** Text of the dynamic file the static file names in dynamicConfigFile, when available. */
  readonly dynamicConfigText?: string;
}

export interface RuleContext {
  readonly model: ConfigModel;
  readonly options: LintOptions;
}

/** A rule looks at the whole model and returns its findings. */
export type Rule = (ctx: RuleContext) => Finding[];

/** Deletes an entry's whole lines, continuation lines included. */
export function removeEntryFix(entry: Entry, title = `Remove this ${entry.key} line`): Fix {
  return { title, edits: [{ range: range(pos(entry.firstLine, 0), pos(entry.lastLine + 1, 0)), newText: '' }] };
}

export function renameKeyFix(entry: Entry, name: string, preferred = true): Fix {
  return { title: `Change to ${name}`, edits: [{ range: entry.keyRange, newText: name }], preferred };
}

/** Inserts a new line after the last entry (or at the top of an empty file). */
export function addLineFix(ctx: RuleContext, line: string, title = `Add ${line}`): Fix {
  const entries = ctx.model.entries;
  const last = entries[entries.length - 1];
  const at = last ? pos(last.lastLine + 1, 0) : pos(0, 0);
  const lines = ctx.model.parsed.lines;
  // Past the last line there is no line break to insert after: add one.
  const newText = last && last.lastLine + 1 >= lines.length ? `\n${line}\n` : `${line}\n`;
  const where = last && last.lastLine + 1 >= lines.length ? pos(last.lastLine, (lines[last.lastLine] ?? '').length) : at;
  return { title, edits: [{ range: range(where, where), newText }] };
}

/** Replaces the value of an entry. */
export function setValueFix(entry: Entry, value: string, title = `Set ${entry.key}=${value}`, preferred = false): Fix {
  return { title, edits: [{ range: entry.valueRange, newText: value }], preferred };
}

/** The first line of a file, for findings about something missing. */
export function fileStart(): Range {
  return range(pos(0, 0), pos(0, 0));
}
