/**
 * Measures how deep a znode path can be before a restarted ZooKeeper member can no longer write
 * its snapshot (DataTree.serializeNode recurses once per level; the default JVM thread stack
 * overflows). Run once by hand, on the testbed's JVM options (no -Xss):
 *
 *   node --import tsx scripts/measure-snapshot-depth.ts [low] [high] [resolution]
 *
 * Each trial: a fresh 1-member testbed (768 MB heap, default stack), one chain `/a/a/…/a` of the trial's depth (pipelined
 * creates on one session arrive in order), kill -9, start again, and the member either serves
 * within 30 s or died (StackOverflowError in its log). Bisects between `low` (must survive) and
 * `high` (must die). Every testbed is closed before the next trial starts.
 */
import * as fs from 'node:fs';
import { Testbed } from '../src/core/testbed/testbed';
import { ZkSession } from '../src/core/zk/session';

async function chain(session: ZkSession, depth: number): Promise<void> {
  const paths: string[] = [];
  let path = '';
  for (let i = 0; i < depth; i++) paths.push((path += '/a'));
  // Path bytes grow with depth (a 10,000-deep chain sends ~100 MB of paths): generous deadlines.
  const outcomes = await session.bulk(paths, (p) => session.create(p, undefined, {}, { timeoutMs: 600_000 }), { concurrency: 200 });
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw new Error(`create at depth ${paths.indexOf(failed.item) + 1} failed: ${failed.error.name}`);
}

/** True when a member restarted over a `depth`-deep chain serves again. */
async function survives(depth: number): Promise<boolean> {
  // The heap is raised only because a 10,000-deep chain holds ~100 MB of path strings; the thread
  // stack, which is what overflows, stays the JVM's default.
  const bed = await Testbed.start({ size: 1, heapMb: 768 });
  try {
    const session = await ZkSession.connect(bed.connectString);
    try {
      await chain(session, depth);
    } finally {
      await session.close();
    }
    const id = bed.members[0]!.id;
    await bed.kill(id);
    bed.startMember(id);
    let serving = true;
    try {
      await bed.waitForServing(id, 30_000);
      // Serving is reported once the snapshot at start-up was written; check it stays up.
      await new Promise((r) => setTimeout(r, 1000));
      serving = bed.isRunning(id) && (await bed.mode(id)) === 'standalone';
    } catch {
      serving = false;
    }
    const log = fs.readFileSync(bed.members[0]!.logPath, 'utf8');
    const overflow = log.includes('StackOverflowError');
    console.log(
      `depth ${depth}: ${serving && !overflow ? 'restarted and serving' : `died${overflow ? ' (StackOverflowError in the log)' : ''}`}`,
    );
    return serving && !overflow;
  } finally {
    await bed.close();
  }
}

async function main(): Promise<void> {
  let low = Number(process.argv[2] ?? 1000);
  let high = Number(process.argv[3] ?? 10_000);
  const resolution = Number(process.argv[4] ?? 100);
  if (!(await survives(low))) throw new Error(`a member restarted over depth ${low} already dies; pass a lower bound`);
  if (await survives(high)) throw new Error(`a member restarted over depth ${high} survives; pass a higher bound`);
  while (high - low > resolution) {
    const mid = Math.round((low + high) / 2);
    if (await survives(mid)) low = mid;
    else high = mid;
  }
  console.log(`deepest surviving depth: ${low}; shallowest fatal depth: ${high}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message.slice(0, 300) : String(err));
  process.exitCode = 1;
});
