import * as vscode from 'vscode';
import type { SearchMatch, SearchProgress, SearchSummary } from '../../../core/znodes/search';
import type { DiffEntry, TreeDiff } from '../../../core/znodes/treeDiff';
import { ExplorerNode } from '../tree/explorerNode';
import { describeZnode, safeLabel } from '../znodePresentation';

/** Rows of a search shown at most; the summary says when more matched. */
export const MAX_SHOWN_MATCHES = 5000;

/** One run's results: the header row of a search or a diff. */
export abstract class ResultSetNode extends ExplorerNode {
  private static counter = 0;
  readonly id: string;

  constructor() {
    super(undefined);
    ResultSetNode.counter += 1;
    this.id = `results:${ResultSetNode.counter}`;
  }
}

/** A search streamed into the view: matches arrive in batches while the walk runs. */
export class SearchResultsNode extends ResultSetNode {
  readonly matches: SearchMatch[] = [];
  progress: SearchProgress | undefined;
  summary: SearchSummary | undefined;
  error: string | undefined;
  /** Indexes of matches deleted since the search found them (at most one per match). */
  private readonly gone = new Set<number>();

  constructor(
    readonly clusterId: string,
    readonly clusterName: string,
    readonly root: string,
    readonly query: string,
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      `Search ${safeLabel(this.query)} in ${safeLabel(this.root)}`,
      vscode.TreeItemCollapsibleState.Expanded,
    );
    const count = this.summary?.matched ?? this.matches.length;
    const state = this.error
      ? `failed: ${this.error}`
      : this.summary
        ? this.summary.stopped
          ? `stopped (${this.summary.stopped})`
          : 'done'
        : 'searching…';
    item.description = `${this.clusterName} · ${count} match${count === 1 ? '' : 'es'} · ${state}`;
    const p = this.summary ?? this.progress;
    item.tooltip = p
      ? `${p.visited} nodes visited, ${p.matched} matched, ${p.skipped} unreadable, ${Math.round(p.elapsedMs)} ms`
      : 'starting';
    item.iconPath = new vscode.ThemeIcon(this.summary || this.error ? 'search' : 'loading~spin');
    item.contextValue = 'zk.results';
    return item;
  }

  override getChildren(): ExplorerNode[] {
    return this.matches.slice(0, MAX_SHOWN_MATCHES).map((m, i) => new SearchMatchNode(this, i, m, this.gone.has(i)));
  }

  /** Marks the matches at or below `path` as deleted; true when one was newly marked. */
  markGone(path: string): boolean {
    const below = path === '/' ? '/' : `${path}/`;
    let marked = false;
    this.matches.forEach((m, i) => {
      if ((m.path === path || m.path.startsWith(below)) && !this.gone.has(i)) {
        this.gone.add(i);
        marked = true;
      }
    });
    return marked;
  }
}

export class SearchMatchNode extends ExplorerNode {
  readonly id: string;

  constructor(
    override readonly parent: SearchResultsNode,
    index: number,
    readonly match: SearchMatch,
    readonly gone = false,
  ) {
    super(parent);
    this.id = `${parent.id}/${index}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(safeLabel(this.match.path), vscode.TreeItemCollapsibleState.None);
    item.description =
      this.match.preview !== undefined
        ? safeLabel(this.match.preview)
        : describeZnode(this.match.stat.numChildren, this.match.stat.dataLength);
    const preview = this.match.preview !== undefined ? `\n${safeLabel(this.match.preview)}` : '';
    item.tooltip = `${safeLabel(this.match.path)}\n${describeZnode(this.match.stat.numChildren, this.match.stat.dataLength)}${preview}`;
    if (this.gone) {
      // Kept, so the list still reads as what the search found, but it no longer opens.
      item.description = 'deleted since the search';
      item.tooltip = `${safeLabel(this.match.path)} was deleted after the search found it.`;
      item.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
      item.contextValue = 'zk.match-gone';
      return item;
    }
    item.iconPath = new vscode.ThemeIcon('file');
    item.contextValue = 'zk.match';
    item.command = {
      command: 'zookeeper.openZnode',
      title: 'Open',
      arguments: [vscode.Uri.from({ scheme: 'zk', authority: this.parent.clusterId, path: this.match.path })],
    };
    return item;
  }
}

/** Where each side of a diff came from. */
export interface DiffSideInfo {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly root: string;
}

/** A subtree diff: added, removed and changed nodes as a tree; each opens a side-by-side diff. */
export class DiffResultsNode extends ResultSetNode {
  constructor(
    readonly diff: TreeDiff,
    readonly left: DiffSideInfo,
    readonly right: DiffSideInfo,
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      `Diff ${safeLabel(this.left.root)} ↔ ${safeLabel(this.right.root)}`,
      vscode.TreeItemCollapsibleState.Expanded,
    );
    const c = this.diff.counts;
    item.description = this.diff.equal ? 'identical' : `+${c.added} −${c.removed} ~${c.changed}`;
    item.tooltip =
      `${this.left.clusterName}:${safeLabel(this.left.root)} ↔ ` +
      `${this.right.clusterName}:${safeLabel(this.right.root)}\n${c.added} added, ${c.removed} removed, ` +
      `${c.changed} changed, ${c.unchanged} unchanged (${Math.round(this.diff.ms)} ms)`;
    item.iconPath = new vscode.ThemeIcon('diff');
    item.contextValue = 'zk.results';
    return item;
  }

  override getChildren(): ExplorerNode[] {
    const root = this.diff.root;
    // The roots themselves may differ; show them as a row when they do.
    return root.status === 'unchanged' ? root.children.map((e) => new DiffEntryNode(this, this, e)) : [new DiffEntryNode(this, this, root)];
  }
}

const STATUS_ICON: Record<string, { icon: string; color: string }> = {
  added: { icon: 'diff-added', color: 'gitDecoration.addedResourceForeground' },
  removed: { icon: 'diff-removed', color: 'gitDecoration.deletedResourceForeground' },
  changed: { icon: 'diff-modified', color: 'gitDecoration.modifiedResourceForeground' },
  unchanged: { icon: 'folder', color: 'foreground' },
};

export class DiffEntryNode extends ExplorerNode {
  readonly id: string;

  constructor(
    parent: ExplorerNode,
    readonly results: DiffResultsNode,
    readonly entry: DiffEntry,
  ) {
    super(parent);
    this.id = `${results.id}:${entry.relPath}`;
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.entry;
    const item = new vscode.TreeItem(
      safeLabel(e.name),
      e.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.description = e.status === 'unchanged' ? '' : e.status === 'changed' ? `changed (${e.changes.join(', ')})` : e.status;
    item.tooltip = `${safeLabel(e.relPath)}: ${e.status}${e.changes.length ? ` (${e.changes.join(', ')})` : ''}`;
    const look = STATUS_ICON[e.status] ?? STATUS_ICON.unchanged!;
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    item.contextValue = `zk.diff-${e.status}`;
    if (e.status !== 'unchanged') item.command = { command: 'zookeeper.openDiffEntry', title: 'Compare', arguments: [this] };
    return item;
  }

  override getChildren(): ExplorerNode[] {
    return this.entry.children.map((c) => new DiffEntryNode(this, this.results, c));
  }
}
