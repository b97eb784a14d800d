import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExporterMetrics } from '../../src/core/exporter/exporterMetrics';
import { parseMntr } from '../../src/core/ensemble/parsers/mntr';
import { buildReport } from '../../src/core/health/report';
import { EnsembleSnapshot } from '../../src/core/health/types';
import { BenchFigure, BenchSuite } from '../harness';

const ROUNDS = Number(process.env.ZKOPS_BENCH_EXPORTER_ROUNDS ?? 200);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A fixture file; beside this file under tsx, from the repository root when bundled. */
function fixture(...parts: string[]): string {
  const dirs = [path.resolve(__dirname, '..', '..', 'test', 'fixtures'), path.resolve(process.cwd(), 'test', 'fixtures')];
  const dir = dirs.find((d) => fs.existsSync(path.join(d, ...parts)))!;
  return fs.readFileSync(path.join(dir, ...parts), 'utf8');
}

function msOf(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function msOfAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * What `zkops exporter` adds for 5 members (a recorded 3.8 ensemble with ~2,500 mntr values): the
 * update after each poll and the rendering of each scrape, against what reading those members
 * costs anyway: parsing their five full mntr replies (baseline, same run, interleaved).
 */
export const exporter: BenchSuite = {
  name: 'exporter',
  async run(): Promise<BenchFigure[]> {
    const snapshot = JSON.parse(fixture('health', 'five-with-observer.json')) as EnsembleSnapshot;
    const replies = [
      fixture('4lw', '3.8.0', 'leader.mntr.txt'),
      ...Array.from({ length: 4 }, () => fixture('4lw', '3.8.0', 'follower.mntr.txt')),
    ];
    const report = buildReport(snapshot);
    const metrics = new ExporterMetrics();
    const parses: number[] = [];
    const updates: number[] = [];
    const scrapes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      parses.push(msOf(() => replies.map((r) => parseMntr(r))));
      updates.push(msOf(() => metrics.update(report)));
      scrapes.push(await msOfAsync(async () => (bytes = (await metrics.text()).length)));
    }
    const base = median(parses);
    const detail = (xs: number[]): string =>
      `median ${median(xs).toFixed(2)} ms vs parsing 5 mntr replies ${base.toFixed(2)} ms over ${ROUNDS} rounds`;
    return [
      { name: 'exporter update per poll, 5 members (x parsing their mntr)', ratio: median(updates) / base, detail: detail(updates) },
      {
        name: 'exporter /metrics render per scrape, 5 members (x parsing their mntr)',
        ratio: median(scrapes) / base,
        detail: `${detail(scrapes)}; ${(bytes / 1024).toFixed(0)} KB of text`,
      },
    ];
  },
};
