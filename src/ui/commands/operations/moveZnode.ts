import * as z from 'zod';
import { writeBackup } from '../../../core/znodes/backupFile';
import { moveTree } from '../../../core/znodes/moveTree';
import { parentPath } from '../../../core/zk/paths';
import { clusterId, writableCluster, znodePath } from './arguments';
import { SubtreeWriteServices, stamped } from './services';

export const RENAME_ZNODE = 'zookeeper.renameZnode';

/**
 * The argument of `zookeeper.renameZnode` from code: `{ clusterId, from, to }`, the subtree to move
 * and its new path on the same cluster (`to` must not exist; its parent must). The user is asked
 * before anything moves. Resolves to `{ to, atomic }` (atomic: in one transaction).
 */
export const moveZnodeArguments = z.strictObject({ clusterId, from: znodePath, to: znodePath });
export type MoveZnodeArguments = z.output<typeof moveZnodeArguments>;

export interface MovedZnode {
  readonly to: string;
  readonly atomic: boolean;
  /** Nodes moved (the subtree's size). */
  readonly count: number;
}

export function moveDescription(atomic: boolean): string {
  return atomic ? 'in one transaction' : 'copied then deleted (too big for one transaction)';
}

/**
 * Renames or moves a subtree after confirmation: a backup first, then one transaction when it fits
 * (else copy, then delete). A move to the same path does nothing.
 */
export async function moveZnode(s: SubtreeWriteServices, args: MoveZnodeArguments): Promise<MovedZnode | undefined> {
  const cluster = writableCluster(RENAME_ZNODE, s.registry, args.clusterId);
  const { from, to } = args;
  if (to === from) return undefined;
  const sure = await s.prompts.confirm({
    message: `Move ${from} to ${to} on ${cluster.name}?`,
    detail: `Everything below it moves too. A JSON backup is written first to ${s.backupDir}; the move is one transaction when it fits.`,
    button: 'Move',
  });
  if (!sure) return undefined;
  const session = await s.connections.connect(cluster.id);
  const result = await s.progress.run(`Moving ${from} to ${to}`, (_report, signal) =>
    moveTree(session, from, to, { signal, backup: async (doc) => void (await writeBackup(doc, s.backupDir)) }),
  );
  for (const p of new Set([parentPath(from) ?? '/', parentPath(to) ?? '/'])) {
    s.tree.reload(cluster.id, p);
    void s.tree.reloadRow(cluster.id, p);
  }
  s.fs.serverChanged(cluster.id, from, true);
  s.output.appendLine(stamped(`moved ${result.count} node(s) ${from} -> ${to} on ${cluster.name} ${moveDescription(result.atomic)}`));
  return { to, atomic: result.atomic, count: result.count };
}
