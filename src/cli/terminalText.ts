/**
 * What `zkops` prints on a terminal comes partly from servers (probe reasons, znode names, error
 * texts) and files (lint echoes config lines). A control character in there would be obeyed by
 * the terminal: ESC starts colour changes, screen clears and window-title sequences, CR
 * overwrites the line, a C1 CSI (U+009B) does what ESC [ does, and bidirectional overrides make
 * text read differently from what it is. So every text line goes through `escapeTerminal` on its
 * way out (main.ts does it for every command); raw bytes asked for on purpose (`get`) do not.
 */

/**
 * C0 controls except tab and newline, DEL, C1 controls, line/paragraph separators and the
 * bidirectional embedding, override and isolate characters.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every unsafe character written as `\uXXXX`, the JSON escape, so escaped JSON
 * output stays valid JSON meaning the same thing. Newlines and tabs are kept.
 */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
