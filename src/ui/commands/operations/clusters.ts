import * as z from 'zod';
import { ClusterConfig, clusterId as idOfName } from '../../../core/clusters/clusterConfig';
import { ConnectStringError, parseConnectString } from '../../../core/connectString';
import type { DigestCredentials } from '../../clusters';
import { ClusterLookup, ClusterRef, clusterFor } from './arguments';
import type { OperationPrompts } from './services';

export const ADD_CLUSTER = 'zookeeper.addCluster';
export const REMOVE_CLUSTER = 'zookeeper.removeCluster';

/** Why a connect string is unusable, or undefined. */
export function connectStringProblem(text: string): string | undefined {
  try {
    parseConnectString(text);
    return undefined;
  } catch (err) {
    return err instanceof ConnectStringError ? err.message : String(err);
  }
}

/**
 * The argument of `zookeeper.addCluster` from code: `{ name, connectString, readOnly?, refresh?,
 * user?, password? }`. `refresh` is "watch" (default) or "manual"; `user` and `password` (digest
 * credentials, kept in the editor's secret storage only) go together. Resolves to the new id.
 */
export const addClusterArguments = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    connectString: z
      .string()
      .trim()
      .superRefine((text, ctx) => {
        const problem = connectStringProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: `Invalid connect string: ${problem}` });
      }),
    readOnly: z.boolean().default(false),
    refresh: z.enum(['watch', 'manual']).default('watch'),
    user: z
      .string()
      .min(1)
      .refine((u) => !u.includes(':'), 'a digest user cannot contain ":"')
      .optional(),
    password: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.user === undefined) !== (a.password === undefined))
      ctx.addIssue({ code: 'custom', path: [a.user === undefined ? 'user' : 'password'], message: 'user and password go together' });
  })
  .transform((a): ClusterForm => ({
    config: { id: idOfName(a.name), name: a.name, connectString: a.connectString, readOnly: a.readOnly, refresh: a.refresh },
    credentials: a.user !== undefined && a.password !== undefined ? { user: a.user, password: a.password } : undefined,
  }));

/** What the add/edit steps collect. `credentials`: undefined keeps the stored ones, null removes them. */
export interface ClusterForm {
  readonly config: ClusterConfig;
  readonly credentials: DigestCredentials | null | undefined;
}

export interface AddClusterServices {
  readonly registry: {
    list(): readonly ClusterConfig[];
    add(cluster: ClusterConfig): Promise<void>;
    setCredentials(id: string, credentials: DigestCredentials | undefined): Promise<void>;
    setActive(id: string): Promise<void>;
  };
}

/** Adds a cluster (credentials to secret storage only); the first one becomes active. Resolves to its id. */
export async function addCluster(s: AddClusterServices, form: ClusterForm): Promise<string> {
  await s.registry.add(form.config);
  if (form.credentials) await s.registry.setCredentials(form.config.id, form.credentials);
  if (s.registry.list().length === 1) await s.registry.setActive(form.config.id);
  return form.config.id;
}

export interface RemoveClusterServices {
  readonly registry: ClusterLookup & { remove(id: string): Promise<void> };
  readonly connections: { disconnect(clusterId: string): Promise<void> };
  readonly prompts: Pick<OperationPrompts, 'confirm'>;
}

/** Removes a cluster and its stored credentials after confirmation; nothing on the server changes. */
export async function removeCluster(s: RemoveClusterServices, args: ClusterRef): Promise<boolean | undefined> {
  const cluster = clusterFor(REMOVE_CLUSTER, s.registry, args.clusterId);
  const sure = await s.prompts.confirm({
    message: `Remove the cluster "${cluster.name}" (${cluster.connectString}) and its stored credentials? Nothing on the server changes.`,
    button: 'Remove',
  });
  if (!sure) return undefined;
  await s.connections.disconnect(cluster.id);
  await s.registry.remove(cluster.id);
  return true;
}
