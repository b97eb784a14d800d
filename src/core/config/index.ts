/**
 * zoo.cfg understanding shared by the language server and the CLI: parse, lint, complete, hover.
 * Pure TypeScript, no file system or editor access.
 */
export { lintModel, lintText } from './lint';
export type { LintOptions } from './lint';
export type { Finding, Fix, RelatedInfo, Severity, TextEdit } from './findings';
export { worstSeverity } from './findings';
export { ConfigModel, buildModel, kindFromFileName } from './model';
export type { ConfigKind } from './model';
export { parseConfig, valueSpan } from './parser';
export type { Entry, ParsedConfig } from './parser';
export { parseServerLine } from './serverLine';
export type { ServerLine, ServerAddress } from './serverLine';
export { completeAt } from './completion';
export type { Suggestion } from './completion';
export { hoverAt } from './hover';
export type { HoverInfo } from './hover';
export { ALL_KEYS, PATTERN_KEYS, FOUR_LETTER_WORDS, lookupKey, specFor } from './schema';
export type { KeySpec } from './schema';
export type { Position, Range } from './text';
