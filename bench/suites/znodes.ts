/**
 * The znode core's figures, on one 3-member ensemble filled once per run:
 * - the first page of a 300k-child parent (list + natural selection + 500 pipelined stats) against a
 *   bare full getChildren of the same parent;
 * - export of a 100k-node subtree, pipelined, against a serial traversal (one request at a time),
 *   medians of alternating rounds, with the requests per node the server counted, and the same
 *   export with multiRead off;
 * - a name search over that subtree against the 20k nodes/s goal;
 * - restore of that export against raw pipelined creates of the same nodes.
 */
import { sendFourLetterWord } from '../../src/core/ensemble/fourLetterWord';
import { Testbed } from '../../src/core/testbed/testbed';
import { mapBounded } from '../../src/core/zk/limiter';
import type { MultiOp } from '../../src/core/zk/multi';
import { ZkSession } from '../../src/core/zk/session';
import { ChildPages, fetchChildDetails } from '../../src/core/znodes/childPages';
import { ExportDocument, targetPath } from '../../src/core/znodes/exportFormat';
import { exportTree } from '../../src/core/znodes/exporter';
import { importTree } from '../../src/core/znodes/importer';
import { searchTree } from '../../src/core/znodes/search';
import { BenchFigure, BenchSuite, timeIt } from '../harness';

const WIDE = Number(process.env.ZKOPS_BENCH_ZNODES_WIDE ?? 300_000);
const DIRS = Number(process.env.ZKOPS_BENCH_ZNODES_DIRS ?? 100);
const LEAVES = 1000;
/** Folders of the export tree walked one request at a time (the serial side is slow by nature). */
const SERIAL_DIRS = 5;
const EXPORT_ROUNDS = 3;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;

/** Requests the member `zk` is connected to has received so far (srvr's counter). */
async function received(bed: Testbed, zk: ZkSession): Promise<number> {
  const member = bed.members.find((m) => m.ports.client === zk.server?.port);
  const reply = member ? await sendFourLetterWord('127.0.0.1', member.ports.client, 'srvr', { timeoutMs: 5000 }) : undefined;
  const count = reply?.ok ? /Received: (\d+)/.exec(reply.text)?.[1] : undefined;
  if (!count) throw new Error('srvr gave no request count');
  return Number(count);
}

/** Runs `fn` and counts the requests the connected member received meanwhile. */
async function counted<T>(bed: Testbed, zk: ZkSession, fn: () => Promise<T>): Promise<{ value: T; ms: number; requests: number }> {
  const before = await received(bed, zk);
  let value: T | undefined;
  const ms = await timeIt(async () => {
    value = await fn();
  });
  return { value: value as T, ms, requests: (await received(bed, zk)) - before };
}

/** Creates `paths` (parents before children within the list) in multis of 1000, a few in flight. */
async function fill(zk: ZkSession, paths: readonly string[], data: (p: string) => Buffer): Promise<void> {
  const batches: MultiOp[][] = [];
  for (let i = 0; i < paths.length; i += 1000)
    batches.push(paths.slice(i, i + 1000).map((path) => ({ op: 'create', path, data: data(path) })));
  const outcomes = await mapBounded(
    batches,
    async (ops) => {
      const outcome = await zk.multi(ops, { timeoutMs: 120_000 });
      if (!outcome.committed) throw outcome.error ?? new Error('fill: multi not committed');
    },
    { concurrency: 4 },
  );
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw failed.error;
}

/** What a browser without pipelining does: for each node, get, getAcl and getChildren in turn. */
async function serialExport(zk: ZkSession, root: string): Promise<number> {
  let count = 0;
  const stack = [root];
  while (stack.length) {
    const path = stack.pop()!;
    await zk.get(path);
    await zk.getAcl(path);
    const { children } = await zk.children(path);
    for (const c of children) stack.push(`${path}/${c}`);
    count++;
  }
  return count;
}

async function firstPageFigure(zk: ZkSession): Promise<BenchFigure> {
  const names = Array.from({ length: WIDE }, (_, i) => `/wide/lock-${String(i).padStart(10, '0')}`);
  await zk.create('/wide');
  const fillMs = await timeIt(() => fill(zk, names, () => Buffer.alloc(0)));
  const page: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 3; round++) {
    bare.push(await timeIt(() => zk.children('/wide', undefined, { timeoutMs: 60_000 })));
    page.push(
      await timeIt(async () => {
        const pages = await ChildPages.load(zk, '/wide', { timeoutMs: 60_000 });
        await fetchChildDetails(zk, '/wide', pages.page(0).names);
      }),
    );
  }
  return {
    name: `first page of ${WIDE.toLocaleString('en-US')} children vs a bare full getChildren`,
    ratio: median(page) / median(bare),
    goal: '<= 3x (the page adds a selection of the 500 smallest names and 500 stats to one listing)',
    detail:
      `first page (getChildren + natural selection + 500 pipelined stats) ${page.map((t) => t.toFixed(0)).join('/')} ms; ` +
      `bare getChildren ${bare.map((t) => t.toFixed(0)).join('/')} ms; filled in ${(fillMs / 1000).toFixed(1)} s (multis of 1000)`,
  };
}

export const znodes: BenchSuite = {
  name: 'znodes',
  async run(): Promise<BenchFigure[]> {
    const bed = await Testbed.start({ size: 3, heapMb: 512 });
    const zk = await ZkSession.connect(bed.connectString, { requestTimeoutMs: 60_000 });
    try {
      const figures = [await firstPageFigure(zk)];

      const tree = ['/exp', ...Array.from({ length: DIRS }, (_, d) => `/exp/d${d}`)];
      for (let d = 0; d < DIRS; d++) for (let j = 0; j < LEAVES; j++) tree.push(`/exp/d${d}/n${j}`);
      await fill(zk, tree, (p) => Buffer.from(`value of ${p}`));
      const total = tree.length;

      // Alternating rounds, medians: one round of each moved 9.7x-11.8x between runs here.
      const piped: { ms: number; requests: number }[] = [];
      const serial: { ms: number; count: number }[] = [];
      let doc: ExportDocument | undefined;
      for (let round = 0; round < EXPORT_ROUNDS; round++) {
        const run = await counted(bed, zk, () => exportTree(zk, '/exp'));
        doc = run.value.document;
        if (doc.count !== total) throw new Error(`export saw ${doc.count} of ${total} nodes`);
        piped.push(run);
        let count = 0;
        const ms = await timeIt(async () => {
          for (let d = 0; d < SERIAL_DIRS; d++) count += await serialExport(zk, `/exp/d${d}`);
        });
        serial.push({ ms, count });
      }
      // The same export with every read on its own: what multiRead adds, beside pipelining.
      const single = await ZkSession.connect(bed.connectString, { requestTimeoutMs: 60_000, multiRead: false });
      const unbatched = await counted(bed, single, () => exportTree(single, '/exp')).finally(() => single.close());
      const pipelinedMs = median(piped.map((r) => r.ms));
      const serialCount = serial[0]!.count;
      const serialMs = median(serial.map((r) => r.ms));
      const perNode = (requests: number): string => (requests / total).toFixed(2);
      figures.push({
        name: `export of ${total.toLocaleString('en-US')} znodes, pipelined vs a serial traversal`,
        ratio: total / pipelinedMs / (serialCount / serialMs),
        goal: '>= 10x',
        detail:
          `medians of ${EXPORT_ROUNDS} alternating rounds. Pipelined: ${total} nodes in ${pipelinedMs.toFixed(0)} ms (${rate(total, pipelinedMs)}), ` +
          `${perNode(median(piped.map((r) => r.requests)))} requests per node; serial (get, getAcl, getChildren one at a time) on ${serialCount} of them: ` +
          `${serialMs.toFixed(0)} ms (${rate(serialCount, serialMs)}); ratio of rates. Rounds ${piped.map((r) => r.ms.toFixed(0)).join('/')} vs ` +
          `${serial.map((r) => r.ms.toFixed(0)).join('/')} ms. Pipelined without multiRead: ${unbatched.ms.toFixed(0)} ms (${rate(total, unbatched.ms)}), ` +
          `${perNode(unbatched.requests)} requests per node`,
      });
      const exported = doc!;

      let matched = 0;
      const searched = await counted(bed, zk, () =>
        searchTree(zk, '/exp', { name: { glob: 'n99*' } }, { onMatches: (b) => (matched += b.length) }),
      );
      const search = searched.value;
      figures.push({
        name: `name search over ${total.toLocaleString('en-US')} znodes vs the 20k nodes/s goal`,
        ratio: search.rate / 20_000,
        goal: '>= 1x',
        detail:
          `${search.visited} nodes in ${search.elapsedMs.toFixed(0)} ms (${rate(search.visited, search.elapsedMs)}), ${matched} matches; ` +
          `a get per node in multiReads of 8 (sizes unknown), children of folders batched, 512 nodes in flight: ${perNode(searched.requests)} requests per node`,
      });

      // Raw creates first, restore second: both into fresh paths, parents before children.
      const levels = [
        ['/raw'],
        exported.nodes.filter((n) => n.path !== '/' && n.path.split('/').length === 2).map((n) => targetPath('/raw', n.path)),
      ];
      levels.push(exported.nodes.filter((n) => n.path.split('/').length === 3).map((n) => targetPath('/raw', n.path)));
      const dataOf = new Map(exported.nodes.map((n) => [targetPath('/raw', n.path), Buffer.from(n.data, 'utf8')]));
      const rawMs = await timeIt(async () => {
        for (const level of levels) {
          const outcomes = await mapBounded(level, (p) => zk.create(p, dataOf.get(p)), { concurrency: 1000 });
          const bad = outcomes.find((o) => !o.ok);
          if (bad && !bad.ok) throw bad.error;
        }
      });
      let restored = 0;
      const restoreMs = await timeIt(async () => {
        const result = await importTree(zk, exported, '/restore');
        restored = result.counts.done;
        if (result.counts.failed) throw new Error(`restore failed for ${result.counts.failed} nodes`);
      });
      figures.push({
        name: `restore of ${total.toLocaleString('en-US')} znodes vs raw pipelined creates`,
        ratio: rawMs / restoreMs,
        goal: '>= 0.8x',
        detail:
          `restore (plan + pipelined creates, 1000 in flight): ${restored} nodes in ${restoreMs.toFixed(0)} ms ` +
          `(${rate(restored, restoreMs)}); raw creates (1000 in flight, level by level): ${rawMs.toFixed(0)} ms ` +
          `(${rate(total, rawMs)})`,
      });
      return figures;
    } finally {
      await zk.close();
      await bed.close();
    }
  },
};
