import * as vscode from 'vscode';
import type { ClusterRegistry } from '../clusters';
import type { ConnectionManager } from '../explorer/connections';
import { ZK_SCHEME, parseUriParts } from '../explorer/zkUri';
import { onDocumentClosed } from './documentClosed';

/** A data watch on one document's znode, shared by everyone who asked for it. */
interface WatchEntry {
  readonly uri: vscode.Uri;
  readonly clusterId: string;
  readonly path: string;
  armed: boolean;
  disposed: boolean;
  refs: number;
}

/** Documents with a live data watch, at most. */
const MAX_WATCHED = 500;

/**
 * Data watches for zk: documents of clusters that refresh live: one-shot ZooKeeper watches set
 * again each time they fire, and again after a reconnect. Open documents are watched whether or
 * not VS Code calls the provider's `watch`, so clean documents follow the server.
 */
export class DataWatches implements vscode.Disposable {
  private readonly watched = new Map<string, WatchEntry>();
  private readonly byDocument = new Map<string, vscode.Disposable>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly connections: ConnectionManager,
    /** Called when a watched znode changed (or was deleted) on the server. */
    private readonly changed: (clusterId: string, path: string, deleted: boolean) => void,
  ) {
    const watchDoc = (doc: vscode.TextDocument): void => {
      const key = doc.uri.toString();
      if (doc.uri.scheme === ZK_SCHEME && !this.byDocument.has(key)) this.byDocument.set(key, this.watch(doc.uri));
    };
    vscode.workspace.textDocuments.forEach(watchDoc);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(watchDoc),
      onDocumentClosed((doc) => {
        const key = doc.uri.toString();
        this.byDocument.get(key)?.dispose();
        this.byDocument.delete(key);
      }),
      connections.onDidReconnect((clusterId) => {
        for (const w of this.watched.values()) if (!w.armed && w.clusterId === clusterId) this.arm(w);
      }),
    );
  }

  /** Watches `uri`'s znode while the returned disposable lives (no-op for manual clusters). */
  watch(uri: vscode.Uri): vscode.Disposable {
    const none = new vscode.Disposable(() => undefined);
    let location;
    try {
      location = parseUriParts(uri);
    } catch {
      return none;
    }
    if (this.registry.get(location.clusterId)?.refresh !== 'watch') return none;
    const key = uri.toString();
    let entry = this.watched.get(key);
    if (!entry) {
      if (this.watched.size >= MAX_WATCHED) return none;
      entry = { uri, clusterId: location.clusterId, path: location.path, armed: false, disposed: false, refs: 0 };
      this.watched.set(key, entry);
      this.arm(entry);
    }
    const counted = entry;
    counted.refs += 1;
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      counted.refs -= 1;
      if (counted.refs > 0) return;
      counted.disposed = true;
      this.watched.delete(key);
    });
  }

  private arm(entry: WatchEntry): void {
    if (entry.disposed || entry.armed) return;
    entry.armed = true;
    void this.connections
      .session(entry.clusterId)
      .then((session) =>
        session.exists(entry.path, (event) => {
          entry.armed = false;
          if (entry.disposed) return;
          if (event.type !== 'sessionExpired') this.changed(entry.clusterId, entry.path, event.type === 'deleted');
          this.arm(entry);
        }),
      )
      .catch(() => {
        // Armed again when the cluster reconnects.
        entry.armed = false;
      });
  }

  dispose(): void {
    for (const w of this.watched.values()) w.disposed = true;
    this.watched.clear();
    for (const d of this.byDocument.values()) d.dispose();
    this.byDocument.clear();
    for (const d of this.subscriptions) d.dispose();
  }
}
