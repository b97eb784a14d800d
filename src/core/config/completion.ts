import { ConfigModel } from './model';
import type { Entry } from './parser';
import { ALL_KEYS, FOUR_LETTER_WORDS, KeySpec, PATTERN_KEYS, specFor } from './schema';
import { keyMarkdown, shortDetail } from './docs';
import { Position, Range, pos, range } from './text';

/** A completion proposal independent of the LSP types. */
export interface Suggestion {
  readonly label: string;
  readonly kind: 'key' | 'value' | 'snippet';
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  readonly isSnippet: boolean;
  /** Text the suggestion replaces. */
  readonly range: Range;
  readonly sortText?: string;
  readonly deprecated?: boolean;
}

const KNOWN_CLASSES: Readonly<Record<string, readonly string[]>> = {
  serverCnxnFactory: ['org.apache.zookeeper.server.NettyServerCnxnFactory', 'org.apache.zookeeper.server.NIOServerCnxnFactory'],
  'metricsProvider.className': [
    'org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider',
    'org.apache.zookeeper.metrics.impl.DefaultMetricsProvider',
  ],
  watchManagerName: ['org.apache.zookeeper.server.watch.WatchManagerOptimized', 'org.apache.zookeeper.server.watch.WatchManager'],
  'authProvider.N': [
    'org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
    'org.apache.zookeeper.server.auth.X509AuthenticationProvider',
    'org.apache.zookeeper.server.auth.DigestAuthenticationProvider',
  ],
};

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** Where the cursor is on its line: in a key, in a value (of which entry), or in a comment. */
type Place = { readonly where: 'key' } | { readonly where: 'comment' } | { readonly where: 'value'; readonly entry: Entry };

function locate(model: ConfigModel, at: Position): Place {
  const line = model.parsed.lines[at.line] ?? '';
  if (/^\s*[#!]/.test(line)) return { where: 'comment' };
  const entry = model.entries.find((e) => e.firstLine <= at.line && at.line <= e.lastLine);
  if (!entry || entry.separator === '') return { where: 'key' };
  const v = entry.valueRange.start;
  const inValue = at.line > v.line || (at.line === v.line && at.character >= v.character);
  const k = entry.keyRange.end;
  const afterKey = at.line > k.line || (at.line === k.line && at.character > k.character);
  return inValue || afterKey ? { where: 'value', entry } : { where: 'key' };
}

function keyItems(model: ConfigModel, at: Position): Suggestion[] {
  const line = model.parsed.lines[at.line] ?? '';
  const start = line.length - line.trimStart().length;
  const sep = line.search(/[=:]/);
  const end = sep >= 0 ? sep : line.length;
  const r = range(pos(at.line, Math.min(start, at.character)), pos(at.line, Math.max(end, at.character)));
  const hasSeparator = sep >= 0;
  const out: Suggestion[] = [];
  const nextServerId = Math.max(0, ...model.servers.map((s) => s.id ?? 0)) + 1;
  for (const spec of PATTERN_KEYS) {
    if (model.kind === 'dynamic' && !spec.dynamic) continue;
    const snippet = spec.key === 'server.N' ? spec.snippet.replace('${1:1}', `\${1:${nextServerId}}`) : spec.snippet;
    out.push({
      label: spec.key,
      kind: 'snippet',
      detail: 'pattern',
      documentation: keyMarkdown(spec),
      insertText: hasSeparator ? snippet.split('=')[0]! : snippet,
      isSnippet: true,
      range: r,
      sortText: `0${spec.key}`,
    });
  }
  if (model.kind === 'dynamic') return out;
  for (const spec of ALL_KEYS) {
    if (spec.source === 'jvm') continue;
    const present = model.has(spec.key) && !(model.get(spec.key)!.firstLine === at.line);
    const value = spec.default !== undefined && spec.type !== 'path' ? escapeSnippet(spec.default) : '';
    out.push({
      label: spec.key,
      kind: 'key',
      detail: shortDetail(spec),
      documentation: keyMarkdown(spec),
      insertText: hasSeparator ? spec.key : `${spec.key}=\${1:${value}}`,
      isSnippet: !hasSeparator,
      range: r,
      sortText: `${present ? '9' : spec.source === 'config' ? '1' : '2'}${spec.key}`,
      deprecated: !!spec.deprecated,
    });
  }
  return out;
}

function valueChoices(spec: KeySpec, entry: Entry): string[] {
  switch (spec.type) {
    case 'boolean':
      return ['true', 'false'];
    case 'yesno':
      return ['yes', 'no'];
    case 'enum':
      return (spec.values ?? []).filter((v) => v);
    case 'class':
      return [...(KNOWN_CLASSES[spec.key] ?? [])];
    default:
      return entry.key === 'electionAlg' ? ['3'] : [];
  }
}

function valueItems(model: ConfigModel, entry: Entry, at: Position): Suggestion[] {
  const spec = specFor(entry.key);
  if (!spec) return [];
  const whole =
    entry.valueRange.start.line === at.line
      ? range(
          entry.valueRange.start,
          pos(at.line, Math.max(at.character, entry.valueRange.end.line === at.line ? entry.valueRange.end.character : at.character)),
        )
      : range(at, at);
  if (spec.type === 'fourLetterWords') {
    const line = model.parsed.lines[at.line] ?? '';
    let s = at.character;
    while (s > entry.valueRange.start.character && /[A-Za-z*]/.test(line[s - 1]!)) s--;
    let e = at.character;
    while (e < line.length && /[A-Za-z*]/.test(line[e]!)) e++;
    const listed = new Set(entry.value.split(',').map((w) => w.trim()));
    const r = range(pos(at.line, s), pos(at.line, e));
    return [['*', 'every word'] as const, ...Object.entries(FOUR_LETTER_WORDS)]
      .filter(([w]) => !listed.has(w) || line.slice(s, e) === w)
      .map(([w, what]) => ({ label: w, kind: 'value' as const, detail: what, insertText: w, isSnippet: false, range: r }));
  }
  if (entry.key.startsWith('server.')) {
    const colons = entry.value.split(';')[0]!.split(':').length - 1;
    if (colons < 3) return [];
    const line = model.parsed.lines[at.line] ?? '';
    let s = at.character;
    while (s > 0 && /[A-Za-z]/.test(line[s - 1]!)) s--;
    return ['participant', 'observer'].map((w) => ({
      label: w,
      kind: 'value' as const,
      detail: 'role',
      insertText: w,
      isSnippet: false,
      range: range(pos(at.line, s), at),
    }));
  }
  const detail = (v: string): string | undefined => (v === spec.default ? 'default' : undefined);
  return valueChoices(spec, entry).map((v) => ({
    label: v,
    kind: 'value' as const,
    detail: detail(v),
    insertText: v,
    isSnippet: false,
    range: whole,
  }));
}

/** Completion proposals at a position. */
export function completeAt(model: ConfigModel, at: Position): Suggestion[] {
  const place = locate(model, at);
  if (place.where === 'comment') return [];
  if (place.where === 'key') return keyItems(model, at);
  return valueItems(model, place.entry, at);
}
