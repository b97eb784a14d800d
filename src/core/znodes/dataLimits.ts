/**
 * The largest value a znode can take, known before sending. A ZooKeeper server drops the
 * connection on a packet over jute.maxbuffer (1 MB - 1 by default) instead of answering with an
 * error, so the editor refuses such a value up front and says why, in numbers.
 */
import { OPEN_ACL_UNSAFE, ZkAcl } from '../zk/acl';
import { JUTE_MAX_BUFFER, ZkError } from '../zk/errors';
import { withChroot } from '../zk/paths';

export type WriteKind = 'set' | 'create';

/** Bytes a set or create request carries besides the data itself (a create's ACL defaults to the session's: open). */
export function requestOverhead(
  path: string,
  chroot: string | undefined,
  kind: WriteKind,
  acl: readonly ZkAcl[] = OPEN_ACL_UNSAFE,
): number {
  const pathBytes = Buffer.byteLength(withChroot(path, chroot), 'utf8');
  // xid + opcode, then the path string and the data length prefix.
  const common = 8 + 4 + pathBytes + 4;
  if (kind === 'set') return common + 4;
  const aclBytes = 4 + acl.reduce((n, a) => n + 4 + 4 + Buffer.byteLength(a.scheme) + 4 + Buffer.byteLength(a.id), 0);
  return common + aclBytes + 4;
}

/** The most data bytes `path` can hold under `limit` (the servers' jute.maxbuffer). */
export function maxDataBytes(
  path: string,
  chroot: string | undefined,
  kind: WriteKind = 'set',
  acl: readonly ZkAcl[] = OPEN_ACL_UNSAFE,
  limit = JUTE_MAX_BUFFER,
): number {
  return Math.max(0, limit - requestOverhead(path, chroot, kind, acl));
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

/** A message for the user when `size` bytes do not fit, otherwise undefined. */
export function dataSizeProblem(
  path: string,
  size: number,
  chroot: string | undefined,
  kind: WriteKind = 'set',
  acl: readonly ZkAcl[] = OPEN_ACL_UNSAFE,
  limit = JUTE_MAX_BUFFER,
): string | undefined {
  const max = maxDataBytes(path, chroot, kind, acl, limit);
  if (size <= max) return undefined;
  return (
    `${formatBytes(size)} (${size} bytes) is over the ${max}-byte maximum for ${path}: ZooKeeper servers refuse requests over ` +
    `jute.maxbuffer (${limit} bytes, 1 MB by default) by dropping the connection. Nothing was sent. ` +
    'Store large values elsewhere and keep a reference in ZooKeeper, or raise jute.maxbuffer on every server and client.'
  );
}

/** Throws MARSHALLINGERROR (not sent, not applied) when the value does not fit. */
export function assertDataFits(
  path: string,
  data: Uint8Array,
  chroot: string | undefined,
  kind: WriteKind = 'set',
  acl: readonly ZkAcl[] = OPEN_ACL_UNSAFE,
  limit = JUTE_MAX_BUFFER,
): void {
  const problem = dataSizeProblem(path, data.byteLength, chroot, kind, acl, limit);
  if (problem) throw new ZkError('MARSHALLINGERROR', { op: kind, path, mayHaveApplied: false, message: problem });
}
