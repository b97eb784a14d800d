import * as z from 'zod';
import { writeBackup } from '../../../core/znodes/backupFile';
import { DeleteCount, SubtreeChangedError, countSubtree, deleteTree } from '../../../core/znodes/deleteTree';
import { parentPath } from '../../../core/zk/paths';
import { clusterId, writableCluster, znodePath } from './arguments';
import { SubtreeWriteServices, stamped } from './services';

export const DELETE_ZNODE = 'zookeeper.deleteZnode';

/**
 * The argument of `zookeeper.deleteZnode` from code: `{ clusterId, path, expectedCount }`.
 * `expectedCount` is the number of nodes the caller means to delete (the node and everything below
 * it): a subtree of another size deletes nothing. The user is still asked before anything goes.
 * Resolves to `{ deleted, backup }` (the backup file's path).
 */
export const deleteZnodeArguments = z.strictObject({
  clusterId,
  path: znodePath.refine((p) => p !== '/', 'cannot be the root znode'),
  expectedCount: z.number().int().min(1),
});

/** What the operation takes: from the user's tree row the count is the one the user confirms. */
export interface DeleteZnodeArguments {
  readonly clusterId: string;
  readonly path: string;
  readonly expectedCount?: number | undefined;
}

/** The question before a delete, with the count and where the backup goes. */
export function deleteConfirmation(path: string, clusterName: string, counted: DeleteCount, backupDir: string) {
  const below = counted.count - 1;
  const detail = [
    below > 0 ? `${below.toLocaleString('en-US')} node${below === 1 ? '' : 's'} below it will be deleted too.` : 'It has no children.',
    counted.ephemerals ? `${counted.ephemerals} of them are ephemeral (their owners will notice).` : '',
    `A JSON backup is written first to ${backupDir}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const button = `Delete ${counted.count.toLocaleString('en-US')} node${counted.count === 1 ? '' : 's'}`;
  return { message: `Delete ${path} on ${clusterName}?`, detail, button };
}

/**
 * Deletes a znode and everything below it: counts, asks with the count, writes a JSON backup, then
 * deletes with each node's version (a node changed meanwhile stops the delete).
 */
export async function deleteZnode(
  s: SubtreeWriteServices,
  args: DeleteZnodeArguments,
): Promise<{ deleted: number; backup: string } | undefined> {
  const cluster = writableCluster(DELETE_ZNODE, s.registry, args.clusterId);
  if (args.path === '/') throw new Error('The root znode cannot be deleted.');
  const session = await s.connections.connect(cluster.id);
  const counted = await s.progress.run(`Counting ${args.path}…`, (_report, signal) => countSubtree(session, args.path, { signal }));
  // A caller that named another count meant another subtree: nothing to ask about.
  if (args.expectedCount !== undefined && args.expectedCount !== counted.count)
    throw new SubtreeChangedError(args.path, args.expectedCount, counted.count);
  if (!(await s.prompts.confirm(deleteConfirmation(args.path, cluster.name, counted, s.backupDir)))) return undefined;
  let backup = '';
  const result = await s.progress.run(`Deleting ${args.path}`, (report, signal) =>
    deleteTree(session, args.path, {
      expectedCount: counted.count,
      backup: async (doc) => {
        backup = await writeBackup(doc, s.backupDir);
      },
      signal,
      onProgress: (done, total) => report(`${done} of ${total}`),
    }),
  );
  const parent = parentPath(args.path) ?? '/';
  s.tree.reload(cluster.id, parent);
  void s.tree.reloadRow(cluster.id, parent);
  s.fs.serverChanged(cluster.id, args.path, true);
  s.output.appendLine(stamped(`deleted ${result.deleted} node(s) at ${args.path} on ${cluster.name}; backup ${backup}`));
  return { deleted: result.deleted, backup };
}
