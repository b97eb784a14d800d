import { Position, Range, pos, range, splitLines } from './text';

/**
 * One `key=value` entry, read the way java.util.Properties reads zoo.cfg, with the source
 * positions rules need for precise diagnostics and edits.
 */
export interface Entry {
  /** Index among the file's entries. */
  readonly index: number;
  /** Decoded key (escapes resolved), as ZooKeeper sees it after trim(). */
  readonly key: string;
  /** Decoded value with continuation lines joined and trailing blanks dropped (ZooKeeper trims). */
  readonly value: string;
  /** The value as written, continuation backslashes and escapes included. */
  readonly rawValue: string;
  /** `=`, `:`, or ' ' when only blanks separate key and value; '' when there is no value. */
  readonly separator: '=' | ':' | ' ' | '';
  readonly keyRange: Range;
  readonly valueRange: Range;
  /** From the key's first character to the end of the entry's last physical line. */
  readonly range: Range;
  /** First and last physical line (they differ for continued lines). */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Source position of each decoded value character, plus one for the end of the value. */
  readonly valueMap: readonly Position[];
}

export interface Comment {
  readonly line: number;
  /** Text after the leading # or !, trimmed. */
  readonly text: string;
  readonly range: Range;
}

export interface ParsedConfig {
  readonly entries: readonly Entry[];
  readonly comments: readonly Comment[];
  readonly lines: readonly string[];
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** A cursor over the physical lines of one logical line, decoding escapes as Properties does. */
class LogicalLine {
  private line: number;
  private col: number;

  constructor(
    private readonly lines: readonly string[],
    start: number,
    col: number,
  ) {
    this.line = start;
    this.col = col;
  }

  get position(): Position {
    return pos(this.line, this.col);
  }

  get currentLine(): number {
    return this.line;
  }

  /** The next raw character, moving onto a continuation line when the line ends in a backslash. */
  private peekRaw(): string | undefined {
    const text = this.lines[this.line] ?? '';
    if (this.col < text.length) return text[this.col];
    return undefined;
  }

  /** True when the rest of the current physical line is a continuation backslash. */
  private atContinuation(): boolean {
    const text = this.lines[this.line] ?? '';
    return this.col === text.length - 1 && text[this.col] === '\\' && endsWithOddBackslashes(text) && this.line + 1 < this.lines.length;
  }

  private continueLine(): void {
    this.line++;
    const text = this.lines[this.line] ?? '';
    this.col = 0;
    while (this.col < text.length && isBlank(text[this.col]!)) this.col++;
  }

  /** Reads one decoded character with its source position; undefined at the end of the logical line. */
  next(): { ch: string; at: Position; escaped: boolean } | undefined {
    for (;;) {
      if (this.atContinuation()) {
        this.continueLine();
        continue;
      }
      const raw = this.peekRaw();
      if (raw === undefined) return undefined;
      const at = this.position;
      const text = this.lines[this.line]!;
      if (raw !== '\\') {
        this.col++;
        return { ch: raw, at, escaped: false };
      }
      const esc = text[this.col + 1];
      if (esc === undefined) {
        // A lone backslash at the very end of the file: Properties drops it.
        this.col++;
        return undefined;
      }
      if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(this.col + 2, this.col + 6))) {
        this.col += 6;
        return { ch: String.fromCharCode(parseInt(text.slice(this.col - 4, this.col), 16)), at, escaped: true };
      }
      this.col += 2;
      return { ch: ESCAPES[esc] ?? esc, at, escaped: true };
    }
  }

  peekChar(): string | undefined {
    if (this.atContinuation()) return '\\';
    return this.peekRaw();
  }

  skipBlanks(): void {
    for (;;) {
      if (this.atContinuation()) {
        this.continueLine();
        continue;
      }
      const raw = this.peekRaw();
      if (raw === undefined || !isBlank(raw)) return;
      this.col++;
    }
  }
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\f';
}

function endsWithOddBackslashes(text: string): boolean {
  let n = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Parses zoo.cfg text. Never throws: every line is either a comment, blank or an entry. */
export function parseConfig(text: string): ParsedConfig {
  const lines = splitLines(text);
  const entries: Entry[] = [];
  const comments: Comment[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    let col = 0;
    while (col < line.length && isBlank(line[col]!)) col++;
    if (col >= line.length) {
      i++;
      continue;
    }
    if (line[col] === '#' || line[col] === '!') {
      comments.push({ line: i, text: line.slice(col + 1).trim(), range: range(pos(i, col), pos(i, line.length)) });
      i++;
      continue;
    }
    const cursor = new LogicalLine(lines, i, col);
    const keyStart = cursor.position;
    let key = '';
    let keyEnd = keyStart;
    let separator: Entry['separator'] = '';
    for (;;) {
      const c = cursor.peekChar();
      if (c === undefined) break;
      if (c === '=' || c === ':' || isBlank(c)) break;
      const read = cursor.next();
      if (!read) break;
      key += read.ch;
      keyEnd = cursor.position;
    }
    cursor.skipBlanks();
    const sep = cursor.peekChar();
    if (sep === '=' || sep === ':') {
      separator = sep;
      cursor.next();
      cursor.skipBlanks();
    } else if (sep !== undefined) {
      separator = ' ';
    }
    const valueStart = cursor.position;
    let value = '';
    const valueMap: Position[] = [];
    let valueEnd = valueStart;
    for (;;) {
      const read = cursor.next();
      if (!read) break;
      value += read.ch;
      valueMap.push(read.at);
      valueEnd = cursor.position;
    }
    const lastLine = cursor.currentLine;
    const rawValue = sliceText(lines, valueStart, valueEnd);
    // ZooKeeper trims values; keep the map aligned with the trimmed text.
    const trimmed = value.replace(/\s+$/, '');
    valueMap.length = trimmed.length;
    const endOfValue = trimmed.length ? after(lines, valueMap[trimmed.length - 1]!) : valueStart;
    valueMap.push(endOfValue);
    entries.push({
      index: entries.length,
      key: key.trim(),
      value: trimmed,
      rawValue,
      separator,
      keyRange: range(keyStart, keyEnd),
      valueRange: range(valueStart, endOfValue),
      range: range(keyStart, pos(lastLine, (lines[lastLine] ?? '').length)),
      firstLine: i,
      lastLine,
      valueMap,
    });
    i = lastLine + 1;
  }
  return { entries, comments, lines };
}

/** The position just after the source character (or escape sequence) that starts at `p`. */
function after(lines: readonly string[], p: Position): Position {
  const text = lines[p.line] ?? '';
  if (text[p.character] !== '\\') return pos(p.line, p.character + 1);
  const next = text[p.character + 1];
  return pos(p.line, p.character + (next === 'u' ? 6 : 2));
}

function sliceText(lines: readonly string[], start: Position, end: Position): string {
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  const parts = [(lines[start.line] ?? '').slice(start.character)];
  for (let l = start.line + 1; l < end.line; l++) parts.push(lines[l] ?? '');
  parts.push((lines[end.line] ?? '').slice(0, end.character));
  return parts.join('\n');
}

/** Source range of decoded value characters [from, to) of an entry. */
export function valueSpan(entry: Entry, from: number, to: number): Range {
  const map = entry.valueMap;
  const last = map.length - 1;
  const a = Math.max(0, Math.min(from, last));
  const b = Math.max(a, Math.min(to, last));
  if (a === b) return range(map[a]!, map[a]!);
  const endChar = map[b - 1]!;
  const end = b === last ? map[last]! : pos(endChar.line, endChar.character + 1);
  return range(map[a]!, end);
}
