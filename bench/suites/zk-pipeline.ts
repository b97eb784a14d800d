import { Testbed } from '../../src/core/testbed/testbed';
import { ZkSession } from '../../src/core/zk/session';
import { BenchFigure, BenchSuite, timeIt } from '../harness';

/** Operations per side; override with ZKOPS_BENCH_ZK_N. */
const N = Number(process.env.ZKOPS_BENCH_ZK_N ?? 3000);
const CONCURRENCY = 500;

const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000)}/s`;

/** Fails the benchmark if any call failed: a ratio over partial work would mislead. */
function checkAll(outcomes: readonly { ok: boolean }[], what: string): void {
  const failed = outcomes.filter((o) => !o.ok).length;
  if (failed) throw new Error(`${failed} of ${outcomes.length} ${what} failed`);
}

/**
 * Pipelining through ZkSession against one request at a time, on a fresh 3-member ensemble:
 * creates (writes go through the leader's quorum) and reads (served by the connected member).
 */
export const zkPipeline: BenchSuite = {
  name: 'zk-pipeline',
  async run(): Promise<BenchFigure[]> {
    const bed = await Testbed.start({ size: 3, adminServer: false, heapMb: 256 });
    const session = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 30_000, requestTimeoutMs: 60_000 });
    try {
      await session.create('/bench');
      await session.create('/bench/serial');
      await session.create('/bench/piped');
      const items = Array.from({ length: N }, (_, i) => i);
      const serialCreateMs = await timeIt(async () => {
        for (const i of items) await session.create(`/bench/serial/n${i}`, Buffer.from(String(i)));
      });
      let created: { ok: boolean }[] = [];
      const pipedCreateMs = await timeIt(async () => {
        created = await session.bulk(items, (i) => session.create(`/bench/piped/n${i}`, Buffer.from(String(i))), { concurrency: CONCURRENCY });
      });
      checkAll(created, 'pipelined creates');
      const serialReadMs = await timeIt(async () => {
        for (const i of items) await session.get(`/bench/serial/n${i}`);
      });
      let read: { ok: boolean }[] = [];
      const pipedReadMs = await timeIt(async () => {
        read = await session.bulk(items, (i) => session.get(`/bench/piped/n${i}`), { concurrency: CONCURRENCY });
      });
      checkAll(read, 'pipelined reads');
      return [
        {
          name: `pipelined creates (${CONCURRENCY} in flight) vs one at a time`,
          ratio: serialCreateMs / pipedCreateMs,
          detail: `${N} creates each: one at a time ${serialCreateMs.toFixed(0)} ms (${rate(N, serialCreateMs)}), pipelined ${pipedCreateMs.toFixed(0)} ms (${rate(N, pipedCreateMs)})`,
        },
        {
          name: `pipelined reads (${CONCURRENCY} in flight) vs one at a time`,
          ratio: serialReadMs / pipedReadMs,
          detail: `${N} reads each: one at a time ${serialReadMs.toFixed(0)} ms (${rate(N, serialReadMs)}), pipelined ${pipedReadMs.toFixed(0)} ms (${rate(N, pipedReadMs)})`,
        },
      ];
    } finally {
      await session.close();
      await bed.close();
    }
  },
};
