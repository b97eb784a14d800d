/**
 * What an import would do, decided before anything is written: for every node of the file, create
 * it, update it, leave it, skip it or report a conflict, following the conflict policy.
 *
 * Only nodes whose parent already exists can exist themselves, so a restore into an empty place
 * costs one `exists` (for the root) and the plan of a partial overlap reads only the overlap.
 */
import { ZkAcl, Perms } from '../zk/acl';
import { ZkError } from '../zk/errors';
import { mapBounded } from '../zk/limiter';
import { parentPath } from '../zk/paths';
import type { ZkSession } from '../zk/session';
import type { ZkStat } from '../zk/stat';
import { ExportDocument, ExportedNode, decodeData, importAcl, sameAcl, targetPath } from './exportFormat';
import { depthOf } from './depth';
import { depthCheck, nodeProblems, serversSupportTtl } from './importChecks';
import { withRetry } from './retry';

export type ConflictPolicy = 'skip' | 'overwrite' | 'fail';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['skip', 'overwrite', 'fail'];

/**
 * - `create`: absent, will be created (`ancestor` for a missing parent of the target root);
 * - `update`: exists with other data/ACL, overwritten (policy overwrite);
 * - `unchanged`: exists with the same data and ACL;
 * - `skip`: exists with other data/ACL, left alone (policy skip);
 * - `conflict`: exists with other data/ACL (policy fail): the import refuses to start;
 * - `skip-ephemeral`: ephemeral in the file and ephemerals were not asked for.
 */
export type ImportAction = 'create' | 'update' | 'unchanged' | 'skip' | 'conflict' | 'skip-ephemeral';

export interface ImportStep {
  readonly action: ImportAction;
  /** Where it goes on the target. */
  readonly path: string;
  /** The file's node; undefined for an ancestor of the target root that is missing. */
  readonly node: ExportedNode | undefined;
  readonly data: Buffer;
  readonly acl: readonly ZkAcl[];
  /** For update/skip/conflict: what differs. */
  readonly changes: readonly ('data' | 'acl')[];
  /** For update: the versions seen while planning, so a change in between is caught. */
  readonly seen: ZkStat | undefined;
  /** For create: the ACL is applied after the node's children exist (it denies create). */
  readonly deferAcl: boolean;
}

export interface ImportPlanOptions {
  readonly onConflict?: ConflictPolicy;
  /** Restore ephemeral nodes of the file, as persistent nodes. */
  readonly includeEphemeral?: boolean;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Create nodes deeper than REFUSE_DEPTH anyway (they only warn then). */
  readonly forceDepth?: boolean;
}

/** Something about one node, found while planning. */
export interface PlanNote {
  readonly path: string;
  readonly message: string;
}

export interface ImportPlan {
  readonly targetRoot: string;
  readonly policy: ConflictPolicy;
  readonly steps: readonly ImportStep[];
  readonly counts: Readonly<Record<ImportAction, number>>;
  /** What would make writes fail (bad ACLs, sizes, TTLs, depth): the import refuses to start. */
  readonly problems: readonly PlanNote[];
  /** What is allowed but risky (deep nodes). */
  readonly warnings: readonly PlanNote[];
}

function emptyCounts(): Record<ImportAction, number> {
  return { create: 0, update: 0, unchanged: 0, skip: 0, conflict: 0, 'skip-ephemeral': 0 };
}

/** True when `acl` lets a session with no credentials create children. */
function anyoneMayCreate(acl: readonly ZkAcl[]): boolean {
  return acl.some((a) => a.scheme === 'world' && a.id === 'anyone' && (a.perms & Perms.CREATE) !== 0);
}

/** Plans importing `doc` under `targetRoot` on `session`. Reads only; never writes. */
export async function planImport(
  session: ZkSession,
  doc: ExportDocument,
  targetRoot: string,
  options: ImportPlanOptions = {},
): Promise<ImportPlan> {
  const policy = options.onConflict ?? 'fail';
  const call = { signal: options.signal };
  const retry = { signal: options.signal };
  const steps: ImportStep[] = [];

  // Missing ancestors of the target root are created empty and open, like `mkdir -p`.
  const ancestors: string[] = [];
  for (let p = parentPath(targetRoot); p && p !== '/'; p = parentPath(p)) ancestors.unshift(p);
  let parentExists = true;
  for (const a of ancestors) {
    if (parentExists) parentExists = (await withRetry(() => session.exists(a, undefined, call), retry)) !== null;
    if (!parentExists) {
      steps.push({
        action: 'create',
        path: a,
        node: undefined,
        data: Buffer.alloc(0),
        acl: [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }],
        changes: [],
        seen: undefined,
        deferAcl: false,
      });
    }
  }

  const hasChildren = new Set<string>();
  for (const n of doc.nodes) if (n.path !== '/') hasChildren.add(n.path.slice(0, n.path.lastIndexOf('/')) || '/');

  // Which file nodes may already exist: those whose parent exists on the target.
  const candidates = parentExists ? doc.nodes.filter((n) => n.path === '/') : [];
  const found = new Map<string, { data: Buffer; stat: ZkStat; acl: ZkAcl[] } | null>();
  // Level by level: a node is looked up only when its parent turned out to exist.
  const byParent = new Map<string, ExportedNode[]>();
  for (const n of doc.nodes) {
    if (n.path === '/') continue;
    const parent = n.path.slice(0, n.path.lastIndexOf('/')) || '/';
    const list = byParent.get(parent);
    if (list) list.push(n);
    else byParent.set(parent, [n]);
  }
  let level = candidates;
  while (level.length) {
    const outcomes = await mapBounded(
      level,
      async (n) => {
        const path = targetPath(targetRoot, n.path);
        const stat = await withRetry(() => session.exists(path, undefined, call), retry);
        if (!stat) return null;
        const [got, acl] = await Promise.all([
          withRetry(() => session.get(path, undefined, call), retry),
          withRetry(() => session.getAcl(path, call), retry),
        ]);
        return { data: got.data, stat: got.stat, acl: acl.acl };
      },
      { concurrency: options.concurrency ?? 256, signal: options.signal, stopOnError: true },
    );
    const next: ExportedNode[] = [];
    for (const o of outcomes) {
      if (!o.ok) throw o.error;
      found.set(o.item.path, o.value);
      if (o.value) {
        next.push(...(byParent.get(o.item.path) ?? []));
      }
    }
    if (options.signal?.aborted) throw new ZkError('CANCELLED', { op: 'import' });
    level = next;
  }

  const ephemeralSkipped = new Set<string>();
  for (const node of doc.nodes) {
    const path = targetPath(targetRoot, node.path);
    const data = decodeData(node);
    const acl = importAcl(node.acl);
    const parentRel = node.path === '/' ? undefined : node.path.slice(0, node.path.lastIndexOf('/')) || '/';
    if ((node.ephemeral && !options.includeEphemeral) || (parentRel !== undefined && ephemeralSkipped.has(parentRel))) {
      ephemeralSkipped.add(node.path);
      steps.push({ action: 'skip-ephemeral', path, node, data, acl, changes: [], seen: undefined, deferAcl: false });
      continue;
    }
    const existing = found.get(node.path);
    if (!existing) {
      const deferAcl = hasChildren.has(node.path) && !anyoneMayCreate(acl);
      steps.push({ action: 'create', path, node, data, acl, changes: [], seen: undefined, deferAcl });
      continue;
    }
    const changes: ('data' | 'acl')[] = [];
    if (!existing.data.equals(data)) changes.push('data');
    if (!sameAcl(existing.acl, acl)) changes.push('acl');
    const action: ImportAction =
      changes.length === 0 ? 'unchanged' : policy === 'overwrite' ? 'update' : policy === 'skip' ? 'skip' : 'conflict';
    steps.push({ action, path, node, data, acl, changes, seen: existing.stat, deferAcl: false });
  }
  const counts = emptyCounts();
  for (const s of steps) counts[s.action]++;
  return { targetRoot, policy, steps, counts, ...(await checkSteps(session, steps, options)) };
}

/** Runs the checks of importChecks.ts over every step that writes or could write. */
async function checkSteps(
  session: ZkSession,
  steps: readonly ImportStep[],
  options: ImportPlanOptions,
): Promise<Pick<ImportPlan, 'problems' | 'warnings'>> {
  const problems: PlanNote[] = [];
  const warnings: PlanNote[] = [];
  const ttlCreates: ImportStep[] = [];
  // Depth is reported once, for the deepest node: a deep chain would otherwise repeat it per level.
  let deepest: ImportStep | undefined;
  let tooDeep = 0;
  for (const step of steps) {
    if (step.action === 'create') {
      if (!deepest || depthOf(step.path) > depthOf(deepest.path)) deepest = step;
      if (depthCheck(step.path, session.chroot, false).problem) tooDeep++;
      if (step.node?.kind === 'ttl') ttlCreates.push(step);
    }
    if (!step.node || (step.action !== 'create' && step.action !== 'update' && step.action !== 'conflict')) continue;
    for (const message of nodeProblems(
      step.node,
      step.path,
      step.data,
      step.acl,
      step.action === 'create' ? 'create' : 'set',
      session.chroot,
    )) {
      problems.push({ path: step.path, message });
    }
  }
  const depth = deepest ? depthCheck(deepest.path, session.chroot, options.forceDepth === true) : {};
  const others = tooDeep > 1 ? ` (and ${tooDeep - 1} more node(s) past the limit)` : '';
  if (deepest && depth.problem) problems.push({ path: deepest.path, message: depth.problem + others });
  if (deepest && depth.warning) warnings.push({ path: deepest.path, message: depth.warning + others });
  if (ttlCreates.length && (await serversSupportTtl(session, options.signal)) === false) {
    const message =
      'a TTL node, but the servers do not create TTL nodes (they need extendedTypesEnabled=true, zookeeper.extendedTypesEnabled)';
    for (const step of ttlCreates) problems.push({ path: step.path, message });
  }
  return { problems, warnings };
}

/** One line per step, as the CLI prints it: `create /a`, `would update /b (data, acl)`. */
export function describeStep(step: ImportStep, dryRun: boolean): string {
  const verb: Record<ImportAction, string> = {
    create: dryRun ? 'would create' : 'create',
    update: dryRun ? 'would update' : 'update',
    unchanged: 'unchanged',
    skip: dryRun ? 'would skip' : 'skip',
    conflict: 'conflict',
    'skip-ephemeral': dryRun ? 'would skip ephemeral' : 'skip ephemeral',
  };
  const why =
    step.action === 'conflict' || step.action === 'skip' || step.action === 'update'
      ? ` (exists with different ${step.changes.join(' and ')})`
      : step.action === 'create' && !step.node
        ? ' (missing parent of the target)'
        : '';
  return `${verb[step.action]} ${step.path}${why}`;
}
