import * as z from 'zod';
import type { WatchDefinition } from '../../explorer/watchService';
import { ClusterLookup, clusterFor, clusterId, znodePath } from './arguments';
import { Log, stamped } from './services';

/**
 * The argument of `zookeeper.watchZnode` and `zookeeper.watchSubtree` from code:
 * `{ clusterId, path, name? }`. `name` names the watch (default: the path, with " (subtree)" for a
 * subtree watch); a watch of the same name on the cluster is replaced.
 */
export const watchArguments = z.strictObject({
  clusterId,
  path: znodePath,
  name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
});
export type WatchArguments = z.output<typeof watchArguments>;

/** The name a watch gets when none is given. */
export function suggestedWatchName(path: string, recursive: boolean): string {
  return `${path}${recursive ? ' (subtree)' : ''}`;
}

export interface WatchServices {
  readonly registry: ClusterLookup;
  readonly watches: { add(definition: WatchDefinition): Promise<void> };
  readonly output: Log;
}

/** Adds a named watch (of the node and its child list, or of the whole subtree); resolves to its name. */
export async function watchZnode(s: WatchServices, command: string, recursive: boolean, args: WatchArguments): Promise<string> {
  const cluster = clusterFor(command, s.registry, args.clusterId);
  const name = args.name ?? suggestedWatchName(args.path, recursive);
  await s.watches.add({ name, clusterId: cluster.id, path: args.path, recursive });
  s.output.appendLine(stamped(`watching ${args.path}${recursive ? ' and below' : ''} on ${cluster.name} as "${name}"`));
  return name;
}

/** The argument of `zookeeper.unwatch` from code: `{ clusterId, name }`, the watch to remove. */
export const unwatchArguments = z.strictObject({ clusterId, name: z.string().min(1) });
export type UnwatchArguments = z.output<typeof unwatchArguments>;

/** Removes a named watch; false when there was none of that name. */
export function unwatch(s: { readonly watches: { remove(clusterId: string, name: string): Promise<boolean> } }, args: UnwatchArguments) {
  return s.watches.remove(args.clusterId, args.name);
}
