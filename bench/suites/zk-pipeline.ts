import { Testbed } from '../../src/core/testbed/testbed';
import { ZkSession } from '../../src/core/zk/session';
import { BenchFigure, BenchSuite, timeIt } from '../harness';

/** Operations per side and round; override with ZKOPS_BENCH_ZK_N. */
const N = Number(process.env.ZKOPS_BENCH_ZK_N ?? 2000);
const ROUNDS = 3;
const CONCURRENCY = 500;

const rate = (ms: number): string => `${Math.round((N / ms) * 1000)}/s`;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join('/');

/** Fails the benchmark if any call failed: a ratio over partial work would mislead. */
function checkAll(outcomes: readonly { ok: boolean }[], what: string): void {
  const failed = outcomes.filter((o) => !o.ok).length;
  if (failed) throw new Error(`${failed} of ${outcomes.length} ${what} failed`);
}

/** Runs both sides `ROUNDS` times, alternating, so drift on a shared machine hits both alike. */
async function compare(
  serial: (round: number) => Promise<void>,
  piped: (round: number) => Promise<void>,
): Promise<{ serial: number[]; piped: number[] }> {
  const times = { serial: [] as number[], piped: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    times.serial.push(await timeIt(() => serial(round)));
    times.piped.push(await timeIt(() => piped(round)));
  }
  return times;
}

function figure(what: string, times: { serial: number[]; piped: number[] }): BenchFigure {
  const serial = median(times.serial);
  const piped = median(times.piped);
  return {
    name: `pipelined ${what} (${CONCURRENCY} in flight) vs one at a time`,
    ratio: serial / piped,
    detail:
      `${N} ${what} per round, median of ${ROUNDS}: one at a time ${serial.toFixed(0)} ms (${rate(serial)}), ` +
      `pipelined ${piped.toFixed(0)} ms (${rate(piped)}); rounds ${list(times.serial)} vs ${list(times.piped)} ms`,
  };
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
      const items = Array.from({ length: N }, (_, i) => i);
      await session.create('/bench');
      for (let round = 0; round < ROUNDS; round++) {
        await session.create(`/bench/serial${round}`);
        await session.create(`/bench/piped${round}`);
      }
      const creates = await compare(
        async (round) => {
          for (const i of items) await session.create(`/bench/serial${round}/n${i}`, Buffer.from(String(i)));
        },
        async (round) => {
          const out = await session.bulk(items, (i) => session.create(`/bench/piped${round}/n${i}`, Buffer.from(String(i))), {
            concurrency: CONCURRENCY,
          });
          checkAll(out, 'pipelined creates');
        },
      );
      const reads = await compare(
        async (round) => {
          for (const i of items) await session.get(`/bench/serial${round}/n${i}`);
        },
        async (round) => {
          const out = await session.bulk(items, (i) => session.get(`/bench/piped${round}/n${i}`), { concurrency: CONCURRENCY });
          checkAll(out, 'pipelined reads');
        },
      );
      return [figure('creates', creates), figure('reads', reads)];
    } finally {
      await session.close();
      await bed.close();
    }
  },
};
