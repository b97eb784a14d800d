import { Testbed } from '../../src/core/testbed/testbed';
import { mapBounded } from '../../src/core/zk/limiter';
import { ZkSession } from '../../src/core/zk/session';
import { ListingCache } from '../../src/ui/explorer/listings';
import { PAGE_SIZE } from '../../src/ui/explorer/paging';
import { BenchFigure, BenchSuite, timeIt } from '../harness';

/** Children under one parent; override with ZKOPS_BENCH_WIDE_N. */
const N = Number(process.env.ZKOPS_BENCH_WIDE_N ?? 300_000);
const PARENT = '/wide';
/** Creates per multi: ~70 KB requests, far below jute.maxbuffer. */
const BATCH = 1000;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Fills PARENT with N children in transactions of BATCH creates, a few in flight. */
async function fill(zk: ZkSession): Promise<void> {
  await zk.create(PARENT);
  const batches = Array.from({ length: Math.ceil(N / BATCH) }, (_, b) => b);
  const outcomes = await mapBounded(
    batches,
    async (b) => {
      const ops = Array.from({ length: Math.min(BATCH, N - b * BATCH) }, (_, i) => ({
        op: 'create' as const,
        path: `${PARENT}/node-${b * BATCH + i}`,
      }));
      const outcome = await zk.multi(ops, { timeoutMs: 60_000 });
      if (!outcome.committed) throw outcome.error ?? new Error('multi not committed');
    },
    { concurrency: 4 },
  );
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length) throw new Error(`${failed.length} create batches failed`);
}

/**
 * The tree's first page of a parent with 300k children (one getChildren, a natural sort, 500
 * pipelined stats) against the 1 s budget, and against what a browser without paging pays:
 * stat every child before showing any.
 */
export const explorerPaging: BenchSuite = {
  name: 'explorer-paging',
  async run(): Promise<BenchFigure[]> {
    const bed = await Testbed.start({ size: 1, heapMb: 768 });
    const zk = await ZkSession.connect(bed.connectString, { requestTimeoutMs: 60_000 });
    try {
      const fillMs = await timeIt(() => fill(zk));
      const firstPage: number[] = [];
      for (let round = 0; round < 3; round++) {
        const cache = new ListingCache({ sessionFor: async () => zk });
        firstPage.push(await timeIt(() => cache.rows('bench', PARENT, PAGE_SIZE)));
      }
      const { children } = await zk.children(PARENT);
      const statAll = await timeIt(() => mapBounded(children, (c) => zk.exists(`${PARENT}/${c}`), { concurrency: 1000 }));
      const page = median(firstPage);
      return [
        {
          name: `first page of ${N.toLocaleString('en-US')} children vs the 1 s budget`,
          ratio: page / 1000,
          goal: '<= 1x',
          detail:
            `first page (list + natural sort + ${PAGE_SIZE} stats), 3 rounds: ` +
            `${firstPage.map((t) => t.toFixed(0)).join('/')} ms; filling took ${(fillMs / 1000).toFixed(1)} s`,
        },
        {
          name: 'stat-every-child before showing anything vs the first page',
          ratio: statAll / page,
          detail: `stat all ${N.toLocaleString('en-US')} children pipelined (1000 in flight): ${statAll.toFixed(0)} ms; first page ${page.toFixed(0)} ms`,
        },
      ];
    } finally {
      await zk.close();
      await bed.close();
    }
  },
};
