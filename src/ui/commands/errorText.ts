/**
 * What a failed command tells the user. Pure (no vscode import) so every wording is unit-tested:
 * typed ZooKeeper errors become sentences that say what to do next.
 */
import { ZkError } from '../../core/zk/errors';

/** The cluster a failure happened on, when the command knows it. */
export interface ErrorContext {
  readonly clusterName?: string;
}

/** True for failures the user caused on purpose (cancel): no message is shown for them. */
export function isSilent(err: unknown): boolean {
  return err instanceof ZkError && err.name === 'CANCELLED';
}

function where(err: ZkError): string {
  const parts = [err.op, err.path].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? ` (${parts.join(' ')})` : '';
}

/** One sentence for a notification. */
export function describeError(err: unknown, context: ErrorContext = {}): string {
  const cluster = context.clusterName ?? 'this cluster';
  if (err instanceof ZkError) {
    switch (err.name) {
      case 'NOAUTH':
        return `Not authorised${where(err)}: set credentials for ${cluster} (ZooKeeper: Set Credentials) or ask for access to this node.`;
      case 'AUTHFAILED':
        return `Authentication failed for ${cluster}: check its credentials (ZooKeeper: Set Credentials).`;
      case 'NOTREADONLY':
        return `${cluster} is read-only: writes are refused. Turn off "read-only" in Edit Cluster to change it.`;
      case 'CONNECTIONLOSS':
        return err.mayHaveApplied
          ? `Connection to ${cluster} lost${where(err)}; the change may or may not have been applied. Refresh and check before retrying.`
          : `Cannot reach ${cluster}${where(err)}: ${stripName(err)}`;
      case 'TLSERROR':
        return `TLS connection to ${cluster} failed: ${stripName(err)}. Check the cluster's "tls" settings (CA, client certificate and key, server name) in zookeeper.clusters.`;
      case 'MARSHALLINGERROR':
        // The session says "over jute.maxbuffer" here; that wording is the actionable part.
        return `${stripName(err)}.`;
      case 'BADVERSION':
        return `The node changed on the server since it was read${where(err)}. Reload it and try again.`;
      case 'NONODE':
        return `The node no longer exists${where(err)}. Refresh the tree.`;
      case 'NODEEXISTS':
        return `A node with that name already exists${where(err)}.`;
      case 'NOTEMPTY':
        return `The node has children${where(err)}: delete them first or delete recursively.`;
      case 'SESSIONEXPIRED':
        return `The session to ${cluster} expired${where(err)}; it reconnects with a new session. Retry.`;
      case 'UNIMPLEMENTED':
        return `The server does not support this${where(err)} (container and TTL nodes need ZooKeeper 3.5.3+ and extendedTypesEnabled for TTL).`;
      default:
        return `${cluster}: ${err.message}`;
    }
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The message without ZooKeeper's name in front (`NONODE: the node…` → `the node…`). */
function stripName(err: ZkError): string {
  const prefix = `${err.name}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}
