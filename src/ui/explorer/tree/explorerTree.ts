import * as vscode from 'vscode';
import { baseName, parentPath } from '../../../core/zk/paths';
import type { Watcher } from '../../../core/zk/watches';
import { Batch, Coalescer, ReloadGate } from '../coalescer';
import { znodeKey } from '../zkUri';
import { ClusterNode } from './clusterNode';
import { ExplorerNode } from './explorerNode';
import type { TreeServices } from './services';

/** Extra root rows after the clusters (the named watches). */
export interface RootContributor {
  roots(): ExplorerNode[];
  readonly onDidChange: vscode.Event<void>;
}

/** Refresh coalescing: quiet 300 ms, at most every 2 s under a storm, over 50 parents = all. */
export const REFRESH_COALESCING = { delayMs: 300, maxWaitMs: 2000, maxKeys: 50 };
/** A parent with more children than this is listed again at most every BIG_PARENT_GAP_MS. */
export const BIG_PARENT = 10_000;
export const BIG_PARENT_GAP_MS = 10_000;

/**
 * The Znodes view's data provider. Rows do their own work; this keeps the instances VS Code
 * knows (refreshes must name the same objects), turns watch events into coalesced refreshes,
 * and answers getParent for reveal.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Rows VS Code was given, by id. */
  private readonly live = new Map<string, ExplorerNode>();
  /** Ids of the rows last listed under each parent id, to forget them when re-listed. */
  private readonly childIds = new Map<string, string[]>();
  private readonly coalescer: Coalescer<string>;
  /** Watch-driven reloads per parent, spaced out for big parents. */
  private readonly gate: ReloadGate<string>;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private readonly contributors: RootContributor[] = [];
  /** Ids of the root rows each contributor gave last time the roots were listed. */
  private readonly contributed = new Map<RootContributor, string[]>();

  constructor(private readonly services: TreeServices) {
    this.coalescer = new Coalescer<string>(REFRESH_COALESCING, (batch) => this.applyBatch(batch));
    this.gate = new ReloadGate<string>(
      (key) => ((this.services.listings.sizeOf(...splitKey(key)) ?? 0) > BIG_PARENT ? BIG_PARENT_GAP_MS : 0),
      (key) => this.reload(...splitKey(key)),
    );
    this.subscriptions.push(
      services.registry.onDidChange(() => this.refresh()),
      services.connections.onDidChangeState((clusterId) => this.refreshClusterRow(clusterId)),
    );
  }

  addRootContributor(contributor: RootContributor): void {
    this.contributors.push(contributor);
    this.subscriptions.push(
      contributor.onDidChange(() => {
        // Same rows as last shown: re-render just those; rows came or went: the roots changed.
        const before = this.contributed.get(contributor) ?? [];
        const ids = contributor.roots().map((r) => r.id);
        const same = ids.length === before.length && ids.every((id, i) => id === before[i]);
        if (!same) return this.refresh();
        for (const id of ids) {
          const node = this.live.get(id);
          if (node) this.changed.fire(node);
        }
      }),
    );
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = node.getTreeItem();
    item.id = node.id;
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = node ? await node.getChildren() : this.roots();
    const parentId = node?.id ?? '';
    for (const id of this.childIds.get(parentId) ?? []) this.live.delete(id);
    for (const child of children) this.live.set(child.id, child);
    this.childIds.set(
      parentId,
      children.map((c) => c.id),
    );
    return children;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  private roots(): ExplorerNode[] {
    const active = this.services.registry.active?.id;
    const clusters: ExplorerNode[] = this.services.registry.list().map((c) => new ClusterNode(this.services, c, c.id === active));
    const extra = this.contributors.flatMap((c) => {
      const rows = c.roots();
      this.contributed.set(
        c,
        rows.map((r) => r.id),
      );
      return rows;
    });
    return [...clusters, ...extra];
  }

  /** The row VS Code currently shows for `<clusterId>:<path>`, if any. */
  nodeFor(clusterId: string, path: string): ExplorerNode | undefined {
    return this.live.get(znodeKey(clusterId, path));
  }

  /** Re-renders `node` (and re-lists its children if expanded), or everything. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.changed.fire(undefined);
      return;
    }
    // VS Code knows rows by instance: refresh the instance it was given, if it still shows one.
    const shown = this.live.get(node.id);
    if (shown) this.changed.fire(shown);
  }

  /** Drops the cached listing of `path` and re-lists it (manual refresh, after a write). */
  reload(clusterId: string, path: string, subtree = false): void {
    if (subtree) this.services.listings.invalidateSubtree(clusterId, path);
    else this.services.listings.invalidate(clusterId, path);
    const node = this.nodeFor(clusterId, path);
    if (node) this.changed.fire(node);
    else if (path === '/') this.refresh();
  }

  /** Re-reads one row's stat (its data changed) without listing its parent again. */
  async reloadRow(clusterId: string, path: string): Promise<void> {
    const parent = parentPath(path);
    if (parent === undefined) return;
    await this.services.listings.forgetDetail(clusterId, parent, baseName(path));
    const node = this.nodeFor(clusterId, parent);
    if (node) this.changed.fire(node);
  }

  private refreshClusterRow(clusterId: string): void {
    const node = this.live.get(`${clusterId}:/`);
    // Firing a cluster row re-lists its children from the cache, so only a state change costs it.
    if (node) this.changed.fire(node);
  }

  /** A child watch for the listing of `path` when the cluster refreshes live, else undefined. */
  watcherFor(clusterId: string, path: string): Watcher | undefined {
    if (this.services.registry.get(clusterId)?.refresh !== 'watch') return undefined;
    return () => this.coalescer.push(znodeKey(clusterId, path));
  }

  private applyBatch(batch: Batch<string>): void {
    if (batch.all) {
      for (const cluster of this.services.registry.list()) {
        if (cluster.refresh === 'watch') this.services.listings.invalidateCluster(cluster.id);
      }
      this.refresh();
      return;
    }
    for (const key of batch.keys) this.gate.request(key);
  }

  dispose(): void {
    this.coalescer.dispose();
    this.gate.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** `<clusterId>:<path>` split at the first colon (cluster ids have none). */
function splitKey(key: string): [string, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}
