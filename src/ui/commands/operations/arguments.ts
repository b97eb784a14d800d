import * as z from 'zod';
import type { ClusterConfig } from '../../../core/clusters/clusterConfig';
import { pathProblem } from '../../../core/zk/paths';

/*
 * How an argument reaches an operation. A command called from code (tests, the dashboard, runbooks)
 * passes one plain argument object (or a cluster id): it is validated here with the command's zod
 * schema, and a bad one is refused with the command and the field named. Anything else (a tree row,
 * a zk: URI, nothing) came from the user: the command gathers the arguments with prompts instead.
 * Either way the same typed operation runs. No runtime `vscode` import: unit-tested in plain node.
 */

/** A command's argument was not valid: the message names the command and the field. */
export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
  constructor(
    readonly command: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${command}: ${field ? `argument "${field}"` : 'the argument'}: ${problem}`);
  }
}

/** True for what code passes (a plain object or a cluster id), false for a tree row, a URI or nothing. */
export function isScripted(arg: unknown): arg is string | Record<string, unknown> {
  if (typeof arg === 'string') return true;
  if (typeof arg !== 'object' || arg === null) return false;
  const proto: unknown = Object.getPrototypeOf(arg);
  return proto === Object.prototype || proto === null;
}

/** Most problems one error lists (the first ones; one is usually enough to fix the call). */
const MAX_LISTED = 3;

/** Validates `raw` against a command's schema; throws an ArgumentError naming the first bad field. */
export function parseArguments<S extends z.ZodType>(command: string, schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const [first, ...rest] = parsed.error.issues;
  const field = (first?.path ?? []).map(String).join('.');
  const more = rest.slice(0, MAX_LISTED - 1).map((i) => `; ${i.path.map(String).join('.') || 'argument'}: ${i.message}`);
  throw new ArgumentError(command, field, `${first?.message ?? 'invalid'}${more.join('')}${rest.length >= MAX_LISTED ? '; …' : ''}`);
}

/** The steps of a command callable from code: gather (the user's), operate (everyone's), report (the user's). */
export interface OperationSteps<A, O> {
  readonly id: string;
  /** The argument object code passes (documented on each schema). */
  readonly schema: z.ZodType<A>;
  /** Asks the user (prompts, pickers, the tree row it was invoked on); undefined: cancelled. */
  gather(arg: unknown): Promise<A | undefined>;
  /** The typed operation; undefined when the user declined a confirmation. */
  operate(args: A): Promise<O | undefined>;
  /** What the user sees afterwards (a notification, an editor); code gets the outcome only. */
  report?(outcome: O, args: A): unknown;
}

/** Runs a command: a scripted argument is validated, anything else is gathered; then the operation. */
export async function runOperation<A, O>(steps: OperationSteps<A, O>, arg: unknown): Promise<O | undefined> {
  const scripted = isScripted(arg);
  const args = scripted ? parseArguments(steps.id, steps.schema, arg) : await steps.gather(arg);
  if (args === undefined) return undefined;
  const outcome = await steps.operate(args);
  if (outcome !== undefined && !scripted) await steps.report?.(outcome, args);
  return outcome;
}

/** A znode path by ZooKeeper's rules. */
export const znodePath = z.string().superRefine((path, ctx) => {
  const problem = pathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The id of a configured cluster (its existence is checked when the operation looks it up). */
export const clusterId = z.string().min(1);

/** `{clusterId}` or the bare id: what the cluster commands (connect, disconnect, …) take from code. */
export const clusterRef = z.union([clusterId.transform((id) => ({ clusterId: id })), z.strictObject({ clusterId })]);
export type ClusterRef = z.output<typeof clusterRef>;

/** Looks a cluster up by id (the ClusterRegistry). */
export interface ClusterLookup {
  get(id: string): ClusterConfig | undefined;
}

/** The cluster an argument names; an ArgumentError when none is configured with that id. */
export function clusterFor(command: string, clusters: ClusterLookup, id: string, field = 'clusterId'): ClusterConfig {
  const cluster = clusters.get(id);
  if (!cluster) throw new ArgumentError(command, field, `no cluster with id "${id}" is configured`);
  return cluster;
}

/** Thrown by an operation that refuses a write on a read-only cluster, before anything is sent. */
export function assertWritable(cluster: ClusterConfig): void {
  if (cluster.readOnly)
    throw new Error(`${cluster.name} is read-only: writes are refused. Turn off "read-only" in Edit Cluster to change it.`);
}

/** The cluster an argument names, refused when it is read-only. */
export function writableCluster(command: string, clusters: ClusterLookup, id: string): ClusterConfig {
  const cluster = clusterFor(command, clusters, id);
  assertWritable(cluster);
  return cluster;
}
