import type { MemberSeries, SeriesBlock } from '../src/shared/dashboardProtocol';

/*
 * The webview's copy of the series and the arrays uPlot draws. Members are sampled at slightly
 * different times, so a chart's x axis is the union of every member's times; a member's value is
 * `undefined` where it has no sample (uPlot draws through it) and `null` right after a sample
 * followed by a long silence (uPlot breaks the line there: the member stopped answering).
 * Pure data, no DOM: unit-testable in Node.
 */

/** What uPlot takes: x, then one array per drawn line. */
export type AlignedData = [number[], ...(number | null | undefined)[][]];

/** A shared x axis: times, where each time is, and each member's gaps (computed once per axis). */
export interface Axis {
  readonly x: number[];
  readonly position: Map<number, number>;
  readonly gaps: Map<string, number[]>;
}

interface Held {
  t: number[];
  values: (number | null)[][];
}

export class SeriesCache {
  private readonly members = new Map<string, Held>();
  intervalMs = 2000;

  constructor(private readonly keyCount: number) {}

  /** Replaces everything (a snapshot). */
  reset(block: SeriesBlock): void {
    this.members.clear();
    this.intervalMs = block.intervalMs;
    for (const m of block.members) this.members.set(m.member, { t: [...m.t], values: m.values.map((v) => [...v]) });
  }

  /** Adds newer points (an append); points not newer than a member's last are ignored. */
  append(block: SeriesBlock): void {
    for (const m of block.members) this.appendMember(m);
  }

  private appendMember(m: MemberSeries): void {
    let held = this.members.get(m.member);
    if (!held) {
      held = { t: [], values: Array.from({ length: this.keyCount }, () => []) };
      this.members.set(m.member, held);
    }
    const last = held.t.length > 0 ? held.t[held.t.length - 1]! : Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m.t.length; i++) {
      if (m.t[i]! <= last) continue;
      held.t.push(m.t[i]!);
      for (let k = 0; k < this.keyCount; k++) held.values[k]!.push(m.values[k]?.[i] ?? null);
    }
  }

  /** Drops points older than `since` (a live chart keeps its range, not all of history). */
  trim(since: number): void {
    for (const held of this.members.values()) {
      let cut = 0;
      while (cut < held.t.length && held.t[cut]! < since) cut++;
      if (cut === 0) continue;
      held.t.splice(0, cut);
      for (const v of held.values) v.splice(0, cut);
    }
  }

  memberNames(): string[] {
    return [...this.members.keys()];
  }

  /** Points a member has (any key), for tests and the e2e check. */
  pointCount(member: string): number {
    return this.members.get(member)?.t.length ?? 0;
  }

  /** Last sample time of a member. */
  lastTime(member: string): number | undefined {
    const t = this.members.get(member)?.t;
    return t && t.length > 0 ? t[t.length - 1] : undefined;
  }

  /** The union of `members`' sample times, ascending: one x axis for every chart. */
  axis(members: readonly string[]): Axis {
    const xs = new Set<number>();
    for (const name of members) for (const t of this.members.get(name)?.t ?? []) xs.add(t);
    const x = Float64Array.from(xs).sort();
    const position = new Map<number, number>();
    for (let i = 0; i < x.length; i++) position.set(x[i]!, i);
    return { x: Array.from(x), position, gaps: new Map() };
  }

  /** One member's values of key `key` on `axis`, with gaps marked. */
  line(axis: Axis, member: string, key: number): (number | null | undefined)[] {
    const { x, position } = axis;
    const out = new Array<number | null | undefined>(x.length).fill(undefined);
    const held = this.members.get(member);
    if (!held) return out;
    const values = held.values[key]!;
    for (let j = 0; j < held.t.length; j++) out[position.get(held.t[j]!)!] = values[j];
    let gaps = axis.gaps.get(member);
    if (!gaps) {
      gaps = this.gapsOf(held.t);
      axis.gaps.set(member, gaps);
    }
    for (const gapAt of gaps) {
      // The first union slot after the last sample before the silence: a null there breaks the line.
      const i = position.get(held.t[gapAt]!)! + 1;
      if (i < x.length && x[i]! < held.t[gapAt + 1]!) out[i] = null;
    }
    return out;
  }

  /** x and, for each (member, key index) in `lines` order, the member's values on it. */
  align(members: readonly string[], lines: readonly { member: string; key: number }[], axis = this.axis(members)): AlignedData {
    return [axis.x, ...lines.map(({ member, key }) => this.line(axis, member, key))];
  }

  /**
   * Indexes j where the wait until sample j+1 is far longer than the spacing around it (2.5 times
   * the larger neighbouring step, at least the sample interval): a member that stopped answering.
   * Using the larger neighbour keeps the join of a coarse tier and raw samples unbroken.
   */
  private gapsOf(t: readonly number[]): number[] {
    const gaps: number[] = [];
    for (let j = 0; j + 1 < t.length; j++) {
      const step = t[j + 1]! - t[j]!;
      const before = j > 0 ? t[j]! - t[j - 1]! : 0;
      const after = j + 2 < t.length ? t[j + 2]! - t[j + 1]! : 0;
      const usual = Math.max(this.intervalMs, before, after);
      if (step > 2.5 * usual) gaps.push(j);
    }
    return gaps;
  }
}
