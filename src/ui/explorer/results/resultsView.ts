import * as vscode from 'vscode';
import { ExplorerNode } from '../tree/explorerNode';
import { ResultSetNode, SearchResultsNode } from './resultNodes';

export const RESULTS_VIEW = 'zookeeper.results';
/** Result sets kept; older ones drop off. */
const MAX_SETS = 5;
/** Streaming results re-render at most this often. */
const RENDER_EVERY_MS = 250;

/** The Results view: the latest searches and diffs, newest first. */
export class ResultsView implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private sets: ResultSetNode[] = [];
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<ExplorerNode>;
  private readonly pending = new Set<ResultSetNode>();
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.treeView = vscode.window.createTreeView(RESULTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = node.getTreeItem();
    item.id = node.id;
    return item;
  }

  getChildren(node?: ExplorerNode): vscode.ProviderResult<ExplorerNode[]> {
    return node ? node.getChildren() : this.sets;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  /** Shows a new result set at the top and brings the view forward. */
  async add(set: ResultSetNode): Promise<void> {
    this.sets = [set, ...this.sets].slice(0, MAX_SETS);
    await vscode.commands.executeCommand('setContext', 'zookeeper.hasResults', true);
    this.changed.fire(undefined);
    await vscode.commands.executeCommand(`${RESULTS_VIEW}.focus`).then(undefined, () => undefined);
  }

  /** A set got more rows: re-rendered at most every RENDER_EVERY_MS. */
  update(set: ResultSetNode): void {
    this.pending.add(set);
    this.timer ??= setTimeout(() => this.flush(), RENDER_EVERY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const set of this.pending) if (this.sets.includes(set)) this.changed.fire(set);
    this.pending.clear();
  }

  /** `path` and its subtree were deleted on `clusterId`: search rows for them say so. */
  markGone(clusterId: string, path: string): void {
    for (const set of this.sets)
      if (set instanceof SearchResultsNode && set.clusterId === clusterId && set.markGone(path)) this.changed.fire(set);
  }

  get current(): readonly ResultSetNode[] {
    return this.sets;
  }

  async clear(): Promise<void> {
    this.sets = [];
    this.changed.fire(undefined);
    await vscode.commands.executeCommand('setContext', 'zookeeper.hasResults', false);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.treeView.dispose();
    this.changed.dispose();
  }
}
