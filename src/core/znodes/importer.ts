/**
 * Import (restore) of an export file: plan, then apply with pipelined writes. A node's create
 * starts as soon as its parent exists, so wide trees run `concurrency` creates at once. Writes are
 * retried across connection blips; a retried create that finds the node with the intended data
 * counts as done, because the first attempt may have been applied before the connection dropped.
 *
 * A write that was sent and then lost its connection for good (a quorum loss outlasts the
 * retries) may or may not have been applied: it is counted as `unknown`, never as failed, and
 * once the session is connected again (within `verifyWithinMs`) each one is read back and
 * becomes done or failed by what the server holds.
 */
import { sameAcl } from './exportFormat';
import { ZkError, isZkError, toZkError } from '../zk/errors';
import { mapBounded } from '../zk/limiter';
import { parentPath } from '../zk/paths';
import type { CreateOptions, ZkSession } from '../zk/session';
import type { ExportDocument } from './exportFormat';
import { ImportPlan, ImportPlanOptions, ImportStep, describeStep, planImport } from './importPlan';
import { withRetry } from './retry';

/** `unknown`: sent, then the connection was lost; it may have been applied (and could not be checked). */
export type StepResult = 'done' | 'unchanged' | 'skipped' | 'failed' | 'unknown' | 'not-attempted';

export interface StepOutcome {
  readonly step: ImportStep;
  readonly result: StepResult;
  readonly error?: ZkError;
  readonly note?: string;
}

export interface ImportResult {
  readonly plan: ImportPlan;
  readonly dryRun: boolean;
  /** One per plan step, in plan order; empty for a dry run. */
  readonly outcomes: readonly StepOutcome[];
  readonly counts: Readonly<Record<StepResult, number>>;
  /** Writes whose outcome was unknown and that were read back after the connection returned. */
  readonly verified: number;
  readonly ms: number;
}

function emptyResultCounts(): Record<StepResult, number> {
  return { done: 0, unchanged: 0, skipped: 0, failed: 0, unknown: 0, 'not-attempted': 0 };
}

/** The plan found problems (bad ACLs, sizes, TTLs, depth): nothing was written. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  constructor(readonly problems: ImportPlan['problems']) {
    super(
      `${problems.length === 1 ? '1 problem' : `${problems.length} problems`} found before writing (first: ${problems[0]?.path}: ${problems[0]?.message}); ` +
        'nothing was written. Use --dry-run to see them all.',
    );
  }
}

/** The plan has conflicts and the policy is `fail`: nothing was written. */
export class ImportConflictError extends Error {
  override readonly name = 'ImportConflictError';
  constructor(readonly conflicts: readonly ImportStep[]) {
    const first = conflicts
      .slice(0, 5)
      .map((c) => c.path)
      .join(', ');
    super(
      `${conflicts.length === 1 ? '1 node already exists' : `${conflicts.length} nodes already exist`} with different content (${first}${conflicts.length > 5 ? ', …' : ''}); ` +
        'nothing was written. Use --on-conflict skip or overwrite, or --dry-run to see the plan.',
    );
  }
}

export interface ApplyOptions {
  /** Writes in flight (default 1000, the session's own in-flight bound). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** How long to wait for a connection to read back writes of unknown outcome. Default 30 000. */
  readonly verifyWithinMs?: number;
  /** Called once the writes are done, before waiting to read back `unknown` writes of unknown outcome. */
  readonly onReadBack?: (unknown: number, withinMs: number) => void;
}

/** Runs a write, remembering whether any attempt reached the server before its connection failed. */
function tracked<T>(write: () => Promise<T>, sent: { maybe: boolean }): () => Promise<T> {
  return () =>
    write().catch((err: unknown) => {
      if (isZkError(err) && err.mayHaveApplied) sent.maybe = true;
      throw err;
    });
}

function createSpec(step: ImportStep): CreateOptions {
  const node = step.node;
  const acl = step.deferAcl ? undefined : step.acl;
  if (node?.kind === 'container') return { mode: 'container', acl };
  if (node?.kind === 'ttl' && node.ttlMs !== undefined) return { mode: 'ttl', ttlMs: node.ttlMs, acl };
  return { mode: 'persistent', acl };
}

/** Makes the node look as the step wants (used when it exists although the plan said absent). */
async function overwrite(session: ZkSession, step: ImportStep, call: { signal?: AbortSignal }): Promise<void> {
  await withRetry(() => session.set(step.path, step.data, -1, call), call);
  if (!step.deferAcl) await withRetry(() => session.setAcl(step.path, step.acl, -1, call), call);
}

async function applyCreate(
  session: ZkSession,
  step: ImportStep,
  policy: ImportPlan['policy'],
  call: { signal?: AbortSignal },
): Promise<StepOutcome> {
  const sent = { maybe: false };
  try {
    await withRetry(
      tracked(() => session.create(step.path, step.data, createSpec(step), call), sent),
      call,
    );
    return { step, result: 'done' };
  } catch (err) {
    if (!isZkError(err, 'NODEEXISTS')) {
      if (sent.maybe) return { step, result: 'unknown', error: toZkError(err, { path: step.path }) };
      throw err;
    }
    if (sent.maybe) {
      const now = await withRetry(() => session.get(step.path, undefined, call), call);
      if (now.data.equals(step.data)) return { step, result: 'done', note: 'applied by an attempt whose reply was lost' };
    }
    if (policy === 'skip') return { step, result: 'skipped', note: 'it appeared after planning' };
    if (policy === 'overwrite') {
      await overwrite(session, step, call);
      return { step, result: 'done', note: 'it appeared after planning; overwritten' };
    }
    throw err;
  }
}

async function applyUpdate(session: ZkSession, step: ImportStep, call: { signal?: AbortSignal }): Promise<StepOutcome> {
  const seen = step.seen;
  const sent = { maybe: false };
  try {
    if (step.changes.includes('data')) {
      try {
        await withRetry(
          tracked(() => session.set(step.path, step.data, seen?.version ?? -1, call), sent),
          call,
        );
      } catch (err) {
        // A retried versioned set fails with BADVERSION when its first attempt was applied.
        const now = sent.maybe && isZkError(err, 'BADVERSION') ? await session.get(step.path, undefined, call) : undefined;
        if (!now?.data.equals(step.data)) throw err;
      }
    }
    if (step.changes.includes('acl'))
      await withRetry(
        tracked(() => session.setAcl(step.path, step.acl, -1, call), sent),
        call,
      );
  } catch (err) {
    if (sent.maybe) return { step, result: 'unknown', error: toZkError(err, { path: step.path }) };
    throw err;
  }
  return { step, result: 'done' };
}

/**
 * Reads back the steps of unknown outcome once the session is connected again: a create that is
 * there with its data (and an update whose data and ACL are in place) was applied, one that is
 * absent was not; what cannot be read stays unknown.
 */
async function verifyUnknown(session: ZkSession, results: StepOutcome[], options: ApplyOptions): Promise<number> {
  const unknown = results.map((r, i) => ({ r, i })).filter(({ r }) => r.result === 'unknown');
  if (!unknown.length || options.signal?.aborted) return 0;
  const withinMs = options.verifyWithinMs ?? 30_000;
  options.onReadBack?.(unknown.length, withinMs);
  try {
    await session.waitFor('connected', { timeoutMs: withinMs, signal: options.signal });
  } catch {
    return 0;
  }
  const reads = await session.readMany(
    unknown.flatMap(({ r }) => [
      { op: 'get' as const, path: r.step.path, dataLength: r.step.data.length },
      { op: 'getAcl' as const, path: r.step.path },
    ]),
    { timeoutMs: withinMs, signal: options.signal },
  );
  let verified = 0;
  unknown.forEach(({ r, i }, k) => {
    const data = reads[2 * k]!;
    const acl = reads[2 * k + 1]!;
    if (!data.ok && data.error.is('NONODE') && r.step.action === 'create') {
      verified++;
      results[i] = { step: r.step, result: 'failed', error: r.error, note: 'not applied (read back after the connection returned)' };
      return;
    }
    if (!data.ok || data.op !== 'get') return;
    const aclDone = r.step.deferAcl || (acl.ok && acl.op === 'getAcl' && sameAcl(acl.value.acl, r.step.acl));
    const applied = data.value.data.equals(r.step.data) && aclDone;
    if (r.step.action === 'create' || applied) {
      verified++;
      results[i] = applied
        ? { step: r.step, result: 'done', note: 'applied; read back after the connection returned' }
        : {
            step: r.step,
            result: 'failed',
            error: r.error,
            note: 'it exists, but not as imported (read back after the connection returned)',
          };
    }
  });
  return verified;
}

/**
 * Applies a plan. Refuses a plan with problems (ImportRefusedError) or conflicts
 * (ImportConflictError) before writing anything.
 */
export async function applyImport(session: ZkSession, plan: ImportPlan, options: ApplyOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  if (plan.problems.length) throw new ImportRefusedError(plan.problems);
  const conflicts = plan.steps.filter((s) => s.action === 'conflict');
  if (conflicts.length) throw new ImportConflictError(conflicts);
  const call = { signal: options.signal };
  const ready = new Map<string, Promise<boolean>>();
  let done = 0;
  const total = plan.steps.length;

  const run = async (step: ImportStep): Promise<StepOutcome> => {
    const parent = parentPath(step.path);
    const parentOk = parent === undefined ? true : await (ready.get(parent) ?? Promise.resolve(true));
    if (!parentOk) return { step, result: 'not-attempted', note: 'its parent failed' };
    switch (step.action) {
      case 'create':
        return applyCreate(session, step, plan.policy, call);
      case 'update':
        return applyUpdate(session, step, call);
      case 'unchanged':
        return { step, result: 'unchanged' };
      case 'skip':
        return { step, result: 'skipped' };
      case 'skip-ephemeral':
      case 'conflict':
        return { step, result: 'skipped' };
    }
  };

  const outcomes = await mapBounded(
    plan.steps,
    (step) => {
      // Registered synchronously when the step is pulled, before any child can look for it.
      const p = run(step).catch((err: unknown): StepOutcome => ({ step, result: 'failed', error: toZkError(err, { path: step.path }) }));
      ready.set(
        step.path,
        p.then((o) => o.result === 'done' || o.result === 'unchanged' || (o.result === 'skipped' && step.action !== 'skip-ephemeral')),
      );
      return p.finally(() => {
        done++;
        if (options.onProgress && done % 1000 === 0) options.onProgress(done, total);
      });
    },
    { concurrency: options.concurrency ?? 1000, signal: options.signal },
  );
  const results: StepOutcome[] = outcomes.map((o) => (o.ok ? o.value : { step: o.item, result: 'not-attempted', error: o.error }));
  for (let i = results.length; i < plan.steps.length; i++)
    results.push({ step: plan.steps[i]!, result: 'not-attempted', note: 'cancelled' });

  // ACLs that deny create were held back until the children existed.
  const deferred = results.filter((r) => r.step.deferAcl && r.result === 'done');
  const aclSent = new Map<StepOutcome, { maybe: boolean }>(deferred.map((r) => [r, { maybe: false }]));
  const aclOutcomes = await mapBounded(
    deferred,
    (r) =>
      withRetry(
        tracked(() => session.setAcl(r.step.path, r.step.acl, -1, call), aclSent.get(r)!),
        call,
      ),
    {
      concurrency: 256,
      signal: options.signal,
    },
  );
  for (const o of aclOutcomes) {
    if (o.ok) continue;
    const i = results.indexOf(o.item);
    const maybe = aclSent.get(o.item)!.maybe;
    // Read back as an update would be: the ACL is checked, the deferral no longer applies.
    results[i] = maybe
      ? { step: { ...o.item.step, deferAcl: false }, result: 'unknown', error: o.error, note: 'created; its ACL may not have been set' }
      : { step: o.item.step, result: 'failed', error: o.error, note: 'created, but its ACL could not be set' };
  }
  const verified = await verifyUnknown(session, results, options);
  options.onProgress?.(total, total);
  const counts = emptyResultCounts();
  for (const r of results) counts[r.result]++;
  return { plan, dryRun: false, outcomes: results, counts, verified, ms: performance.now() - started };
}

export interface ImportOptions extends ImportPlanOptions, ApplyOptions {
  readonly dryRun?: boolean;
}

/** Plans and (unless dry run) applies importing `doc` under `targetRoot`. */
export async function importTree(
  session: ZkSession,
  doc: ExportDocument,
  targetRoot: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const plan = await planImport(session, doc, targetRoot, options);
  if (options.dryRun)
    return { plan, dryRun: true, outcomes: [], counts: emptyResultCounts(), verified: 0, ms: performance.now() - started };
  return applyImport(session, plan, options);
}

/** The lines the CLI prints: one per node, then a summary line. */
export function describeImport(result: ImportResult): string[] {
  const notes = [
    ...result.plan.problems.map((p) => `invalid ${p.path}: ${p.message}`),
    ...result.plan.warnings.map((w) => `warning ${w.path}: ${w.message}`),
  ];
  if (result.dryRun) {
    const c = result.plan.counts;
    const n = result.plan.problems.length;
    const problems = n ? `; ${n} problem${n === 1 ? '' : 's'} (a real import would refuse and write nothing)` : '';
    return [
      ...result.plan.steps.map((s) => describeStep(s, true)),
      ...notes,
      `dry run: would create ${c.create}, update ${c.update}, skip ${c.skip + c['skip-ephemeral']}, leave ` +
        `${c.unchanged} unchanged; ${c.conflict} conflict${c.conflict === 1 ? '' : 's'}${problems}; nothing written`,
    ];
  }
  const lines = result.outcomes.map((o) => {
    if (o.result === 'failed') return `failed ${o.step.path}: ${o.error?.message ?? 'unknown error'}${o.note ? ` (${o.note})` : ''}`;
    if (o.result === 'unknown')
      return `may have applied ${o.step.path}: ${o.error?.message ?? 'connection lost'}${o.note ? ` (${o.note})` : ''}`;
    if (o.result === 'not-attempted') return `not attempted ${o.step.path}${o.note ? ` (${o.note})` : ''}`;
    if (o.result === 'skipped' && o.note) return `skip ${o.step.path} (${o.note})`;
    return describeStep(o.step, false) + (o.note && o.result === 'done' ? ` (${o.note})` : '');
  });
  const c = result.counts;
  const created = result.outcomes.filter((o) => o.result === 'done' && o.step.action === 'create').length;
  const updated = c.done - created;
  const checked = result.verified ? `; ${result.verified} of unknown outcome read back after the connection returned` : '';
  lines.push(...notes);
  lines.push(
    `imported: created ${created}, updated ${updated}, unchanged ${c.unchanged}, skipped ${c.skipped}, failed ${c.failed}, ` +
      `may have applied ${c.unknown}, not attempted ${c['not-attempted']} (${Math.round(result.ms)} ms${checked})`,
  );
  return lines;
}
