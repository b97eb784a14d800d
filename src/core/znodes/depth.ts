/**
 * How deep a znode may be. ZooKeeper accepts any depth, but a member writes its snapshot with
 * DataTree.serializeNode, which recurses once per level: past a depth the JVM's default thread
 * stack cannot hold, every member that restarts (and has to write a snapshot at start-up) dies
 * with StackOverflowError, and once a majority has restarted the quorum is gone. Create and
 * import warn above WARN_DEPTH and refuse above REFUSE_DEPTH unless forced.
 *
 * Measured here with scripts/measure-snapshot-depth.ts (ZooKeeper 3.8.0, Java 17, the testbed's
 * JVM options, default -Xss): see SNAPSHOT_DEPTH_MEASURED.
 */
import { withChroot } from '../zk/paths';

/** The bisection's result (1-member testbed): restarted over `survived` levels a member served; over `died` it died. */
export const SNAPSHOT_DEPTH_MEASURED = { survived: 3110, died: 3180 } as const;

/** Deeper than this: a warning (other JVMs, stack sizes and ZooKeeper versions have less room). */
export const WARN_DEPTH = 500;

/**
 * Deeper than this: refused unless forced. A third of the measured limit, because the frames are
 * bigger before the JIT has compiled serializeNode (a restart is exactly that case), and other
 * JVMs, -Xss settings and ZooKeeper versions leave less room.
 */
export const REFUSE_DEPTH = 1000;

/** Levels below the root: `/` is 0, `/a` is 1, `/a/b` is 2. */
export function depthOf(path: string): number {
  if (path === '/') return 0;
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

export type DepthVerdict =
  { readonly level: 'ok' } | { readonly level: 'warn' | 'refuse'; readonly depth: number; readonly message: string };

/** Whether a node at `path` (under the session's `chroot`, which counts too) is safe to create. */
export function depthVerdict(path: string, chroot: string | undefined): DepthVerdict {
  const depth = depthOf(withChroot(path, chroot));
  if (depth <= WARN_DEPTH) return { level: 'ok' };
  const why =
    `ZooKeeper writes snapshots recursively, and members restarted over a tree about ${SNAPSHOT_DEPTH_MEASURED.died} levels deep ` +
    'die with StackOverflowError (measured on 3.8.0 with the default JVM stack), which can cost the quorum';
  if (depth > REFUSE_DEPTH) {
    return { level: 'refuse', depth, message: `${path} would be ${depth} levels deep, over the limit of ${REFUSE_DEPTH}: ${why}` };
  }
  return { level: 'warn', depth, message: `${path} is ${depth} levels deep (over ${WARN_DEPTH}): ${why}` };
}
