import * as path from 'node:path';
import * as z from 'zod';
import { serializeExport } from '../../../core/znodes/exportFormat';
import {
  ExportResult,
  MASKED_ACL_POLICIES,
  MaskedAclError,
  MaskedAclPolicy,
  describeMasked,
  exportTree,
} from '../../../core/znodes/exporter';
import { ClusterLookup, clusterFor, clusterId, znodePath } from './arguments';
import { Files, Log, OperationPrompts, Progress, Sessions, stamped } from './services';

export const EXPORT_SUBTREE = 'zookeeper.exportSubtree';

/** An absolute local file path. */
export const localFile = z.string().refine((f) => path.isAbsolute(f), 'must be an absolute file path');

/**
 * The argument of `zookeeper.exportSubtree` from code: `{ clusterId, path, file, aclMasked? }`.
 * `file` is the absolute path of the JSON file to write (replaced if it exists). `aclMasked` says
 * what to do with nodes whose ACL this connection sees masked (as `zkops export --acl-masked`):
 * "fail" (default: nothing is written), "keep" (as seen), "skip" (leave them out), or "ask" (ask
 * the user when it happens, as the palette does). Resolves to `{ count, file }`.
 */
export const exportArguments = z.strictObject({
  clusterId,
  path: znodePath,
  file: localFile,
  aclMasked: z.enum([...MASKED_ACL_POLICIES, 'ask']).default('fail'),
});
export type ExportArguments = z.output<typeof exportArguments>;

/** What export and import both take: a cluster's session, progress, local files and the log. */
export interface TransferServices {
  readonly registry: ClusterLookup;
  readonly connections: Sessions;
  readonly progress: Progress;
  readonly files: Files;
  readonly output: Log;
}

export interface ExportServices extends TransferServices {
  /** Asked what to do with masked ACLs when `aclMasked` is "ask". */
  readonly prompts: Pick<OperationPrompts, 'choose'>;
}

export interface ExportOutcome {
  readonly count: number;
  readonly file: string;
  /** What was left out or kept as seen, for the user (empty when everything was exported as read). */
  readonly skipped: string;
}

const KEEP = 'Keep as Seen';
const SKIP = 'Leave Those Nodes Out';

/** Exports a subtree (data, ACLs, kinds, stats) to a JSON file. */
export async function exportSubtree(s: ExportServices, args: ExportArguments): Promise<ExportOutcome | undefined> {
  const cluster = clusterFor(EXPORT_SUBTREE, s.registry, args.clusterId);
  const session = await s.connections.connect(cluster.id);
  const run = (maskedAcl: MaskedAclPolicy): Promise<ExportResult> =>
    s.progress.run(`Exporting ${args.path}`, (report, signal) =>
      exportTree(session, args.path, {
        stats: true,
        maskedAcl,
        signal,
        onProgress: (done) => report(`${done.toLocaleString('en-US')} nodes`),
      }),
    );
  let used: MaskedAclPolicy = args.aclMasked === 'ask' ? 'fail' : args.aclMasked;
  let result: ExportResult;
  try {
    result = await run(used);
  } catch (err) {
    if (!(err instanceof MaskedAclError) || args.aclMasked !== 'ask') throw err;
    // Same choice as `zkops export --acl-masked keep|skip`; nothing is written unless picked.
    for (const node of err.nodes) s.output.appendLine(`[export ${cluster.name}] masked ACL ${describeMasked(node)}`);
    const choice = await s.prompts.choose({
      message: `${err.nodes.length} node(s) have ACLs this connection cannot read faithfully.`,
      detail: `${err.message}\n\n${err.nodes.slice(0, 5).map(describeMasked).join('\n')}${err.nodes.length > 5 ? '\n…' : ''}`,
      buttons: [KEEP, SKIP],
    });
    if (!choice) return undefined;
    used = choice === KEEP ? 'keep' : 'skip';
    result = await run(used);
  }
  const { document, unreadable, masked } = result;
  await s.files.write(args.file, Buffer.from(serializeExport(document), 'utf8'));
  const maskedNote = masked.length ? `, ${masked.length} with masked ACLs ${used === 'skip' ? 'left out' : 'kept as seen'}` : '';
  const skipped = unreadable.length || masked.length ? ` (${unreadable.length} unreadable node(s) skipped${maskedNote})` : '';
  s.output.appendLine(stamped(`exported ${document.count} node(s) of ${args.path} on ${cluster.name} to ${args.file}${skipped}`));
  return { count: document.count, file: args.file, skipped };
}
