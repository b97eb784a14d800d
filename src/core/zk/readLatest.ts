import type { ZkSession } from './session';

/**
 * A read that shows what the ensemble has committed, not what this session's member has applied
 * so far: the session may sit on a follower a few ms behind another client that just wrote (a
 * node someone just created would read as "nonexistent", an ACL version as the one before). `sync`
 * first costs one round trip; if it fails, the read itself reports the connection's state.
 */
export async function readLatest<T>(session: Pick<ZkSession, 'sync'>, path: string, read: () => Promise<T>): Promise<T> {
  await session.sync(path).catch(() => undefined);
  return read();
}
