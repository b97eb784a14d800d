/**
 * The input bound of zoo.cfg analysis. Real zoo.cfg and dynamic files are a few kilobytes (a
 * 255-member ensemble with comments stays under 64 KB), while analysis costs a few microseconds
 * and some hundred bytes per character (source positions for every value character). Both the
 * CLI and the language server refuse anything larger than this instead of growing without end.
 */
import type { Finding } from './findings';

/** The most bytes (CLI) or UTF-16 units (language server) analysed. */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** The sentence both front ends use for a file over the bound. */
export function configTooLargeMessage(what: string, size?: number): string {
  const seen = size === undefined ? `over ${MAX_CONFIG_BYTES} bytes` : `${size} bytes`;
  return `${what} is ${seen}; zoo.cfg files are kilobytes, so it is not analysed (the limit is ${MAX_CONFIG_BYTES} bytes)`;
}

/** The one finding a too-large document gets, at its first character. */
export function configTooLargeFinding(size: number): Finding {
  return {
    rule: 'file-size',
    severity: 'error',
    message: configTooLargeMessage('this file', size),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}
