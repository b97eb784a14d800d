import type { ZkSession } from '../../src/core/zk/session';

/** The reads a test makes to check what the extension wrote. */
const READS = new Set(['get', 'exists', 'children', 'getAcl']);

/**
 * The test's own session, whose reads first `sync` the path: the extension writes through its own
 * session, possibly to another member, and ZooKeeper orders what each session sees, not what two
 * sessions see. Without sync a read right after the extension's write may hit a follower a few ms
 * behind (seen on a loaded machine as NONODE for a node the extension had just created).
 */
export function withSyncedReads(session: ZkSession): ZkSession {
  return new Proxy(session, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (typeof key !== 'string' || !READS.has(key)) return (value as (...args: unknown[]) => unknown).bind(target);
      return async (path: string, ...rest: unknown[]) => {
        await target.sync(path).catch(() => undefined);
        return (value as (...args: unknown[]) => unknown).call(target, path, ...rest);
      };
    },
  });
}
