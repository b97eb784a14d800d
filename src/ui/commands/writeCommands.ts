import * as vscode from 'vscode';
import { writeBackup } from '../../core/znodes/backupFile';
import { countSubtree, deleteTree } from '../../core/znodes/deleteTree';
import { depthVerdict } from '../../core/znodes/depth';
import { createNode } from '../../core/znodes/editing';
import { ExportDocument } from '../../core/znodes/exportFormat';
import { moveTree } from '../../core/znodes/moveTree';
import { MAX_TTL_MS } from '../../core/zk/requests';
import type { CreateMode } from '../../core/zk/requests';
import { baseName, parentPath, pathProblem } from '../../core/zk/paths';
import { Command, assertWritable } from './command';
import { ExplorerContext, Target, askPath, resolveTarget, sessionOf } from './context';
import { openZnode } from './openCommands';

/** `parent/name`; a sequential create may leave `name` empty (`/queue/` gets a counter appended). */
function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Folder for the backups written before deletes and moves. */
export function backupDir(ctx: ExplorerContext): string {
  return vscode.Uri.joinPath(ctx.storageUri, 'backups').fsPath;
}

/** A `{clusterId, path}`-style argument (automation, tests), as a Target. */
function targetFromObject(ctx: ExplorerContext, arg: unknown, key = 'path'): Target | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const path = a[key];
  if (typeof a.clusterId !== 'string' || typeof path !== 'string') return undefined;
  const cluster = ctx.registry.get(a.clusterId);
  if (!cluster) throw new Error(`No cluster with id "${a.clusterId}" is configured.`);
  return { cluster, path };
}

const MODES: readonly { label: string; description: string; mode: CreateMode }[] = [
  { label: 'Persistent', description: 'stays until deleted', mode: 'persistent' },
  { label: 'Persistent sequential', description: 'a 10-digit counter is appended to the name', mode: 'persistent-sequential' },
  { label: 'Ephemeral', description: "deleted when this editor's session ends", mode: 'ephemeral' },
  { label: 'Ephemeral sequential', description: 'ephemeral, with a counter appended', mode: 'ephemeral-sequential' },
  { label: 'Container', description: 'deleted by the server once its last child is gone (3.5.3+)', mode: 'container' },
  { label: 'TTL', description: 'deleted after a time without changes once childless (needs extendedTypesEnabled)', mode: 'ttl' },
  { label: 'TTL sequential', description: 'TTL, with a counter appended', mode: 'ttl-sequential' },
];

/** Creates a child of a row (any mode the server allows); the new node opens in the editor. */
export class CreateZnode implements Command {
  readonly id = 'zookeeper.createZnode';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const given = targetFromObject(this.ctx, arg, 'parent');
    const parent = given ?? (await resolveTarget(this.ctx, arg, 'Parent of the new znode'));
    if (!parent) return undefined;
    assertWritable(parent.cluster);
    const a = (given ? arg : {}) as { name?: unknown; mode?: unknown; data?: unknown; ttlMs?: unknown; forceDepth?: unknown };
    const spec = given
      ? {
          mode: (typeof a.mode === 'string' ? a.mode : 'persistent') as CreateMode,
          ttlMs: typeof a.ttlMs === 'number' ? a.ttlMs : undefined,
        }
      : await this.askMode();
    if (!spec) return undefined;
    const sequential = spec.mode.endsWith('sequential');
    const name =
      typeof a.name === 'string'
        ? a.name
        : await vscode.window.showInputBox({
            prompt: `Name of the new ${spec.mode} znode under ${parent.path} (on ${parent.cluster.name})`,
            validateInput: (v) => {
              if (v.includes('/')) return 'A name cannot contain "/".';
              if (!v && !sequential) return 'A name is required.';
              return pathProblem(childPath(parent.path, v), sequential);
            },
          });
    if (name === undefined) return undefined;
    const data =
      typeof a.data === 'string'
        ? a.data
        : given
          ? ''
          : await vscode.window.showInputBox({
              prompt: 'Initial data as text (optional; edit it in the editor later, or open as hex for bytes)',
            });
    if (data === undefined) return undefined;
    const path = childPath(parent.path, name);
    const session = await sessionOf(this.ctx, parent.cluster);
    // Past the snapshot-safe depth the user confirms (automation passes forceDepth); above the warning depth, a warning.
    const depth = depthVerdict(path, session.chroot);
    let forceDepth = a.forceDepth === true;
    if (depth.level === 'refuse' && !given) {
      const sure = await vscode.window.showWarningMessage(
        `Create a znode ${depth.depth} levels deep?`,
        { modal: true, detail: depth.message },
        'Create Anyway',
      );
      if (sure !== 'Create Anyway') return undefined;
      forceDepth = true;
    }
    const created = await createNode(session, path, Buffer.from(data, 'utf8'), {
      mode: spec.mode,
      ...(spec.ttlMs === undefined ? {} : { ttlMs: spec.ttlMs }),
      forceDepth,
    });
    if (depth.level === 'warn' && !given) void vscode.window.showWarningMessage(depth.message);
    this.ctx.tree.reload(parent.cluster.id, parent.path);
    void this.ctx.tree.reloadRow(parent.cluster.id, parent.path);
    if (!given) await openZnode(this.ctx, { cluster: parent.cluster, path: created }, undefined, true);
    return created;
  }

  private async askMode(): Promise<{ mode: CreateMode; ttlMs: number | undefined } | undefined> {
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
}

/**
 * Deletes a znode and everything below it: counts first, asks with the count, writes a JSON
 * backup, then deletes with each node's version (a node changed meanwhile stops the delete).
 */
export class DeleteZnode implements Command {
  readonly id = 'zookeeper.deleteZnode';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<{ deleted: number; backup: string } | undefined> {
    const given = targetFromObject(this.ctx, arg);
    const target = given ?? (await resolveTarget(this.ctx, arg, 'Znode to delete'));
    if (!target) return undefined;
    assertWritable(target.cluster);
    if (target.path === '/') throw new Error('The root znode cannot be deleted.');
    const session = await sessionOf(this.ctx, target.cluster);
    const counted = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Counting ${target.path}…`, cancellable: true },
      (_p, token) => countSubtree(session, target.path, { signal: abortOn(token) }),
    );
    let expected: number;
    if (given) {
      // Automation confirms by naming the count it expects to delete.
      const n = (arg as { expectedCount?: unknown }).expectedCount;
      if (typeof n !== 'number') throw new Error('deleteZnode with an argument needs expectedCount (the number of nodes to delete).');
      expected = n;
    } else {
      const below = counted.count - 1;
      const detail = [
        below > 0 ? `${below.toLocaleString('en-US')} node${below === 1 ? '' : 's'} below it will be deleted too.` : 'It has no children.',
        counted.ephemerals ? `${counted.ephemerals} of them are ephemeral (their owners will notice).` : '',
        `A JSON backup is written first to ${backupDir(this.ctx)}.`,
      ]
        .filter(Boolean)
        .join(' ');
      const button = `Delete ${counted.count.toLocaleString('en-US')} node${counted.count === 1 ? '' : 's'}`;
      const sure = await vscode.window.showWarningMessage(
        `Delete ${target.path} on ${target.cluster.name}?`,
        { modal: true, detail },
        button,
      );
      if (sure !== button) return undefined;
      expected = counted.count;
    }
    let backup = '';
    const keep = async (doc: ExportDocument): Promise<void> => {
      backup = await writeBackup(doc, backupDir(this.ctx));
    };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting ${target.path}`, cancellable: true },
      (progress, token) =>
        deleteTree(session, target.path, {
          expectedCount: expected,
          backup: keep,
          signal: abortOn(token),
          onProgress: (done, total) => progress.report({ message: `${done} of ${total}` }),
        }),
    );
    const parent = parentPath(target.path) ?? '/';
    this.ctx.tree.reload(target.cluster.id, parent);
    void this.ctx.tree.reloadRow(target.cluster.id, parent);
    this.ctx.fs.serverChanged(target.cluster.id, target.path, true);
    this.ctx.output.appendLine(
      `[${new Date().toISOString()}] deleted ${result.deleted} node(s) at ${target.path} on ${target.cluster.name}; backup ${backup}`,
    );
    if (!given) {
      void vscode.window
        .showInformationMessage(`Deleted ${result.deleted} node(s) at ${target.path}. Backup: ${backup}`, 'Open Backup')
        .then((choice) => {
          if (choice) void vscode.window.showTextDocument(vscode.Uri.file(backup));
        });
    }
    return { deleted: result.deleted, backup };
  }
}

/** Renames or moves a subtree: one transaction when it fits, after a backup. */
export class RenameZnode implements Command {
  readonly id = 'zookeeper.renameZnode';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<{ to: string; atomic: boolean } | undefined> {
    const given = targetFromObject(this.ctx, arg, 'from');
    const source = given ?? (await resolveTarget(this.ctx, arg, 'Znode to rename or move'));
    if (!source) return undefined;
    assertWritable(source.cluster);
    const to =
      given && typeof (arg as { to?: unknown }).to === 'string'
        ? (arg as { to: string }).to
        : await askPath(`New path for ${source.path} (rename or move; one transaction when it fits)`, source.path);
    if (!to || to === source.path) return undefined;
    const session = await sessionOf(this.ctx, source.cluster);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Moving ${source.path} to ${to}`, cancellable: true },
      (_p, token) =>
        moveTree(session, source.path, to, {
          signal: abortOn(token),
          backup: async (doc) => void (await writeBackup(doc, backupDir(this.ctx))),
        }),
    );
    for (const p of new Set([parentPath(source.path) ?? '/', parentPath(to) ?? '/'])) {
      this.ctx.tree.reload(source.cluster.id, p);
      void this.ctx.tree.reloadRow(source.cluster.id, p);
    }
    this.ctx.fs.serverChanged(source.cluster.id, source.path, true);
    const how = result.atomic ? 'in one transaction' : 'copied then deleted (too big for one transaction)';
    this.ctx.output.appendLine(
      `[${new Date().toISOString()}] moved ${result.count} node(s) ${source.path} -> ${to} on ${source.cluster.name} ${how}`,
    );
    if (!given)
      void vscode.window.showInformationMessage(
        `Moved ${baseName(source.path)} (${result.count} node${result.count === 1 ? '' : 's'}) to ${to} ${how}.`,
      );
    return { to, atomic: result.atomic };
  }
}

/** An AbortSignal that fires when the progress notification's Cancel is pressed. */
export function abortOn(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
