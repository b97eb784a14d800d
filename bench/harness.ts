/**
 * Benchmarks report ratios against a baseline measured in the same run, because the machine is
 * shared and noisy: absolute times mean little, ratios mean more.
 */
export interface BenchFigure {
  /** What was measured, e.g. "pipelined creates vs one-at-a-time". */
  readonly name: string;
  /** The candidate's throughput or time divided by the baseline's, with `unit` saying which. */
  readonly ratio: number;
  /** Human-readable detail: the raw figures of both sides. */
  readonly detail: string;
  /** Optional goal, e.g. ">= 10x". */
  readonly goal?: string;
}

export interface BenchSuite {
  readonly name: string;
  run(): Promise<BenchFigure[]>;
}

/** Wall time of `fn` in milliseconds. */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function formatFigure(f: BenchFigure): string {
  const goal = f.goal ? `  (goal ${f.goal})` : '';
  return `${f.name}: ${f.ratio.toFixed(2)}x${goal}\n    ${f.detail}`;
}
