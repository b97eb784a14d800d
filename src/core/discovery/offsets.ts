import { Position, Range, pos, range } from '../config/text';

/**
 * Turns character offsets of a text (as the YAML and XML parsers report them) into line/column
 * positions. Lines end at \n, \r\n or \r, as src/core/config's splitLines has it.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return pos(lo, at - this.starts[lo]!);
  }

  range(start: number, end: number): Range {
    return range(this.position(start), this.position(end));
  }

  /** The range of text[start, end) without surrounding blanks or one pair of quotes. */
  trimmedRange(start: number, end: number): Range {
    let a = start;
    let b = end;
    while (a < b && /\s/.test(this.text[a]!)) a++;
    while (b > a && /\s/.test(this.text[b - 1]!)) b--;
    const q = this.text[a];
    if (b - a >= 2 && (q === '"' || q === "'") && this.text[b - 1] === q) {
      a++;
      b--;
    }
    return this.range(a, b);
  }
}
