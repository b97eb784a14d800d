import * as z from 'zod';
import { TreeDiff, diffTrees } from '../../../core/znodes/treeDiff';
import type { DiffSideInfo } from '../../explorer/results/resultNodes';
import { ClusterLookup, clusterFor, clusterId, znodePath } from './arguments';
import type { Progress, Sessions } from './services';

export const DIFF_SUBTREES = 'zookeeper.diffSubtrees';

const side = z.strictObject({ clusterId, path: znodePath });

/**
 * The argument of `zookeeper.diffSubtrees` from code: `{ left: { clusterId, path }, right:
 * { clusterId, path } }`, two subtrees on one cluster or two. Resolves to the result set shown in
 * the Results view (its `diff` holds the counts and the differing entries).
 */
export const diffArguments = z.strictObject({ left: side, right: side });
export type DiffArguments = z.output<typeof diffArguments>;

export interface DiffServices<N> {
  readonly registry: ClusterLookup;
  readonly connections: Sessions;
  readonly progress: Progress;
  /** Adds the diff to the Results view; resolves to its result set. */
  readonly results: { showDiff(diff: TreeDiff, left: DiffSideInfo, right: DiffSideInfo): Promise<N> };
}

/** Compares two subtrees (one cluster or two): added, removed and changed nodes, into the Results view. */
export async function diffSubtrees<N>(s: DiffServices<N>, args: DiffArguments): Promise<N> {
  const left = clusterFor(DIFF_SUBTREES, s.registry, args.left.clusterId, 'left.clusterId');
  const right = clusterFor(DIFF_SUBTREES, s.registry, args.right.clusterId, 'right.clusterId');
  const [ls, rs] = await Promise.all([s.connections.connect(left.id), s.connections.connect(right.id)]);
  const diff = await s.progress.run(`Comparing ${args.left.path} with ${args.right.path}`, (_report, signal) =>
    diffTrees({ session: ls, root: args.left.path }, { session: rs, root: args.right.path }, { signal }),
  );
  return s.results.showDiff(
    diff,
    { clusterId: left.id, clusterName: left.name, root: args.left.path },
    { clusterId: right.id, clusterName: right.name, root: args.right.path },
  );
}
