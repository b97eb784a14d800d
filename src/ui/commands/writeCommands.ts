import * as vscode from 'vscode';
import { MAX_TTL_MS } from '../../core/zk/requests';
import type { CreateMode } from '../../core/zk/requests';
import { baseName, pathProblem } from '../../core/zk/paths';
import { Command } from './command';
import { WithClusterChoices, askPath, resolveTarget } from './context';
import { OpenServices, openZnode } from './openCommands';
import { OperationSteps, assertWritable, runOperation } from './operations/arguments';
import type { SubtreeWriteServices } from './operations/services';
import {
  CREATE_ZNODE,
  CreateZnodeArguments,
  CreateZnodeServices,
  CreatedZnode,
  childPath,
  createZnode,
  createZnodeArguments,
} from './operations/createZnode';
import { DELETE_ZNODE, DeleteZnodeArguments, deleteZnode, deleteZnodeArguments } from './operations/deleteZnode';
import { MoveZnodeArguments, MovedZnode, RENAME_ZNODE, moveDescription, moveZnode, moveZnodeArguments } from './operations/moveZnode';

const MODES: readonly { label: string; description: string; mode: CreateMode }[] = [
  { label: 'Persistent', description: 'stays until deleted', mode: 'persistent' },
  { label: 'Persistent sequential', description: 'a 10-digit counter is appended to the name', mode: 'persistent-sequential' },
  { label: 'Ephemeral', description: "deleted when this editor's session ends", mode: 'ephemeral' },
  { label: 'Ephemeral sequential', description: 'ephemeral, with a counter appended', mode: 'ephemeral-sequential' },
  { label: 'Container', description: 'deleted by the server once its last child is gone (3.5.3+)', mode: 'container' },
  { label: 'TTL', description: 'deleted after a time without changes once childless (needs extendedTypesEnabled)', mode: 'ttl' },
  { label: 'TTL sequential', description: 'TTL, with a counter appended', mode: 'ttl-sequential' },
];

async function askMode(): Promise<{ mode: CreateMode; ttlMs: number | undefined } | undefined> {
  const picked = await vscode.window.showQuickPick(MODES, { placeHolder: 'Kind of znode' });
  if (!picked) return undefined;
  if (!picked.mode.startsWith('ttl')) return { mode: picked.mode, ttlMs: undefined };
  const ttl = await vscode.window.showInputBox({
    prompt: 'Time to live in milliseconds',
    value: '60000',
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_TTL_MS ? undefined : `A whole number from 1 to ${MAX_TTL_MS}.`,
  });
  return ttl === undefined ? undefined : { mode: picked.mode, ttlMs: Number(ttl) };
}

/** Creates a child of a row (any mode the server allows); the new node opens in the editor. */
export class CreateZnode implements Command, OperationSteps<CreateZnodeArguments, CreatedZnode> {
  readonly id = CREATE_ZNODE;
  readonly schema = createZnodeArguments;
  constructor(private readonly s: WithClusterChoices<CreateZnodeServices> & OpenServices) {}

  async run(arg?: unknown): Promise<string | undefined> {
    return (await runOperation(this, arg))?.path;
  }

  async gather(arg: unknown): Promise<CreateZnodeArguments | undefined> {
    const parent = await resolveTarget(this.s.registry, arg, 'Parent of the new znode');
    if (!parent) return undefined;
    assertWritable(parent.cluster);
    const spec = await askMode();
    if (!spec) return undefined;
    const sequential = spec.mode.endsWith('sequential');
    const name = await vscode.window.showInputBox({
      prompt: `Name of the new ${spec.mode} znode under ${parent.path} (on ${parent.cluster.name})`,
      validateInput: (v) => {
        if (v.includes('/')) return 'A name cannot contain "/".';
        if (!v && !sequential) return 'A name is required.';
        return pathProblem(childPath(parent.path, v), sequential);
      },
    });
    if (name === undefined) return undefined;
    const data = await vscode.window.showInputBox({
      prompt: 'Initial data as text (optional; edit it in the editor later, or open as hex for bytes)',
    });
    if (data === undefined) return undefined;
    return { clusterId: parent.cluster.id, parent: parent.path, name, mode: spec.mode, data, ttlMs: spec.ttlMs, forceDepth: false };
  }

  operate(args: CreateZnodeArguments): Promise<CreatedZnode | undefined> {
    return createZnode(this.s, args);
  }

  async report(created: CreatedZnode, args: CreateZnodeArguments): Promise<void> {
    if (created.depthWarning) void vscode.window.showWarningMessage(created.depthWarning);
    const cluster = this.s.registry.get(args.clusterId);
    if (cluster) await openZnode(this.s, { cluster, path: created.path }, undefined, true);
  }
}

/**
 * Deletes a znode and everything below it: counts first, asks with the count, writes a JSON
 * backup, then deletes with each node's version (a node changed meanwhile stops the delete).
 */
export class DeleteZnode implements Command, OperationSteps<DeleteZnodeArguments, { deleted: number; backup: string }> {
  readonly id = DELETE_ZNODE;
  readonly schema = deleteZnodeArguments;
  constructor(private readonly s: WithClusterChoices<SubtreeWriteServices>) {}

  run(arg?: unknown): Promise<{ deleted: number; backup: string } | undefined> {
    return runOperation(this, arg);
  }

  async gather(arg: unknown): Promise<DeleteZnodeArguments | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Znode to delete');
    // The count the user confirms is the one the operation counts: none is named here.
    return target && { clusterId: target.cluster.id, path: target.path };
  }

  operate(args: DeleteZnodeArguments): Promise<{ deleted: number; backup: string } | undefined> {
    return deleteZnode(this.s, args);
  }

  report(result: { deleted: number; backup: string }, args: DeleteZnodeArguments): void {
    void vscode.window
      .showInformationMessage(`Deleted ${result.deleted} node(s) at ${args.path}. Backup: ${result.backup}`, 'Open Backup')
      .then((choice) => {
        if (choice) void vscode.window.showTextDocument(vscode.Uri.file(result.backup));
      });
  }
}

/** Renames or moves a subtree: one transaction when it fits, after a backup. */
export class RenameZnode implements Command, OperationSteps<MoveZnodeArguments, MovedZnode> {
  readonly id = RENAME_ZNODE;
  readonly schema = moveZnodeArguments;
  constructor(private readonly s: WithClusterChoices<SubtreeWriteServices>) {}

  /** Code gets `{ to, atomic }`, as before the node count was reported. */
  async run(arg?: unknown): Promise<{ to: string; atomic: boolean } | undefined> {
    const moved = await runOperation(this, arg);
    return moved && { to: moved.to, atomic: moved.atomic };
  }

  async gather(arg: unknown): Promise<MoveZnodeArguments | undefined> {
    const source = await resolveTarget(this.s.registry, arg, 'Znode to rename or move');
    if (!source) return undefined;
    assertWritable(source.cluster);
    const to = await askPath(`New path for ${source.path} (rename or move; one transaction when it fits)`, source.path);
    return to ? { clusterId: source.cluster.id, from: source.path, to } : undefined;
  }

  operate(args: MoveZnodeArguments): Promise<MovedZnode | undefined> {
    return moveZnode(this.s, args);
  }

  report(moved: MovedZnode, args: MoveZnodeArguments): void {
    void vscode.window.showInformationMessage(
      `Moved ${baseName(args.from)} (${moved.count} node${moved.count === 1 ? '' : 's'}) to ${moved.to} ${moveDescription(moved.atomic)}.`,
    );
  }
}
