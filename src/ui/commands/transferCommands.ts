import * as os from 'node:os';
import * as vscode from 'vscode';
import { backupFileName } from '../../core/znodes/backupFile';
import { detectKind, renderView } from '../../core/znodes/codec';
import { ExportDocument, parseExportBytes, serializeExport } from '../../core/znodes/exportFormat';
import { ExportResult, MASKED_ACL_POLICIES, MaskedAclError, MaskedAclPolicy, describeMasked, exportTree } from '../../core/znodes/exporter';
import { ConflictPolicy } from '../../core/znodes/importPlan';
import { ImportResult, applyImport, describeImport, importTree } from '../../core/znodes/importer';
import { DiffSide, diffTrees } from '../../core/znodes/treeDiff';
import { DiffEntryNode, DiffResultsNode } from '../explorer/results/resultNodes';
import { Command, assertWritable } from './command';
import { ExplorerContext, Target, askPath, pickCluster, resolveTarget, sessionOf } from './context';
import { aclText } from './aclCommands';
import { abortOn } from './writeCommands';

interface Scripted {
  readonly clusterId: string;
  readonly path: string;
  readonly file?: string;
}

function scriptedTarget(ctx: ExplorerContext, arg: unknown): (Target & { file?: string; raw: Record<string, unknown> }) | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Partial<Scripted> & Record<string, unknown>;
  if (typeof a.clusterId !== 'string' || typeof a.path !== 'string') return undefined;
  const cluster = ctx.registry.get(a.clusterId);
  if (!cluster) throw new Error(`No cluster with id "${a.clusterId}" is configured.`);
  return { cluster, path: a.path, file: typeof a.file === 'string' ? a.file : undefined, raw: a };
}

/** Exports a subtree (data, ACLs, kinds, stats) to a JSON file the user picks. */
export class ExportSubtree implements Command {
  readonly id = 'zookeeper.exportSubtree';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<{ count: number; file: string } | undefined> {
    const scripted = scriptedTarget(this.ctx, arg);
    const target = scripted ?? (await resolveTarget(this.ctx, arg, 'Subtree to export'));
    if (!target) return undefined;
    let file = scripted?.file ? vscode.Uri.file(scripted.file) : undefined;
    if (!file) {
      const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      file = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(base, `${target.cluster.id}_${backupFileName(target.path)}`),
        filters: { 'ZooKeeper export': ['json'] },
        title: `Export ${target.path} from ${target.cluster.name}`,
      });
    }
    if (!file) return undefined;
    const session = await sessionOf(this.ctx, target.cluster);
    const run = (maskedAcl: MaskedAclPolicy): Thenable<ExportResult> =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Exporting ${target.path}`, cancellable: true },
        (progress, token) =>
          exportTree(session, target.path, {
            stats: true,
            maskedAcl,
            signal: abortOn(token),
            onProgress: (done) => progress.report({ message: `${done.toLocaleString('en-US')} nodes` }),
          }),
      );
    const scriptedPolicy = scripted?.raw.aclMasked;
    if (scriptedPolicy !== undefined && !MASKED_ACL_POLICIES.includes(scriptedPolicy as MaskedAclPolicy)) {
      throw new Error(`aclMasked must be one of ${MASKED_ACL_POLICIES.join(', ')}.`);
    }
    let result: ExportResult;
    let used = (scriptedPolicy as MaskedAclPolicy | undefined) ?? 'fail';
    try {
      result = await run(used);
    } catch (err) {
      if (!(err instanceof MaskedAclError) || scripted) throw err;
      // Same choice as `zkops export --acl-masked keep|skip`; nothing is written unless picked.
      for (const node of err.nodes) this.ctx.output.appendLine(`[export ${target.cluster.name}] masked ACL ${describeMasked(node)}`);
      const keep = 'Keep as Seen';
      const skip = 'Leave Those Nodes Out';
      const detail = `${err.message}

${err.nodes.slice(0, 5).map(describeMasked).join('\n')}${err.nodes.length > 5 ? '\n…' : ''}`;
      const choice = await vscode.window.showWarningMessage(
        `${err.nodes.length} node(s) have ACLs this connection cannot read faithfully.`,
        { modal: true, detail },
        keep,
        skip,
      );
      if (!choice) return undefined;
      used = choice === keep ? 'keep' : 'skip';
      result = await run(used);
    }
    const { document, unreadable, masked } = result;
    await vscode.workspace.fs.writeFile(file, Buffer.from(serializeExport(document), 'utf8'));
    const maskedNote = masked.length ? `, ${masked.length} with masked ACLs ${used === 'skip' ? 'left out' : 'kept as seen'}` : '';
    const skipped = unreadable.length || masked.length ? ` (${unreadable.length} unreadable node(s) skipped${maskedNote})` : '';
    this.ctx.output.appendLine(
      `[${new Date().toISOString()}] exported ${document.count} node(s) of ${target.path} on ${target.cluster.name} to ${file.fsPath}${skipped}`,
    );
    if (!scripted) void vscode.window.showInformationMessage(`Exported ${document.count} node(s) to ${file.fsPath}${skipped}.`);
    return { count: document.count, file: file.fsPath };
  }
}

const POLICIES: readonly { label: string; description: string; policy: ConflictPolicy }[] = [
  { label: 'Skip existing nodes', description: 'only create what is missing', policy: 'skip' },
  { label: 'Overwrite existing nodes', description: 'set data and ACL of nodes that differ', policy: 'overwrite' },
  { label: 'Fail on any conflict', description: 'import nothing if a node exists with different content', policy: 'fail' },
];

/**
 * Imports an export file: conflict policy, then a dry run shown as a preview document, then the
 * import itself only after confirmation.
 */
export class ImportSubtree implements Command {
  readonly id = 'zookeeper.importSubtree';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<ImportResult | undefined> {
    const scripted = scriptedTarget(this.ctx, arg);
    let file = scripted?.file ? vscode.Uri.file(scripted.file) : undefined;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'ZooKeeper export': ['json'] },
        title: 'Export file to import',
      });
      file = picked?.[0];
    }
    if (!file) return undefined;
    const doc: ExportDocument = parseExportBytes(await vscode.workspace.fs.readFile(file));
    const fromRow = scripted ?? (arg !== undefined ? await resolveTarget(this.ctx, arg, 'Import into') : undefined);
    const cluster = fromRow?.cluster ?? (await pickCluster(this.ctx, 'Cluster to import into'));
    if (!cluster) return undefined;
    assertWritable(cluster);
    const targetRoot = scripted
      ? scripted.path
      : await askPath(`Import the export of ${doc.root} (${doc.count} nodes) to`, fromRow?.path ?? doc.root);
    if (!targetRoot) return undefined;
    const raw = scripted?.raw ?? {};
    const policy = scripted
      ? ((raw.policy as ConflictPolicy | undefined) ?? 'fail')
      : (await vscode.window.showQuickPick(POLICIES, { placeHolder: 'When a node already exists' }))?.policy;
    if (!policy) return undefined;
    const includeEphemeral = raw.includeEphemeral === true;
    const session = await sessionOf(this.ctx, cluster);
    const plan = (forceDepth: boolean): Thenable<ImportResult> =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Planning the import (dry run)', cancellable: true },
        (_p, token) =>
          importTree(session, doc, targetRoot, { dryRun: true, onConflict: policy, includeEphemeral, forceDepth, signal: abortOn(token) }),
      );
    let dry = await plan(raw.forceDepth === true);
    // Nodes past the snapshot-safe depth are the one problem a user may overrule: ask, then plan again.
    const deep = dry.plan.problems.filter((p) => p.message.includes('--force-depth'));
    if (!scripted && deep.length && deep.length === dry.plan.problems.length) {
      const sure = await vscode.window.showWarningMessage(
        `${deep.length} node(s) of the import would be deeper than ZooKeeper can safely snapshot. Import them anyway?`,
        { modal: true, detail: deep[0]!.message.replace(/; pass --force-depth.*$/, '') },
        'Import Anyway',
      );
      if (sure !== 'Import Anyway') return dry;
      dry = await plan(true);
    }
    const lines = describeImport(dry);
    if (scripted && raw.apply !== true) return dry;
    if (!scripted) {
      const preview = this.ctx.snapshots.put(
        cluster.id,
        `${targetRoot === '/' ? '' : targetRoot}/(import preview)`,
        `${lines.join('\n')}\n`,
      );
      await vscode.window.showTextDocument(preview, { preview: true });
      if (dry.plan.problems.length) {
        void vscode.window.showWarningMessage(
          `The import has ${dry.plan.problems.length} problem(s) (lines starting "invalid" in the preview): nothing was imported.`,
        );
        return dry;
      }
      const c = dry.plan.counts;
      if (c.conflict && policy === 'fail') {
        void vscode.window.showWarningMessage(
          `The import would meet ${c.conflict} conflict(s) and the policy is "fail": nothing was imported. See the preview.`,
        );
        return dry;
      }
      const apply = `Import (${c.create} create, ${c.update} update)`;
      const sure = await vscode.window.showWarningMessage(
        `Import ${doc.count} node(s) into ${targetRoot} on ${cluster.name}?`,
        { modal: true, detail: lines[lines.length - 1] },
        apply,
      );
      if (sure !== apply) return dry;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Importing into ${targetRoot}`, cancellable: true },
      (progress, token) =>
        applyImport(session, dry.plan, {
          signal: abortOn(token),
          onProgress: (done, total) => progress.report({ message: `${done} of ${total}` }),
        }),
    );
    const summary = describeImport(result);
    for (const line of summary) this.ctx.output.appendLine(`[import ${cluster.name}] ${line}`);
    this.ctx.tree.reload(cluster.id, targetRoot, true);
    if (!scripted)
      void vscode.window
        .showInformationMessage(summary[summary.length - 1] ?? 'Import finished.', 'Show Log')
        .then((c) => c && this.ctx.output.show(true));
    return result;
  }
}

/** Compares two subtrees (one cluster or two) and lists added, removed and changed nodes. */
export class DiffSubtrees implements Command {
  readonly id = 'zookeeper.diffSubtrees';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<DiffResultsNode | undefined> {
    const scripted = typeof arg === 'object' && arg !== null && 'left' in arg && 'right' in arg ? arg : undefined;
    const left = scripted ? scriptedTarget(this.ctx, scripted.left) : await resolveTarget(this.ctx, arg, 'Left subtree');
    if (!left) return undefined;
    let right: Target | undefined;
    if (scripted) right = scriptedTarget(this.ctx, scripted.right);
    else {
      const cluster =
        this.ctx.registry.list().length > 1
          ? await pickCluster(this.ctx, `Compare ${left.path} on ${left.cluster.name} with a subtree on`)
          : left.cluster;
      const path = cluster ? await askPath(`Right subtree on ${cluster.name}`, left.path) : undefined;
      right = cluster && path ? { cluster, path } : undefined;
    }
    if (!right) return undefined;
    const [ls, rs] = await Promise.all([sessionOf(this.ctx, left.cluster), sessionOf(this.ctx, right.cluster)]);
    const diff = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing ${left.path} with ${right.path}`, cancellable: true },
      (_p, token) => diffTrees({ session: ls, root: left.path }, { session: rs, root: right.path }, { signal: abortOn(token) }),
    );
    const node = new DiffResultsNode(
      diff,
      { clusterId: left.cluster.id, clusterName: left.cluster.name, root: left.path },
      { clusterId: right.cluster.id, clusterName: right.cluster.name, root: right.path },
    );
    await this.ctx.results.add(node);
    return node;
  }
}

/** The text a diff side shows: data in its natural view (text/JSON, else hex); ACL text for ACL-only changes. */
function sideText(side: DiffSide | undefined, aclOnly: boolean, binary: boolean): string {
  if (!side) return '';
  if (aclOnly) return aclText(side.path, side.acl, side.stat.aversion);
  return renderView(side.data, binary ? 'hex' : 'text');
}

/** Opens one diff entry side by side, from read-only snapshots taken by the diff. */
export class OpenDiffEntry implements Command {
  readonly id = 'zookeeper.openDiffEntry';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(node?: unknown): Promise<void> {
    if (!(node instanceof DiffEntryNode)) return;
    const { entry, results } = node;
    const aclOnly = entry.status === 'changed' && !entry.changes.includes('data');
    const binary = [entry.left, entry.right].some((s) => s && detectKind(s.data) === 'binary');
    const left = this.ctx.snapshots.put(
      results.left.clusterId,
      entry.left?.path ?? `${results.left.root}${entry.relPath}`,
      sideText(entry.left, aclOnly, binary),
      'left',
    );
    const right = this.ctx.snapshots.put(
      results.right.clusterId,
      entry.right?.path ?? `${results.right.root}${entry.relPath}`,
      sideText(entry.right, aclOnly, binary),
      'right',
    );
    const title = `${entry.name}${aclOnly ? ' (ACL)' : ''}: ${results.left.clusterName} ↔ ${results.right.clusterName}`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  }
}
