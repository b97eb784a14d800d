/**
 * JSON reading for AdminServer replies. Jackson writes 64-bit ids (session ids, zxids) as bare
 * integers that JSON.parse would round; integer literals of 16 or more digits are read as digit
 * strings instead, and the parsers turn them into exact hex with BigInt.
 */

const LONG_INTEGER_DIGITS = 16;

function skipDigits(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  return i;
}

/** Wraps long integer literals (outside strings) in quotes. Linear; never throws. */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (!(c >= 0x30 && c <= 0x39) && c !== 0x2d) continue;
    // Scan the whole number token, so digits after a '.' or an exponent are never taken alone.
    const intStart = c === 0x2d ? i + 1 : i;
    const intEnd = skipDigits(text, intStart);
    let end = intEnd;
    let plainInteger = true;
    if (text[end] === '.') {
      plainInteger = false;
      end = skipDigits(text, end + 1);
    }
    if (text[end] === 'e' || text[end] === 'E') {
      plainInteger = false;
      end = skipDigits(text, text[end + 1] === '+' || text[end + 1] === '-' ? end + 2 : end + 1);
    }
    if (plainInteger && intEnd - intStart >= LONG_INTEGER_DIGITS) {
      out += `${text.slice(copiedUpTo, i)}"${text.slice(i, end)}"`;
      copiedUpTo = end;
    }
    i = Math.max(i, end - 1);
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** JSON.parse with long integers kept exact; undefined for text that is not JSON. */
export function parseJsonExact(text: string): unknown {
  try {
    return JSON.parse(quoteLongIntegers(text)) as unknown;
  } catch {
    return undefined;
  }
}
