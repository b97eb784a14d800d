import { isZkError } from '../../src/core/zk/errors';
import type { ZkSession } from '../../src/core/zk/session';

/** Errors after which the create may be tried again: the connection, not the request, failed. */
const CONNECTION_ERRORS = ['CONNECTIONLOSS', 'OPERATIONTIMEOUT', 'SESSIONEXPIRED', 'NOTREADONLY'] as const;
const PAUSE_MS = 300;

/**
 * Creates `path` exactly once (a test's own node, which no other client writes) although the
 * connection may fail meanwhile: an ensemble failing over, or a server stalled past the session's
 * watchdog on a loaded machine. A create whose reply was lost may still have applied, so it is never
 * blindly resent: after a connection failure the node's existence decides (there → it applied;
 * absent → try again, after a pause for the reconnect), and NODEEXISTS after a failed attempt means
 * the earlier attempt applied. Any other error (NONODE, QUOTAEXCEEDED…) is the test's to see.
 */
export async function createOnce(session: ZkSession, path: string, data: Buffer = Buffer.alloc(0), attempts = 10): Promise<void> {
  let failedBefore = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await session.create(path, data);
      return;
    } catch (err) {
      if (failedBefore && isZkError(err, 'NODEEXISTS')) return;
      if (!isZkError(err, ...CONNECTION_ERRORS) || attempt >= attempts) throw err;
      failedBefore = true;
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      if (await session.exists(path).catch(() => null)) return;
    }
  }
}
