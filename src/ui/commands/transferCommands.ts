import * as os from 'node:os';
import * as vscode from 'vscode';
import { backupFileName } from '../../core/znodes/backupFile';
import { detectKind, renderView } from '../../core/znodes/codec';
import type { ConflictPolicy } from '../../core/znodes/importPlan';
import type { ImportResult } from '../../core/znodes/importer';
import { describeImport } from '../../core/znodes/importer';
import { DiffSide } from '../../core/znodes/treeDiff';
import { DiffEntryNode, DiffResultsNode } from '../explorer/results/resultNodes';
import type { SnapshotStore } from '../fs/snapshots';
import { Command } from './command';
import { WithClusterChoices, askPath, pickCluster, resolveTarget } from './context';
import { aclText } from './aclCommands';
import { OperationSteps, assertWritable, runOperation } from './operations/arguments';
import { DIFF_SUBTREES, DiffArguments, DiffServices, diffArguments, diffSubtrees } from './operations/diffSubtrees';
import { EXPORT_SUBTREE, ExportArguments, ExportOutcome, ExportServices, exportArguments, exportSubtree } from './operations/exportSubtree';
import { IMPORT_SUBTREE, ImportArguments, ImportServices, importArguments, importSubtree, readExport } from './operations/importSubtree';
import type { Log } from './operations/services';

/** Exports a subtree (data, ACLs, kinds, stats) to a JSON file the user picks. */
export class ExportSubtree implements Command, OperationSteps<ExportArguments, ExportOutcome> {
  readonly id = EXPORT_SUBTREE;
  readonly schema = exportArguments;
  constructor(private readonly s: WithClusterChoices<ExportServices>) {}

  /** Code gets `{ count, file }`. */
  async run(arg?: unknown): Promise<{ count: number; file: string } | undefined> {
    const done = await runOperation(this, arg);
    return done && { count: done.count, file: done.file };
  }

  async gather(arg: unknown): Promise<ExportArguments | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Subtree to export');
    if (!target) return undefined;
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const file = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(base, `${target.cluster.id}_${backupFileName(target.path)}`),
      filters: { 'ZooKeeper export': ['json'] },
      title: `Export ${target.path} from ${target.cluster.name}`,
    });
    // Masked ACLs are asked about when the export meets them.
    return file && { clusterId: target.cluster.id, path: target.path, file: file.fsPath, aclMasked: 'ask' };
  }

  operate(args: ExportArguments): Promise<ExportOutcome | undefined> {
    return exportSubtree(this.s, args);
  }

  report(done: ExportOutcome): void {
    void vscode.window.showInformationMessage(`Exported ${done.count} node(s) to ${done.file}${done.skipped}.`);
  }
}

const POLICIES: readonly { label: string; description: string; policy: ConflictPolicy }[] = [
  { label: 'Skip existing nodes', description: 'only create what is missing', policy: 'skip' },
  { label: 'Overwrite existing nodes', description: 'set data and ACL of nodes that differ', policy: 'overwrite' },
  { label: 'Fail on any conflict', description: 'import nothing if a node exists with different content', policy: 'fail' },
];

/**
 * Imports an export file: conflict policy, then a dry run shown as a preview document, then the
 * import itself only after confirmation (the operation asks, whoever called it).
 */
export class ImportSubtree implements Command, OperationSteps<ImportArguments, ImportResult> {
  readonly id = IMPORT_SUBTREE;
  readonly schema = importArguments;
  constructor(
    private readonly s: WithClusterChoices<ImportServices> & { readonly output: Log & { show(preserveFocus?: boolean): void } },
  ) {}

  run(arg?: unknown): Promise<ImportResult | undefined> {
    return runOperation(this, arg);
  }

  async gather(arg: unknown): Promise<ImportArguments | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'ZooKeeper export': ['json'] },
      title: 'Export file to import',
    });
    const file = picked?.[0]?.fsPath;
    if (!file) return undefined;
    const doc = await readExport(this.s.files, file);
    const fromRow = arg !== undefined ? await resolveTarget(this.s.registry, arg, 'Import into') : undefined;
    const cluster = fromRow?.cluster ?? (await pickCluster(this.s.registry, 'Cluster to import into'));
    if (!cluster) return undefined;
    assertWritable(cluster);
    const path = await askPath(`Import the export of ${doc.root} (${doc.count} nodes) to`, fromRow?.path ?? doc.root);
    if (!path) return undefined;
    const policy = (await vscode.window.showQuickPick(POLICIES, { placeHolder: 'When a node already exists' }))?.policy;
    if (!policy) return undefined;
    return { clusterId: cluster.id, path, file, policy, apply: true, includeEphemeral: false, forceDepth: false };
  }

  operate(args: ImportArguments): Promise<ImportResult | undefined> {
    return importSubtree(this.s, args);
  }

  report(result: ImportResult): void {
    // A declined import returns its dry run: nothing to report beyond the preview.
    if (result.dryRun) return;
    const summary = describeImport(result);
    void vscode.window
      .showInformationMessage(summary[summary.length - 1] ?? 'Import finished.', 'Show Log')
      .then((c) => c && this.s.output.show(true));
  }
}

/** Compares two subtrees (one cluster or two) and lists added, removed and changed nodes. */
export class DiffSubtrees implements Command, OperationSteps<DiffArguments, DiffResultsNode> {
  readonly id = DIFF_SUBTREES;
  readonly schema = diffArguments;
  constructor(private readonly s: WithClusterChoices<DiffServices<DiffResultsNode>>) {}

  run(arg?: unknown): Promise<DiffResultsNode | undefined> {
    return runOperation(this, arg);
  }

  async gather(arg: unknown): Promise<DiffArguments | undefined> {
    const left = await resolveTarget(this.s.registry, arg, 'Left subtree');
    if (!left) return undefined;
    const cluster =
      this.s.registry.list().length > 1
        ? await pickCluster(this.s.registry, `Compare ${left.path} on ${left.cluster.name} with a subtree on`)
        : left.cluster;
    const path = cluster ? await askPath(`Right subtree on ${cluster.name}`, left.path) : undefined;
    if (!cluster || !path) return undefined;
    return { left: { clusterId: left.cluster.id, path: left.path }, right: { clusterId: cluster.id, path } };
  }

  operate(args: DiffArguments): Promise<DiffResultsNode> {
    return diffSubtrees(this.s, args);
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
  constructor(private readonly s: { readonly snapshots: Pick<SnapshotStore, 'put'> }) {}

  async run(node?: unknown): Promise<void> {
    if (!(node instanceof DiffEntryNode)) return;
    const { entry, results } = node;
    const aclOnly = entry.status === 'changed' && !entry.changes.includes('data');
    const binary = [entry.left, entry.right].some((s) => s && detectKind(s.data) === 'binary');
    const left = this.s.snapshots.put(
      results.left.clusterId,
      entry.left?.path ?? `${results.left.root}${entry.relPath}`,
      sideText(entry.left, aclOnly, binary),
      'left',
    );
    const right = this.s.snapshots.put(
      results.right.clusterId,
      entry.right?.path ?? `${results.right.root}${entry.relPath}`,
      sideText(entry.right, aclOnly, binary),
      'right',
    );
    const title = `${entry.name}${aclOnly ? ' (ACL)' : ''}: ${results.left.clusterName} ↔ ${results.right.clusterName}`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  }
}
