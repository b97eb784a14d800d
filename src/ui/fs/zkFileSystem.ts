import * as vscode from 'vscode';
import { DataParseError, DataView, DataViewError, defaultView, detectKind, parseViewBytes, renderViewBytes } from '../../core/znodes/codec';
import { SaveConflictError, createNode, saveData } from '../../core/znodes/editing';
import { isZkError } from '../../core/zk/errors';
import { baseName } from '../../core/zk/paths';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import type { ZkSession } from '../../core/zk/session';
import type { ZkStat } from '../../core/zk/stat';
import type { ClusterRegistry } from '../clusters';
import { describeError } from '../commands/errorText';
import type { ConnectionManager } from '../explorer/connections';
import { DataWatches } from './dataWatches';
import { onDocumentClosed } from './documentClosed';
import { InvalidJsonPrompt, askSaveInvalidJson } from './jsonView';
import { ZK_SCHEME, ZkLocation, ZkUriError, parseUriParts, toUriParts } from '../explorer/zkUri';
import { readLatest } from '../../core/zk/readLatest';

/**
 * What the editor holds of a zk: document. `mtime`, `ctime` and `size` are what `stat` last told
 * VS Code (its save check compares them); `version` and `view` are what `readFile` last read.
 */
export interface ReadState {
  /** The data version read (or last written); saves must match it. */
  readonly version: number | undefined;
  readonly view: DataView | undefined;
  readonly mtime: number;
  readonly ctime: number;
  readonly size: number;
}

/** A save refused because the znode changed on the server since it was read. */
export interface Conflict {
  readonly uri: vscode.Uri;
  readonly location: ZkLocation;
  /** The version the editor's text was based on. */
  readonly yourVersion: number;
  readonly view: DataView;
  /** What the server held when the save was refused. */
  readonly theirs: { readonly data: Buffer; readonly stat: ZkStat };
}

/** Read states kept before those of closed documents are dropped. */
const MAX_STATES = 2000;

/** The znode a zk: URI names, or undefined for one that names none. */
function znodePathOf(uri: vscode.Uri): string | undefined {
  try {
    return parseUriParts(uri).path;
  } catch {
    return undefined;
  }
}

export function zkUri(location: ZkLocation): vscode.Uri {
  return vscode.Uri.from(toUriParts(location));
}

/**
 * The `zk:` file system: a znode is a file whose content is its data rendered in a view (see
 * zkUri.ts). Reads remember the version; saves write with it, so a concurrent change fails the
 * save (BADVERSION) and `onDidConflict` lets the UI offer compare/overwrite/reload.
 *
 * While a document is open, `stat` repeats what it first told VS Code instead of the server's
 * latest mtime: VS Code would otherwise refuse the save with its own "file is newer" check (and
 * a reload, which stats before it reads, would leave the editor believing an old mtime), so the
 * version check could never speak. Server changes reach clean documents through
 * `serverChanged` (watches, refresh), which forgets the state first so the next stat is fresh.
 */
export class ZkFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly fileChanges = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.fileChanges.event;
  private readonly conflicts = new vscode.EventEmitter<Conflict>();
  readonly onDidConflict = this.conflicts.event;
  private readonly writes = new vscode.EventEmitter<ZkLocation>();
  /** Fires after a successful write or create, for the tree to refresh the row. */
  readonly onDidWrite = this.writes.event;
  private readonly deletions = new vscode.EventEmitter<{ readonly clusterId: string; readonly path: string }>();
  /** Fires when a znode (and so its subtree) is known to be gone: our delete or move, a watch. */
  readonly onDidDelete = this.deletions.event;
  private readonly states = new Map<string, ReadState>();
  private readonly dataWatches: DataWatches;
  private readonly subscriptions: vscode.Disposable[] = [this.fileChanges, this.conflicts, this.writes, this.deletions];
  /** Asked before invalid JSON is saved from the JSON view (save anyway is the user's choice). */
  confirmInvalidJson: InvalidJsonPrompt = askSaveInvalidJson;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly connections: ConnectionManager,
  ) {
    this.dataWatches = new DataWatches(registry, connections, (clusterId, path, deleted) => this.serverChanged(clusterId, path, deleted));
    this.subscriptions.push(
      this.dataWatches,
      onDocumentClosed((doc) => {
        if (doc.uri.scheme === ZK_SCHEME) this.states.delete(doc.uri.toString());
      }),
    );
  }

  // ---- helpers -----------------------------------------------------------------------------

  private locate(uri: vscode.Uri): { location: ZkLocation; cluster: ClusterConfig } {
    let location: ZkLocation;
    try {
      location = parseUriParts(uri);
    } catch (err) {
      throw vscode.FileSystemError.FileNotFound(err instanceof ZkUriError ? err.message : String(err));
    }
    const cluster = this.registry.get(location.clusterId);
    if (!cluster) throw vscode.FileSystemError.FileNotFound(`No cluster with id "${location.clusterId}" is configured.`);
    return { location, cluster };
  }

  private async session(cluster: ClusterConfig): Promise<ZkSession> {
    try {
      return await this.connections.session(cluster.id);
    } catch (err) {
      throw vscode.FileSystemError.Unavailable(describeError(err, { clusterName: cluster.name }));
    }
  }

  private fsError(err: unknown, uri: vscode.Uri, cluster: ClusterConfig): Error {
    if (err instanceof vscode.FileSystemError) return err;
    const message = describeError(err, { clusterName: cluster.name });
    if (isZkError(err, 'NONODE'))
      return vscode.FileSystemError.FileNotFound(`${znodePathOf(uri) ?? uri.path} does not exist on ${cluster.name}`);
    if (isZkError(err, 'NOAUTH', 'NOTREADONLY', 'AUTHFAILED')) return vscode.FileSystemError.NoPermissions(message);
    if (isZkError(err, 'CONNECTIONLOSS', 'OPERATIONTIMEOUT', 'SESSIONEXPIRED')) return vscode.FileSystemError.Unavailable(message);
    return new vscode.FileSystemError(message);
  }

  /** The read state of an open document (the view chosen, the version it edits). */
  readState(uri: vscode.Uri): ReadState | undefined {
    return this.states.get(uri.toString());
  }

  /** Overwrite after a conflict: the next save writes over `version` (the server's latest). */
  acceptVersion(uri: vscode.Uri, version: number): void {
    const state = this.states.get(uri.toString());
    if (state) this.states.set(uri.toString(), { ...state, version });
  }

  /** Forgets what was read so the next stat/read goes to the server (reload). */
  forget(uri: vscode.Uri): void {
    this.states.delete(uri.toString());
  }

  /**
   * The znode behind these documents changed on the server. Clean documents reload; dirty ones
   * keep their version, so their save reports the conflict.
   */
  serverChanged(clusterId: string, path?: string, deleted = false): void {
    const events: vscode.FileChangeEvent[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      const uri = doc.uri;
      if (uri.scheme !== ZK_SCHEME || uri.authority !== clusterId) continue;
      if (path !== undefined && znodePathOf(uri) !== path) continue;
      if (!doc.isDirty) this.states.delete(uri.toString());
      events.push({ type: deleted ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed, uri });
    }
    if (events.length) this.fileChanges.fire(events);
    if (deleted && path !== undefined) this.deletions.fire({ clusterId, path });
  }

  // ---- FileSystemProvider -------------------------------------------------------------------

  watch(uri: vscode.Uri): vscode.Disposable {
    return this.dataWatches.watch(uri);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { location, cluster } = this.locate(uri);
    const permissions = cluster.readOnly ? vscode.FilePermission.Readonly : undefined;
    const known = this.states.get(uri.toString());
    if (known) return { type: vscode.FileType.File, ctime: known.ctime, mtime: known.mtime, size: known.size, permissions };
    const session = await this.session(cluster);
    let stat;
    try {
      stat = await readLatest(session, location.path, () => session.exists(location.path));
    } catch (err) {
      throw this.fsError(err, uri, cluster);
    }
    if (!stat) throw vscode.FileSystemError.FileNotFound(`${location.path} does not exist on ${cluster.name}`);
    // VS Code stats and reads in parallel: a read that finished first already set what to tell.
    const state = this.states.get(uri.toString()) ?? {
      version: undefined,
      view: undefined,
      mtime: stat.mtime.getTime(),
      ctime: stat.ctime.getTime(),
      size: stat.dataLength,
    };
    this.remember(uri, state);
    return { type: vscode.FileType.File, ctime: state.ctime, mtime: state.mtime, size: state.size, permissions };
  }

  private remember(uri: vscode.Uri, state: ReadState): void {
    if (this.states.size >= MAX_STATES) {
      const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      for (const key of [...this.states.keys()]) if (!open.has(key)) this.states.delete(key);
    }
    this.states.set(uri.toString(), state);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { location, cluster } = this.locate(uri);
    const session = await this.session(cluster);
    try {
      const { children } = await session.children(location.path);
      return children.map((name) => [name, vscode.FileType.File]);
    } catch (err) {
      throw this.fsError(err, uri, cluster);
    }
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Create znodes with "ZooKeeper: Create Znode".');
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { location, cluster } = this.locate(uri);
    const session = await this.session(cluster);
    let result;
    try {
      result = await readLatest(session, location.path, () => session.get(location.path));
    } catch (err) {
      throw this.fsError(err, uri, cluster);
    }
    const view = location.view ?? defaultView(detectKind(result.data));
    let bytes: Uint8Array;
    try {
      bytes = renderViewBytes(result.data, view);
    } catch (err) {
      if (err instanceof DataViewError) throw vscode.FileSystemError.NoPermissions(err.message);
      throw err;
    }
    const { stat } = result;
    const told = this.states.get(uri.toString());
    this.remember(uri, {
      version: stat.version,
      view,
      mtime: told?.mtime ?? stat.mtime.getTime(),
      ctime: told?.ctime ?? stat.ctime.getTime(),
      size: told?.size ?? bytes.byteLength,
    });
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    const { location, cluster } = this.locate(uri);
    if (cluster.readOnly) throw vscode.FileSystemError.NoPermissions(`${cluster.name} is read-only: the change was not written.`);
    const key = uri.toString();
    const known = this.states.get(key);
    const view = location.view ?? known?.view ?? 'text';
    let data: Buffer;
    try {
      data = parseViewBytes(content, view);
    } catch (err) {
      if (!(err instanceof DataParseError)) throw err;
      // Invalid JSON is still text a znode can hold: the user may save it, knowingly.
      if (view !== 'json' || !(await this.confirmInvalidJson(location.path, err.message))) {
        throw new vscode.FileSystemError(`Not saved: the ${view} text does not parse (${err.message}).`);
      }
      data = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    }
    const session = await this.session(cluster);
    let version = -1;
    try {
      if (known?.version !== undefined) {
        version = known.version;
      } else {
        const current = await session.exists(location.path);
        if (!current) {
          if (!options.create) throw vscode.FileSystemError.FileNotFound(`${location.path} does not exist on ${cluster.name}`);
          await createNode(session, location.path, data);
          this.fileChanges.fire([{ type: vscode.FileChangeType.Created, uri }]);
          this.writes.fire(location);
          return;
        }
        if (!options.overwrite) throw vscode.FileSystemError.FileExists(`${location.path} already exists on ${cluster.name}`);
        version = current.version;
      }
      const stat = await saveData(session, location.path, data, version);
      // VS Code stats right after a write and keeps that answer: the new mtime from here on.
      this.remember(uri, {
        version: stat.version,
        view,
        mtime: stat.mtime.getTime(),
        ctime: stat.ctime.getTime(),
        size: content.byteLength,
      });
    } catch (err) {
      if (err instanceof SaveConflictError && err.current) {
        this.conflicts.fire({ uri, location, yourVersion: version, view, theirs: err.current });
        throw new vscode.FileSystemError(
          `"${baseName(location.path) || '/'}" changed on the server since you opened it (you edited version ${version}, ` +
            `the server has version ${err.current.stat.version}). Compare, overwrite or reload from the notification.`,
        );
      }
      if (err instanceof SaveConflictError) {
        throw vscode.FileSystemError.FileNotFound(`${location.path} was deleted on the server; your text is still in the editor.`);
      }
      throw this.fsError(err, uri, cluster);
    }
    this.writes.fire(location);
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete znodes with "ZooKeeper: Delete Znode" (it writes a backup first).');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename znodes with "ZooKeeper: Rename/Move Znode".');
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
