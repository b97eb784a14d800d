/**
 * Znode data in the editor: what kind of bytes a value holds, how to show it in a view, and how
 * to turn the edited text back into the exact bytes. Every view that `viewsFor` offers for a
 * value round-trips it byte for byte (`parseView(renderView(b, v), v)` equals `b`), so opening
 * and saving without an edit never changes a znode.
 */
import { isUtf8 } from 'node:buffer';
import { jsonProblem } from './jsonErrorAt';

/** What a value holds, decided from its bytes alone. */
export type DataKind = 'empty' | 'json' | 'text' | 'binary';

/** How a value is shown in the editor. */
export type DataView = 'text' | 'json' | 'hex' | 'base64';

/** VS Code language ids for the views. */
export type DataLanguageId = 'json' | 'plaintext';

/** Bytes per hex line: the layout hexdump and xxd use. */
export const HEX_BYTES_PER_LINE = 16;
/** Characters per base64 line (MIME's width). */
export const BASE64_LINE_WIDTH = 76;
/** Everything after this on a hex line is the ASCII gutter, ignored when parsing. */
export const HEX_GUTTER_MARK = ';';

/** Edited text that cannot be turned back into bytes; line and column are 1-based. */
export class DataParseError extends Error {
  override readonly name = 'DataParseError';
  constructor(
    readonly view: DataView,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${view} line ${line}, column ${column}: ${reason}`);
  }
}

/** A view asked for a value it would not show faithfully (e.g. binary bytes as text). */
export class DataViewError extends Error {
  override readonly name = 'DataViewError';
}

// Controls other than tab, LF and CR, plus DEL and the C1 range: text that carries these is
// treated as binary so an editor never silently mangles it.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** True when `data` is strict UTF-8 (a BOM is allowed and kept) without control characters. */
export function isText(data: Uint8Array): boolean {
  if (!isUtf8(data)) return false;
  return !CONTROL.test(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
}

/** The text of a value, without a BOM, when it is a JSON object or array; otherwise undefined. */
function jsonBody(text: string): string | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body)?.[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    JSON.parse(body);
    return body;
  } catch {
    return undefined;
  }
}

/** Classifies a value. JSON means an object or array, so `42` or `"x"` stay text. */
export function detectKind(data: Uint8Array): DataKind {
  if (data.byteLength === 0) return 'empty';
  if (!isText(data)) return 'binary';
  return jsonBody(toBuffer(data).toString('utf8')) === undefined ? 'text' : 'json';
}

/** The views that show a value of this kind faithfully, the preferred one first. */
export function viewsFor(kind: DataKind): readonly DataView[] {
  switch (kind) {
    case 'empty':
      return ['text', 'json', 'hex', 'base64'];
    case 'json':
      return ['json', 'text', 'hex', 'base64'];
    case 'text':
      return ['text', 'hex', 'base64'];
    case 'binary':
      return ['hex', 'base64'];
  }
}

/** The view a value opens in. */
export function defaultView(kind: DataKind): DataView {
  return viewsFor(kind)[0] ?? 'hex';
}

/** The editor language of a view. */
/**
 * Whether `view` can show a value of `kind` without changing it: the views `viewsFor` offers, and
 * also text that is not JSON in the JSON view, as it is (its save asks first), so a document kept
 * in that view still reloads after "save anyway".
 */
export function canShow(kind: DataKind, view: DataView): boolean {
  return viewsFor(kind).includes(view) || (view === 'json' && kind === 'text');
}

export function languageIdFor(view: DataView): DataLanguageId {
  return view === 'json' ? 'json' : 'plaintext';
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The text the editor shows for `data` in `view`. Text and JSON views show the value as it is
 * (no reformatting, the BOM kept as U+FEFF) so a save without edits is byte-exact; throws
 * DataViewError when the view cannot show the value faithfully.
 */
export function renderView(data: Uint8Array, view: DataView): string {
  const buf = toBuffer(data);
  switch (view) {
    case 'text':
    case 'json':
      if (!canShow(detectKind(buf), view)) {
        throw new DataViewError(
          `this value is ${detectKind(buf)} data and cannot be shown as ${view} without changing it; use hex or base64`,
        );
      }
      return buf.toString('utf8');
    case 'hex':
      return renderHex(buf);
    case 'base64':
      return renderBase64(buf);
  }
}

/** The bytes for edited `text` in `view`; throws DataParseError naming line and column. */
export function parseView(text: string, view: DataView): Buffer {
  switch (view) {
    case 'text':
      return Buffer.from(text, 'utf8');
    case 'json':
      return parseJsonView(text);
    case 'hex':
      return parseHex(text);
    case 'base64':
      return parseBase64(text);
  }
}

/** Editors hand us bytes: the UTF-8 of `renderView`. */
export function renderViewBytes(data: Uint8Array, view: DataView): Uint8Array {
  return Buffer.from(renderView(data, view), 'utf8');
}

/** Bytes from an editor (UTF-8 of the edited text) back to the value's bytes. */
export function parseViewBytes(edited: Uint8Array, view: DataView): Buffer {
  const buf = toBuffer(edited);
  // The text view's bytes are the value itself: no decode/encode round trip to lose anything.
  return view === 'text' ? Buffer.from(buf) : parseView(buf.toString('utf8'), view);
}

/** `00000000: 48 65 6c 6c 6f  ; Hello` — offset, 16 bytes, gutter of printable ASCII. */
export function renderHex(data: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < data.byteLength; at += HEX_BYTES_PER_LINE) {
    const row = data.subarray(at, Math.min(at + HEX_BYTES_PER_LINE, data.byteLength));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < row.length; i++) {
      const b = row[i] ?? 0;
      hex += (i === 0 ? '' : i === 8 ? '  ' : ' ') + (b < 16 ? '0' : '') + b.toString(16);
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    const width = HEX_BYTES_PER_LINE * 3;
    lines.push(`${at.toString(16).padStart(8, '0')}: ${hex.padEnd(width)} ${HEX_GUTTER_MARK} ${ascii}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** The value of a hex digit's char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Reads hex as `renderHex` writes it, and as people type it: an optional `offset:` prefix (its
 * value is ignored, so inserting bytes needs no renumbering), pairs with or without spaces, and
 * anything after `;` ignored.
 */
export function parseHex(text: string): Buffer {
  const out: number[] = [];
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const full = lines[ln] ?? '';
    const gutter = full.indexOf(HEX_GUTTER_MARK);
    const content = gutter < 0 ? full : full.slice(0, gutter);
    const colon = content.indexOf(':');
    let col = 0;
    if (colon >= 0) {
      const offset = content.slice(0, colon).trim();
      if (!/^[0-9a-fA-F]*$/.test(offset)) throw new DataParseError('hex', ln + 1, 1, `bad offset "${offset}" before ":"`);
      col = colon + 1;
    }
    let pending = -1;
    let pendingCol = 0;
    for (; col < content.length; col++) {
      const c = content.charCodeAt(col);
      if (c === 32 || c === 9 || c === 13) {
        if (pending >= 0) throw new DataParseError('hex', ln + 1, pendingCol + 1, 'a byte needs two hex digits');
        continue;
      }
      const v = hexValue(c);
      if (v < 0)
        throw new DataParseError('hex', ln + 1, col + 1, `"${String.fromCodePoint(content.codePointAt(col) ?? c)}" is not a hex digit`);
      if (pending < 0) {
        pending = v;
        pendingCol = col;
      } else {
        out.push(pending * 16 + v);
        pending = -1;
      }
    }
    if (pending >= 0) throw new DataParseError('hex', ln + 1, pendingCol + 1, 'a byte needs two hex digits');
  }
  return Buffer.from(out);
}

/** Standard base64 in lines of BASE64_LINE_WIDTH, ending with a newline when not empty. */
export function renderBase64(data: Uint8Array): string {
  const b64 = toBuffer(data).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < b64.length; at += BASE64_LINE_WIDTH) lines.push(b64.slice(at, at + BASE64_LINE_WIDTH));
  return lines.length ? lines.join('\n') + '\n' : '';
}

const B64_CHAR = /^[A-Za-z0-9+/]$/;

/** Strict standard base64; whitespace anywhere is ignored; padding must be right. */
export function parseBase64(text: string): Buffer {
  let clean = '';
  let padding = 0;
  let line = 1;
  let column = 0;
  let lastLine = 1;
  let lastCol = 1;
  for (const ch of text) {
    column++;
    if (ch === '\n') {
      line++;
      column = 0;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (ch === '=') {
      padding++;
      if (padding > 2) throw new DataParseError('base64', line, column, 'too much "=" padding');
    } else if (!B64_CHAR.test(ch)) {
      throw new DataParseError('base64', line, column, `"${ch}" is not a base64 character`);
    } else if (padding > 0) {
      throw new DataParseError('base64', line, column, 'data after "=" padding');
    }
    clean += ch;
    lastLine = line;
    lastCol = column;
  }
  if (clean.length % 4 !== 0) {
    throw new DataParseError(
      'base64',
      lastLine,
      lastCol,
      `the length without whitespace (${clean.length}) is not a multiple of 4; missing "=" padding or a truncated value`,
    );
  }
  return Buffer.from(clean, 'base64');
}

/** JSON view: the text as typed, refused when it is not valid JSON (empty means an empty value). */
function parseJsonView(text: string): Buffer {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.slice(bom).trim() !== '') {
    const problem = jsonProblem(text.slice(bom));
    if (problem) {
      const before = text.slice(0, problem.offset + bom);
      const line = before.split('\n').length;
      const column = before.length - (before.lastIndexOf('\n') + 1) + 1;
      throw new DataParseError('json', line, column, `invalid JSON: ${problem.reason}`);
    }
  }
  return Buffer.from(text, 'utf8');
}

/** A short human description: `json, 1.2 KB`, `binary, 14 bytes`. */
export function describeValue(data: Uint8Array): string {
  const n = data.byteLength;
  const size =
    n < 1024 ? `${n} byte${n === 1 ? '' : 's'}` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`;
  return `${detectKind(data)}, ${size}`;
}
