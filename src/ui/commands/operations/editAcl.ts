import * as z from 'zod';
import { Perms, ZkAcl, formatAcl, parseAcl, validateAcl } from '../../../core/zk/acl';
import type { ZkSession } from '../../../core/zk/session';
import { ClusterLookup, clusterId, writableCluster, znodePath } from './arguments';
import type { OperationPrompts, Sessions } from './services';
import { readLatest } from '../../../core/zk/readLatest';

export const EDIT_ACL = 'zookeeper.editAcl';

/** One `scheme:id:perms` entry as zkCli writes it (a digest id is `user:base64-hash`). */
const aclEntry = z.string().transform((text, ctx): ZkAcl => {
  try {
    return parseAcl(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    return z.NEVER;
  }
});

/**
 * The argument of `zookeeper.editAcl` from code: `{ clusterId, path, acl, aclVersion? }`. `acl` is
 * the new list, one `scheme:id:perms` string per entry (`["world:anyone:r", "ip:10.0.0.1:cdrwa"]`);
 * `aclVersion`, when given, is the ACL version the change was made against (a concurrent change
 * is then refused); without it the version read just before the write is used.
 */
export const editAclArguments = z.strictObject({
  clusterId,
  path: znodePath,
  acl: z.array(aclEntry).min(1, 'an ACL list must have at least one entry').max(1000),
  aclVersion: z.number().int().min(0).optional(),
});

/** What the operation takes: the user's editor builds the entries itself (digests hashed there). */
export interface EditAclArguments {
  readonly clusterId: string;
  readonly path: string;
  readonly acl: readonly ZkAcl[];
  readonly aclVersion?: number | undefined;
}

export interface EditAclServices {
  readonly registry: ClusterLookup;
  readonly connections: Sessions<Pick<ZkSession, 'getAcl' | 'setAcl' | 'sync'>>;
  readonly prompts: Pick<OperationPrompts, 'confirm'>;
}

/** The question before an ACL is replaced: stronger when no entry keeps the admin permission. */
export function aclConfirmation(
  path: string,
  clusterName: string,
  acl: readonly ZkAcl[],
): { message: string; detail: string; button: string } {
  const detail = acl.map(formatAcl).join('\n');
  if (!acl.some((a) => (a.perms & Perms.ADMIN) !== 0))
    return {
      message: `No entry keeps the admin permission: only the super user could change this ACL again. Save anyway?`,
      detail,
      button: 'Save',
    };
  return {
    message: `Replace the ACL of ${path} on ${clusterName} with ${acl.length} entr${acl.length === 1 ? 'y' : 'ies'}?`,
    detail,
    button: 'Save',
  };
}

/**
 * Replaces a znode's ACL after confirmation, with the ACL version it was edited against, so a
 * concurrent ACL change is refused instead of overwritten. Resolves to the entries written, or
 * undefined when the user declined.
 */
export async function editAcl(s: EditAclServices, args: EditAclArguments): Promise<string[] | undefined> {
  const cluster = writableCluster(EDIT_ACL, s.registry, args.clusterId);
  validateAcl(args.acl);
  const session = await s.connections.connect(cluster.id);
  // The version the edit replaces: the committed one, not a lagging member's (or the write fails as a conflict).
  const version = args.aclVersion ?? (await readLatest(session, args.path, () => session.getAcl(args.path))).stat.aversion;
  if (!(await s.prompts.confirm(aclConfirmation(args.path, cluster.name, args.acl)))) return undefined;
  await session.setAcl(args.path, args.acl, version);
  return args.acl.map(formatAcl);
}
