/** Zero-based positions and ranges, the same convention as LSP (UTF-16 code units per line). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(start: Position, end: Position): Range {
  return { start, end };
}

/** Orders positions: negative when a comes first. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function contains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

/** Splits text into lines on \n, \r\n or \r, as java.util.Properties does. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
