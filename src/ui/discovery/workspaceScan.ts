import * as vscode from 'vscode';
import { CANDIDATE_GLOB, FoundConnectString, ScanIo, ScanStats, isCandidate, scanPaths } from '../../core/discovery';
import { DiscoverySettings, excludeGlob } from './settings';

/** File events are gathered this long before the changed files are read again. */
const DEBOUNCE_MS = 1000;
/** More changed files than this at once (a checkout, an npm install) make one full scan instead. */
const MAX_QUEUED = 500;

const decoder = new TextDecoder('utf-8');

/** workspace.fs as the core scan's file access; paths are URI strings. */
const workspaceIo: ScanIo = {
  size: async (p) => {
    try {
      return (await vscode.workspace.fs.stat(vscode.Uri.parse(p))).size;
    } catch {
      return undefined;
    }
  },
  read: async (p) => decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(p))),
};

/**
 * The connect strings the workspace's files name: one bounded scan on start (findFiles within the
 * file cap, honouring files.exclude and search.exclude; files over the size cap unread), then the
 * changed files again after a pause. Every scan is cancelled by the next and by dispose.
 */
export class WorkspaceScan implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the found strings may have changed (after a scan or a rescan of changed files). */
  readonly onDidChange = this.changed.event;
  private readonly byFile = new Map<string, FoundConnectString[]>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private running: { cts: vscode.CancellationTokenSource; abort: AbortController } | undefined;
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private fullRescanQueued = false;
  private lastStats: ScanStats | undefined;
  private disposed = false;
  private events = 0;
  /** Resolves when the scan that is running (or the last one) has finished. */
  idle: Promise<void> = Promise.resolve();

  constructor(private settings: () => DiscoverySettings) {
    const watcher = vscode.workspace.createFileSystemWatcher(CANDIDATE_GLOB);
    const queue = (uri: vscode.Uri): void => this.queue(uri);
    this.subscriptions.push(watcher, watcher.onDidCreate(queue), watcher.onDidChange(queue), watcher.onDidDelete(queue));
    // A deleted folder is reported as one event for the folder: forget the files found under it.
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.subscriptions.push(
      deletions,
      deletions.onDidDelete((uri) => this.forget(uri)),
    );
    this.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanAll()));
  }

  /** Every string found, file by file in scan order. */
  get found(): FoundConnectString[] {
    return [...this.byFile.values()].flat();
  }

  /** File events seen for candidate names since start (tests tell a silent watcher from a slow scan). */
  get fileEvents(): number {
    return this.events;
  }

  get stats(): ScanStats | undefined {
    return this.lastStats;
  }

  /** Forgets everything and scans the whole workspace again (cancelling a scan in progress). */
  rescanAll(): Promise<void> {
    this.cancel();
    this.queued.clear();
    this.fullRescanQueued = false;
    if (this.disposed || !this.settings().enabled) {
      this.byFile.clear();
      this.changed.fire();
      return Promise.resolve();
    }
    this.idle = this.scan(undefined);
    return this.idle;
  }

  private cancel(): void {
    this.running?.cts.cancel();
    this.running?.abort.abort();
    this.running?.cts.dispose();
    this.running = undefined;
  }

  private queue(uri: vscode.Uri): void {
    if (this.disposed || !this.settings().enabled || !isCandidate(uri.path)) return;
    this.events++;
    if (this.queued.size >= MAX_QUEUED) this.fullRescanQueued = true;
    else this.queued.add(uri.toString());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.fullRescanQueued) void this.rescanAll();
      else {
        const files = [...this.queued];
        this.queued.clear();
        this.idle = this.idle.then(() => this.scan(files));
      }
    }, DEBOUNCE_MS);
  }

  private forget(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`;
    let dropped = false;
    for (const file of [...this.byFile.keys()]) {
      if (file === uri.toString() || file.startsWith(prefix)) dropped = this.byFile.delete(file) || dropped;
    }
    if (dropped) this.changed.fire();
  }

  /** `only` undefined: the whole workspace; else those files (each checked against the excludes). */
  private async scan(only: readonly string[] | undefined): Promise<void> {
    const { caps } = this.settings();
    const cts = new vscode.CancellationTokenSource();
    const abort = new AbortController();
    this.running = { cts, abort };
    try {
      const exclude = excludeGlob();
      let paths: string[];
      if (only === undefined) {
        // One more than the cap, so the stats can tell that the cap was reached.
        const uris = await vscode.workspace.findFiles(CANDIDATE_GLOB, exclude, caps.maxFiles + 1, cts.token);
        paths = uris.map((u) => u.toString());
      } else {
        paths = [];
        for (const file of only) {
          if (cts.token.isCancellationRequested) return;
          if (await this.included(vscode.Uri.parse(file), exclude, cts.token)) paths.push(file);
          else this.byFile.delete(file);
        }
        // A file not seen before counts against the cap.
        const room = Math.max(0, caps.maxFiles - this.byFile.size);
        paths = [...paths.filter((p) => this.byFile.has(p)), ...paths.filter((p) => !this.byFile.has(p)).slice(0, room)];
      }
      if (cts.token.isCancellationRequested) return;
      const result = await scanPaths(paths, workspaceIo, caps, abort.signal);
      if (result.stats.cancelled || this.disposed) return;
      if (only === undefined) this.byFile.clear();
      for (const p of only ?? []) this.byFile.delete(p);
      for (const file of result.filesRead) this.byFile.set(file, []);
      for (const f of result.found) this.byFile.get(f.file)?.push(f);
      for (const [file, list] of this.byFile) if (list.length === 0) this.byFile.delete(file);
      if (only === undefined) this.lastStats = result.stats;
      this.changed.fire();
    } finally {
      if (this.running?.cts === cts) this.running = undefined;
      cts.dispose();
    }
  }

  /** Whether a file exists and is not excluded, asked of the same search the full scan uses. */
  private async included(uri: vscode.Uri, exclude: string | undefined, token: vscode.CancellationToken): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const relative = vscode.workspace.asRelativePath(uri, false).replace(/[[\]{}*?]/g, '[$&]');
    const hits = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, relative), exclude, 1, token);
    return hits.length > 0;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.cancel();
    for (const d of this.subscriptions) d.dispose();
  }
}
