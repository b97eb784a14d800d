/**
 * Saving and creating single znodes from the editor: size checked before sending, version-checked
 * saves that turn someone else's change into a conflict carrying both sides, and a save that
 * survives a connection loss without writing twice or hiding a conflict.
 */
import { OPEN_ACL_UNSAFE } from '../zk/acl';
import { ZkError, isZkError } from '../zk/errors';
import type { CreateOptions, ZkSession } from '../zk/session';
import type { ZkStat } from '../zk/stat';
import { assertDataFits } from './dataLimits';
import { depthVerdict } from './depth';
import { isTransient, withRetry } from './retry';

/** The node changed since it was opened: the save was not applied. */
export class SaveConflictError extends Error {
  override readonly name = 'SaveConflictError';
  constructor(
    readonly path: string,
    readonly expectedVersion: number,
    /** What is on the server now; undefined when the node was deleted. */
    readonly current: { readonly data: Buffer; readonly stat: ZkStat } | undefined,
  ) {
    super(
      current
        ? `${path} was changed by someone else (version ${expectedVersion} was opened, the server has version ${current.stat.version}); your save was not applied`
        : `${path} was deleted by someone else since it was opened; your save was not applied`,
    );
  }
}

export interface SaveOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** How long to keep trying across a connection loss (default 15 s). */
  readonly reconnectWithinMs?: number;
}

/**
 * Writes `data` to `path` if its version is still `expectedVersion` (-1: whatever it is).
 * Resolves with the new stat. Rejects with SaveConflictError on a concurrent change or delete,
 * MARSHALLINGERROR (not sent) when the value is over the servers' limit, NOAUTH, or the
 * connection error when it could not reconnect in time. After a connection loss it re-reads the
 * node: the save counts as applied only if the server holds exactly these bytes at the next version.
 */
export async function saveData(
  session: ZkSession,
  path: string,
  data: Buffer,
  expectedVersion: number,
  options: SaveOptions = {},
): Promise<ZkStat> {
  assertDataFits(path, data, session.chroot, 'set');
  const call = { signal: options.signal, timeoutMs: options.timeoutMs };
  const deadline = Date.now() + (options.reconnectWithinMs ?? 15_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await session.set(path, data, expectedVersion, call);
    } catch (err) {
      if (isZkError(err, 'NONODE')) throw new SaveConflictError(path, expectedVersion, undefined);
      if (isZkError(err, 'BADVERSION')) {
        const current = await readCurrent(session, path, call);
        // A retry after a lost reply meets its own first attempt: same bytes, one version on.
        if (attempt > 0 && current && current.stat.version === expectedVersion + 1 && current.data.equals(data)) return current.stat;
        throw new SaveConflictError(path, expectedVersion, current);
      }
      if (!isTransient(err) || Date.now() > deadline || options.signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * 2 ** attempt)));
      if (expectedVersion === -1) continue;
      // The first attempt may have been applied: look before writing again.
      const current = await withRetry(() => readCurrent(session, path, call), { signal: options.signal }).catch(() => undefined);
      if (current && current.stat.version === expectedVersion + 1 && current.data.equals(data)) return current.stat;
    }
  }
}

async function readCurrent(
  session: ZkSession,
  path: string,
  call: { signal?: AbortSignal; timeoutMs?: number },
): Promise<{ data: Buffer; stat: ZkStat } | undefined> {
  try {
    return await session.get(path, undefined, call);
  } catch (err) {
    if (isZkError(err, 'NONODE')) return undefined;
    throw err;
  }
}

export interface CreateNodeOptions extends CreateOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Create past REFUSE_DEPTH anyway (see depth.ts). */
  readonly forceDepth?: boolean;
}

/**
 * Creates a node after checking its size and depth; resolves to the created path (sequential
 * suffix included). A node deeper than REFUSE_DEPTH is refused (BADARGUMENTS, nothing sent)
 * unless `forceDepth`.
 */
export async function createNode(
  session: ZkSession,
  path: string,
  data: Buffer = Buffer.alloc(0),
  options: CreateNodeOptions = {},
): Promise<string> {
  assertDataFits(path, data, session.chroot, 'create', options.acl ?? OPEN_ACL_UNSAFE);
  const depth = depthVerdict(path, session.chroot);
  if (depth.level === 'refuse' && !options.forceDepth)
    throw new ZkError('BADARGUMENTS', { op: 'create', path, mayHaveApplied: false, message: depth.message });
  const { signal, timeoutMs, forceDepth: _force, ...create } = options;
  return session.create(path, data, create, { signal, timeoutMs });
}

/** A ZkError for messages: what the user can do about a failed save or create. */
export function explainWriteError(err: unknown): string {
  if (err instanceof SaveConflictError) return err.message;
  if (isZkError(err, 'NOAUTH'))
    return `${err.message}. Add credentials for this cluster (digest user:password) that the node's ACL grants write to.`;
  if (isZkError(err, 'CONNECTIONLOSS', 'OPERATIONTIMEOUT')) {
    const e = err;
    return `${e.message}${e.mayHaveApplied ? ' — the write may or may not have been applied; refresh before retrying' : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}
