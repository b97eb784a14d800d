/**
 * Small value readers shared by the parsers. Each returns null for anything it does not
 * recognise, so a field that changed format between ZooKeeper versions becomes "unknown", never a
 * wrong number or an exception.
 */

/** Replies are split into at most this many lines; longer text is beyond any real reply. */
export const MAX_LINES = 200_000;

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const HEX = /^0x[0-9a-fA-F]{1,16}$/;
const DECIMAL_INTEGER = /^\d{1,20}$/;

/** The lines of a reply, without `\r`, bounded in count. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n', MAX_LINES);
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** A finite number written in decimal (`12`, `-1`, `6.8`, `1e3`), else null. */
export function numberOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** An integer (as numberOf, but rejecting fractions). */
export function integerOf(text: string | undefined): number | null {
  const value = numberOf(text);
  return value !== null && Number.isInteger(value) ? value : null;
}

/**
 * A 64-bit id (zxid, session id, cxid) as lower-case `0x…` hex without leading zeros, from either
 * `0x1000006bca50000` (4lw) or a decimal integer (AdminServer JSON). Exact: never goes through a
 * float, because session ids exceed 2^53.
 */
export function hexIdOf(value: unknown): string | null {
  let big: bigint;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (HEX.test(trimmed)) big = BigInt(trimmed);
    else if (DECIMAL_INTEGER.test(trimmed)) big = BigInt(trimmed);
    else return null;
  } else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    big = BigInt(value);
  } else if (typeof value === 'bigint' && value >= 0n) {
    big = value;
  } else {
    return null;
  }
  if (big >= 1n << 64n) return null;
  return `0x${big.toString(16)}`;
}

/** The `count` numbers of `a/b/c` (latency min/avg/max, proposal sizes last/min/max), else null. */
export function slashedNumbers(text: string | undefined, count: number): number[] | null {
  if (text === undefined) return null;
  const parts = text.trim().split('/');
  if (parts.length !== count) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const value = numberOf(part);
    if (value === null) return null;
    numbers.push(value);
  }
  return numbers;
}

/** A JSON value as a finite number (numbers, or numeric strings from exact-integer parsing). */
export function jsonNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return numberOf(value);
  return null;
}

export function jsonString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function jsonBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
