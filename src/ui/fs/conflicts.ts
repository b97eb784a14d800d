import * as vscode from 'vscode';
import { renderView } from '../../core/znodes/codec';
import { baseName } from '../../core/zk/paths';
import type { ClusterRegistry } from '../clusters';
import { describeError } from '../commands/errorText';
import type { ConnectionManager } from '../explorer/connections';
import type { SnapshotStore } from './snapshots';
import type { Conflict, ZkFileSystemProvider } from './zkFileSystem';

/** Times the conflict notification comes back after Compare before it gives up. */
const MAX_ROUNDS = 5;

/**
 * What happens after a save was refused because the znode changed on the server: a notification
 * with Compare (the server's text beside yours), Overwrite (after a second, modal confirmation,
 * writing over the server's latest version) and Reload (drop your edits, read the server's).
 */
export class ConflictResolver implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  /** One notification per document at a time. */
  private readonly open = new Set<string>();

  constructor(
    private readonly fs: ZkFileSystemProvider,
    private readonly registry: ClusterRegistry,
    private readonly connections: ConnectionManager,
    private readonly snapshots: SnapshotStore,
  ) {
    this.subscription = fs.onDidConflict((conflict) => void this.resolve(conflict));
  }

  private async resolve(conflict: Conflict): Promise<void> {
    const key = conflict.uri.toString();
    if (this.open.has(key)) return;
    this.open.add(key);
    try {
      await this.rounds(conflict);
    } catch (err) {
      void vscode.window.showErrorMessage(describeError(err, { clusterName: this.registry.get(conflict.location.clusterId)?.name }));
    } finally {
      this.open.delete(key);
    }
  }

  private async rounds(conflict: Conflict): Promise<void> {
    const cluster = this.registry.get(conflict.location.clusterId);
    const name = baseName(conflict.location.path) || '/';
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const choice = await vscode.window.showWarningMessage(
        `"${name}" on ${cluster?.name ?? conflict.location.clusterId} changed on the server since you opened it; your save was refused.`,
        'Compare',
        'Overwrite',
        'Reload',
      );
      if (choice === 'Compare') await this.compare(conflict);
      else if (choice === 'Overwrite') return this.overwrite(conflict);
      else if (choice === 'Reload') return this.reload(conflict);
      else return;
    }
  }

  /** The server's current data, rendered in the document's view. */
  private async theirs(conflict: Conflict): Promise<{ text: string; version: number }> {
    const session = await this.connections.session(conflict.location.clusterId);
    const { data, stat } = await session.get(conflict.location.path);
    let text: string;
    try {
      text = renderView(data, conflict.view);
    } catch {
      // The server's value no longer fits the document's view (e.g. it became binary).
      text = renderView(data, 'hex');
    }
    return { text, version: stat.version };
  }

  /** Opens `server (vN) ↔ yours`: left read-only snapshot, right the document being edited. */
  async compare(conflict: Conflict): Promise<void> {
    const { text, version } = await this.theirs(conflict);
    const left = this.snapshots.put(conflict.location.clusterId, conflict.location.path, text, `server v${version}`);
    const name = baseName(conflict.location.path) || '/';
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      conflict.uri,
      `${name}: server (v${version}) ↔ yours (based on v${conflict.yourVersion})`,
    );
  }

  private async overwrite(conflict: Conflict): Promise<void> {
    const { version } = await this.theirs(conflict);
    const name = baseName(conflict.location.path) || '/';
    const sure = await vscode.window.showWarningMessage(
      `Overwrite version ${version} of "${name}" on the server with your text? The other change will be lost.`,
      { modal: true },
      'Overwrite',
    );
    if (sure !== 'Overwrite') return;
    this.fs.acceptVersion(conflict.uri, version);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === conflict.uri.toString());
    // A save that meets yet another change fails with BADVERSION again and comes back here.
    if (doc) await doc.save();
  }

  private async reload(conflict: Conflict): Promise<void> {
    this.fs.forget(conflict.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === conflict.uri.toString());
    if (!doc) return;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
