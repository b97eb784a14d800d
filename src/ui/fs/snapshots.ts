import * as vscode from 'vscode';
import { SNAPSHOT_SCHEME } from '../explorer/zkUri';

/** Snapshots kept at once, and their total size; the oldest go first. */
const MAX_SNAPSHOTS = 200;
const MAX_TOTAL_CHARS = 64 * 1024 * 1024;

/**
 * Read-only documents held in memory: the server's side of a save conflict, the two sides of a
 * subtree diff, dry-run previews. A TextDocumentContentProvider cannot be edited, which is the
 * point: nothing typed there can reach a server.
 */
export class SnapshotStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private total = 0;
  private counter = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /**
   * Stores `text` and returns its URI: `zk-snapshot://<authority>/<path>?<n>`, so the tab shows the
   * znode's name. `authority` is a cluster id or another short tag.
   */
  put(authority: string, path: string, text: string, label?: string): vscode.Uri {
    this.counter += 1;
    const query = label ? `${this.counter}&${encodeURIComponent(label)}` : String(this.counter);
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, authority, path: path.startsWith('/') ? path : `/${path}`, query });
    this.texts.set(uri.toString(), text);
    this.total += text.length;
    for (const [key, value] of this.texts) {
      if (this.texts.size <= MAX_SNAPSHOTS && this.total <= MAX_TOTAL_CHARS) break;
      if (key === uri.toString()) continue;
      this.texts.delete(key);
      this.total -= value.length;
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '(this snapshot is no longer held; run the command again)';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
