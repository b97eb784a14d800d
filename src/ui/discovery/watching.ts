import * as vscode from 'vscode';
import { ClusterConfig, clusterId } from '../../core/clusters/clusterConfig';
import { addressKey, parseConnectString } from '../../core/connectString';
import { FoundConnectString, SOURCE_LABELS, isUsable } from '../../core/discovery';
import type { ClusterRegistry } from '../clusters';

/** The servers (lower case, sorted, once each): two spellings of one ensemble's members compare equal. */
export function serversKey(connectString: string): string | undefined {
  try {
    const servers = parseConnectString(connectString).servers.map(addressKey);
    return [...new Set(servers)].sort().join(',');
  } catch {
    return undefined;
  }
}

/** Servers and chroot: the same ensemble seen from the same root. */
export function sameEnsembleKey(connectString: string): string | undefined {
  const servers = serversKey(connectString);
  return servers === undefined ? undefined : `${servers}${parseConnectString(connectString).chroot ?? ''}`;
}

/** The configured cluster (user's or workspace's) that names the same ensemble, if any. */
export function clusterFor(registry: ClusterRegistry, connectString: string): ClusterConfig | undefined {
  const key = sameEnsembleKey(connectString);
  return key === undefined ? undefined : registry.list().find((c) => sameEnsembleKey(c.connectString) === key);
}

/** `orders (Kafka)`, then `orders (Kafka) 2`… until the id is free (no colon: the status bar puts one after the name). */
function freeName(registry: ClusterRegistry, found: FoundConnectString): string {
  const folder = vscode.workspace.name ?? 'workspace';
  const base = `${folder} (${SOURCE_LABELS[found.source]})`;
  const taken = new Set(registry.list().map((c) => c.id));
  for (let i = 1; i < 1000; i++) {
    const name = i === 1 ? base : `${base} ${i}`;
    if (!taken.has(clusterId(name))) return name;
  }
  return `${base} ${Date.now()}`;
}

/**
 * Watches a found connect string: the cluster that already names that ensemble, or a new one in
 * this workspace's settings (`zookeeper.workspaceClusters`), made the active cluster so the status
 * bar watches it while the workspace is open. Refuses placeholders and malformed strings.
 */
export async function watchFound(registry: ClusterRegistry, found: FoundConnectString): Promise<ClusterConfig> {
  if (!isUsable(found)) {
    throw new Error(
      found.error
        ? `cannot watch ${found.connectString}: ${found.error}`
        : `${found.connectString} holds placeholders (${found.placeholders.join(', ')}); they are resolved only where the program runs`,
    );
  }
  let cluster = clusterFor(registry, found.connectString);
  if (!cluster) {
    const name = freeName(registry, found);
    cluster = { id: clusterId(name), name, connectString: found.connectString, readOnly: false, refresh: 'watch' };
    await registry.addToWorkspace(cluster);
  }
  await registry.setActive(cluster.id);
  return cluster;
}
