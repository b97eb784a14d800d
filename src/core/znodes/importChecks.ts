/**
 * Everything about an import that can be known before writing: ACL syntax and schemes, masked
 * digests, value sizes under jute.maxbuffer, TTL values and the servers' TTL support, and depth.
 * The plan runs these, so a dry run reports them and a real import refuses before its first write
 * instead of failing half-way.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ZkAcl } from '../zk/acl';
import { isZkError } from '../zk/errors';
import { MAX_TTL_MS } from '../zk/requests';
import type { ZkSession } from '../zk/session';
import { dataSizeProblem } from './dataLimits';
import { depthVerdict } from './depth';
import { ExportedAcl, ExportedNode, isMaskedDigest } from './exportFormat';

/**
 * Schemes a ZooKeeper server knows: world and auth are built into ACL handling, digest and ip
 * providers are always registered; x509 and sasl exist when the servers are configured for them.
 * A scheme outside this list is refused by the server with INVALIDACL.
 */
export const KNOWN_SCHEMES: readonly string[] = ['world', 'auth', 'digest', 'ip', 'x509', 'sasl'];

/** An address with an optional prefix length, as ZooKeeper's ip provider accepts it. */
function ipProblem(id: string): string | undefined {
  const slash = id.indexOf('/');
  const address = slash < 0 ? id : id.slice(0, slash);
  const bits = slash < 0 ? undefined : id.slice(slash + 1);
  const v4 = isIPv4(address);
  if (!v4 && !isIPv6(address)) return `"${id}" is not an IP address (ip ACL ids are an IPv4 or IPv6 address, optionally /bits)`;
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > (v4 ? 32 : 128)))
    return `"${id}" has a bad prefix length (0 to ${v4 ? 32 : 128})`;
  return undefined;
}

/** What is wrong with one ACL entry of a file, or undefined. */
export function aclEntryProblem(acl: ExportedAcl): string | undefined {
  const entry = `${acl.scheme}:${acl.id}`;
  if (!KNOWN_SCHEMES.includes(acl.scheme)) {
    return `ACL scheme "${acl.scheme}" is not one ZooKeeper knows (${KNOWN_SCHEMES.join(', ')}); the server would refuse it (INVALIDACL)`;
  }
  switch (acl.scheme) {
    case 'world':
      return acl.id === 'anyone' ? undefined : `ACL ${entry}: the world scheme only has the id "anyone"`;
    case 'digest': {
      if (isMaskedDigest(acl)) {
        const user = acl.id.slice(0, acl.id.indexOf(':'));
        return (
          `ACL ${entry} is a masked digest: ZooKeeper showed the exporting session "${user}:x" instead of the stored hash ` +
          `because it was not authenticated as ${user}; importing it would lock ${user} out. Export again with ${user}'s credentials`
        );
      }
      const parts = acl.id.split(':');
      return parts.length === 2 && parts[0] && parts[1] ? undefined : `ACL ${entry}: a digest id is user:base64-hash (exactly one ":")`;
    }
    case 'ip': {
      const problem = ipProblem(acl.id);
      return problem ? `ACL ${entry}: ${problem}` : undefined;
    }
    default:
      return undefined;
  }
}

/** Problems of one node of the file when written at `path` (one message each). */
export function nodeProblems(
  node: ExportedNode,
  path: string,
  data: Buffer,
  acl: readonly ZkAcl[],
  kind: 'create' | 'set',
  chroot: string | undefined,
): string[] {
  const problems: string[] = [];
  for (const a of node.acl) {
    const problem = aclEntryProblem(a);
    if (problem) problems.push(problem);
  }
  const size = dataSizeProblem(path, data.byteLength, chroot, kind, acl);
  if (size) problems.push(size);
  if (node.kind === 'ttl' && node.ttlMs !== undefined && node.ttlMs > MAX_TTL_MS)
    problems.push(`ttlMs ${node.ttlMs} is over ZooKeeper's maximum of ${MAX_TTL_MS}`);
  return problems;
}

/** The depth check of a node to create: a problem past the limit (unless forced), else maybe a warning. */
export function depthCheck(path: string, chroot: string | undefined, force: boolean): { problem?: string; warning?: string } {
  const verdict = depthVerdict(path, chroot);
  if (verdict.level === 'ok') return {};
  if (verdict.level === 'refuse' && !force) return { problem: `${verdict.message}; pass --force-depth to create it anyway` };
  return { warning: verdict.message };
}

/**
 * Whether the servers create TTL nodes, asked without writing: a TTL create under a parent that
 * cannot exist. ZooKeeper checks TTL support (UNIMPLEMENTED when extendedTypesEnabled is off)
 * before it looks for the parent (NONODE). Undefined when the answer says neither.
 */
export async function serversSupportTtl(session: ZkSession, signal?: AbortSignal): Promise<boolean | undefined> {
  const parent = `/zkops-ttl-probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await session.create(`${parent}/x`, Buffer.alloc(0), { mode: 'ttl', ttlMs: 1 }, { signal });
    // The parent existed after all: a node was made; remove it again.
    await session.delete(`${parent}/x`, -1).catch(() => undefined);
    return true;
  } catch (err) {
    if (isZkError(err, 'NONODE')) return true;
    if (isZkError(err, 'UNIMPLEMENTED')) return false;
    return undefined;
  }
}
