import * as z from 'zod';
import { ExportDocument, parseExportBytes } from '../../../core/znodes/exportFormat';
import { CONFLICT_POLICIES } from '../../../core/znodes/importPlan';
import { ImportResult, applyImport, describeImport, importTree } from '../../../core/znodes/importer';
import type { ZkSession } from '../../../core/zk/session';
import { clusterId, writableCluster, znodePath } from './arguments';
import { TransferServices, localFile } from './exportSubtree';
import type { Files, OperationPrompts, TreeReloads } from './services';

export const IMPORT_SUBTREE = 'zookeeper.importSubtree';

/**
 * The argument of `zookeeper.importSubtree` from code: `{ clusterId, path, file, policy?, apply?,
 * includeEphemeral?, forceDepth? }`. Imports the export `file` (absolute path) under `path`.
 * `policy` decides for nodes that exist with other content: "fail" (default: import nothing),
 * "skip" or "overwrite". Without `apply: true` it is a dry run: the plan is returned and nothing is
 * written. With it the plan is shown and the user still confirms before anything is written (a
 * refusal returns the dry run). `forceDepth` imports nodes past the snapshot-safe depth without
 * asking. Resolves to the importer's result (`dryRun`, `plan`, `counts`, …).
 */
export const importArguments = z.strictObject({
  clusterId,
  path: znodePath,
  file: localFile,
  policy: z.enum(CONFLICT_POLICIES).default('fail'),
  apply: z.boolean().default(false),
  includeEphemeral: z.boolean().default(false),
  forceDepth: z.boolean().default(false),
});
export type ImportArguments = z.output<typeof importArguments>;

export interface ImportServices extends TransferServices {
  readonly prompts: Pick<OperationPrompts, 'confirm'>;
  readonly tree: TreeReloads;
  /** Shows the dry run's lines (the plan) before the user confirms. */
  readonly preview: { show(clusterId: string, root: string, lines: readonly string[]): Promise<void> };
}

/** Reads and checks an export file (the gather step reads it too, to offer its root). */
export async function readExport(files: Files, file: string): Promise<ExportDocument> {
  return parseExportBytes(await files.read(file));
}

/** True when every problem of the plan is a node past the snapshot-safe depth: the one problem a user may overrule. */
function onlyTooDeep(dry: ImportResult): boolean {
  const problems = dry.plan.problems;
  return problems.length > 0 && problems.every((p) => p.message.includes('--force-depth'));
}

/**
 * Imports an export file: a dry run first; with `apply`, the plan is shown and written only after
 * the user confirms (whoever called: the palette, a test, the dashboard or a runbook).
 */
export async function importSubtree(s: ImportServices, args: ImportArguments): Promise<ImportResult | undefined> {
  const doc = await readExport(s.files, args.file);
  const cluster = writableCluster(IMPORT_SUBTREE, s.registry, args.clusterId);
  const session = await s.connections.connect(cluster.id);
  const plan = (forceDepth: boolean): Promise<ImportResult> =>
    s.progress.run('Planning the import (dry run)', (_report, signal) =>
      importTree(session, doc, args.path, {
        dryRun: true,
        onConflict: args.policy,
        includeEphemeral: args.includeEphemeral,
        forceDepth,
        signal,
      }),
    );
  let dry = await plan(args.forceDepth);
  if (!args.apply) return dry;
  // Nodes past the snapshot-safe depth are the one problem a user may overrule: ask, then plan again.
  if (!args.forceDepth && onlyTooDeep(dry)) {
    const deep = dry.plan.problems;
    const sure = await s.prompts.confirm({
      message: `${deep.length} node(s) of the import would be deeper than ZooKeeper can safely snapshot. Import them anyway?`,
      detail: deep[0]!.message.replace(/; pass --force-depth.*$/, ''),
      button: 'Import Anyway',
    });
    if (!sure) return dry;
    dry = await plan(true);
  }
  const lines = describeImport(dry);
  await s.preview.show(cluster.id, args.path, lines);
  if (dry.plan.problems.length)
    throw new Error(
      `The import has ${dry.plan.problems.length} problem(s) (lines starting "invalid" in the preview): nothing was imported.`,
    );
  const c = dry.plan.counts;
  if (c.conflict && args.policy === 'fail')
    throw new Error(`The import would meet ${c.conflict} conflict(s) and the policy is "fail": nothing was imported. See the preview.`);
  const sure = await s.prompts.confirm({
    message: `Import ${doc.count} node(s) into ${args.path} on ${cluster.name}?`,
    detail: lines[lines.length - 1] ?? '',
    button: `Import (${c.create} create, ${c.update} update)`,
  });
  if (!sure) return dry;
  return apply(s, session, cluster, args.path, dry);
}

async function apply(
  s: ImportServices,
  session: ZkSession,
  cluster: { id: string; name: string },
  root: string,
  dry: ImportResult,
): Promise<ImportResult> {
  const result = await s.progress.run(`Importing into ${root}`, (report, signal) =>
    applyImport(session, dry.plan, { signal, onProgress: (done, total) => report(`${done} of ${total}`) }),
  );
  for (const line of describeImport(result)) s.output.appendLine(`[import ${cluster.name}] ${line}`);
  s.tree.reload(cluster.id, root, true);
  return result;
}
