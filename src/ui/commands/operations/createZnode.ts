import * as z from 'zod';
import { depthVerdict } from '../../../core/znodes/depth';
import { createNode } from '../../../core/znodes/editing';
import { MAX_TTL_MS } from '../../../core/zk/requests';
import type { CreateMode } from '../../../core/zk/requests';
import { ClusterLookup, clusterId, writableCluster, znodePath } from './arguments';
import type { OperationPrompts, Sessions, TreeReloads } from './services';

export const CREATE_ZNODE = 'zookeeper.createZnode';

const MODES = [
  'persistent',
  'persistent-sequential',
  'ephemeral',
  'ephemeral-sequential',
  'container',
  'ttl',
  'ttl-sequential',
] as const satisfies readonly CreateMode[];

/**
 * The argument of `zookeeper.createZnode` from code: `{ clusterId, parent, name, mode?, data?,
 * ttlMs?, forceDepth? }`. `name` is one path segment (empty is allowed for a sequential mode: the
 * counter is the name); `mode` defaults to "persistent"; `data` is UTF-8 text (default empty);
 * `ttlMs` (1 to 2^40-1) goes with the TTL modes; `forceDepth` creates past the snapshot-safe depth
 * without asking. Resolves to the created path (with its sequential suffix).
 */
export const createZnodeArguments = z
  .strictObject({
    clusterId,
    parent: znodePath,
    name: z.string().refine((n) => !n.includes('/'), 'must not contain "/"'),
    mode: z.enum(MODES).default('persistent'),
    data: z.string().default(''),
    ttlMs: z.number().int().min(1).max(MAX_TTL_MS).optional(),
    forceDepth: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    if (!a.name && !a.mode.endsWith('sequential'))
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required unless the mode is sequential' });
  });
export type CreateZnodeArguments = z.output<typeof createZnodeArguments>;

/** `parent/name`; a sequential create may leave `name` empty (`/queue/` gets a counter appended). */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

export interface CreateZnodeServices {
  readonly registry: ClusterLookup;
  readonly connections: Sessions;
  readonly prompts: Pick<OperationPrompts, 'confirm'>;
  readonly tree: TreeReloads;
}

export interface CreatedZnode {
  readonly path: string;
  /** Set when the node is deeper than the warning depth (the user is told). */
  readonly depthWarning: string | undefined;
}

/** Creates a znode; past the snapshot-safe depth only after confirmation (or with `forceDepth`). */
export async function createZnode(s: CreateZnodeServices, args: CreateZnodeArguments): Promise<CreatedZnode | undefined> {
  const cluster = writableCluster(CREATE_ZNODE, s.registry, args.clusterId);
  const path = childPath(args.parent, args.name);
  const session = await s.connections.connect(cluster.id);
  const depth = depthVerdict(path, session.chroot);
  let forceDepth = args.forceDepth;
  if (depth.level === 'refuse' && !forceDepth) {
    const sure = await s.prompts.confirm({
      message: `Create a znode ${depth.depth} levels deep?`,
      detail: depth.message,
      button: 'Create Anyway',
    });
    if (!sure) return undefined;
    forceDepth = true;
  }
  const created = await createNode(session, path, Buffer.from(args.data, 'utf8'), {
    mode: args.mode,
    ...(args.ttlMs === undefined ? {} : { ttlMs: args.ttlMs }),
    forceDepth,
  });
  s.tree.reload(cluster.id, args.parent);
  void s.tree.reloadRow(cluster.id, args.parent);
  return { path: created, depthWarning: depth.level === 'warn' ? depth.message : undefined };
}
