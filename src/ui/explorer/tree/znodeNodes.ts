import * as vscode from 'vscode';
import type { ClusterConfig } from '../../../core/clusters/clusterConfig';
import type { ChildDetail } from '../../../core/znodes/childPages';
import type { ZkStat } from '../../../core/zk/stat';
import { describeError } from '../../commands/errorText';
import { visibleWindow } from '../paging';
import { describeZnode, safeLabel, statTooltip, znodeIcon } from '../znodePresentation';
import { znodeKey } from '../zkUri';
import { ExplorerNode, ZnodeTarget, contextValue } from './explorerNode';
import { ErrorNode, LoadMoreNode } from './messageNodes';
import type { TreeServices } from './services';

/**
 * A row whose children are znodes: a cluster (for `/`) or a znode. Lists the children a page at
 * a time; a failure becomes an ErrorNode with Retry instead of an exception that empties the tree.
 * (ParentNode and ZnodeNode share this file: each needs the other at class-definition time.)
 */
export abstract class ParentNode extends ExplorerNode implements ZnodeTarget {
  abstract readonly cluster: ClusterConfig;
  abstract readonly path: string;

  constructor(
    parent: ExplorerNode | undefined,
    protected readonly services: TreeServices,
  ) {
    super(parent);
  }

  /** `<clusterId>:<path>`: the key of paging state and listings. */
  get key(): string {
    return znodeKey(this.cluster.id, this.path);
  }

  protected async listChildren(): Promise<ExplorerNode[]> {
    const shown = this.services.paging.shown(this.key);
    try {
      const { rows, total } = await this.services.listings.rows(this.cluster.id, this.path, shown);
      const nodes: ExplorerNode[] = rows.map((row) => new ZnodeNode(this, this.services, this.cluster, row));
      const window = visibleWindow(total, shown);
      if (window.moreLabel) nodes.push(new LoadMoreNode(this, window.moreLabel));
      return nodes;
    } catch (err) {
      return [new ErrorNode(this, describeError(err, { clusterName: this.cluster.name }))];
    }
  }

  override getChildren(): Promise<ExplorerNode[]> {
    return this.listChildren();
  }
}

/** One znode below a cluster. Label, description and tooltip are plain strings (untrusted names). */
export class ZnodeNode extends ParentNode {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  /** As of the parent's listing; undefined when the row's stat failed. */
  readonly stat: ZkStat | undefined;
  private readonly failure: string | undefined;

  constructor(
    parent: ExplorerNode,
    services: TreeServices,
    readonly cluster: ClusterConfig,
    row: Pick<ChildDetail, 'path' | 'name' | 'stat' | 'error'>,
  ) {
    super(parent, services);
    this.path = row.path;
    this.name = row.name;
    this.stat = row.stat;
    this.failure = row.error ? describeError(row.error, { clusterName: cluster.name }) : undefined;
    this.id = znodeKey(cluster.id, row.path);
  }

  getTreeItem(): vscode.TreeItem {
    const stat = this.stat;
    // Without a stat the row may still have children: let the user try to expand it.
    const expandable = stat ? stat.numChildren > 0 : true;
    const item = new vscode.TreeItem(
      safeLabel(this.name),
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = stat ? describeZnode(stat.numChildren, stat.dataLength) : 'stat failed';
    item.tooltip = stat ? statTooltip(this.path, stat) : `${safeLabel(this.path)}\n${this.failure ?? ''}`;
    item.iconPath = new vscode.ThemeIcon(znodeIcon(this.name, stat));
    const hasData = stat !== undefined && stat.dataLength > 0;
    const tokens = ['zk.znode', this.cluster.readOnly ? 'zk.readonly' : 'zk.writable', stat && `zk.kind-${stat.kind}`];
    item.contextValue = contextValue([...tokens, expandable && hasData ? 'zk.parent-with-data' : undefined]);
    // As in the file explorer: a click expands a row with children (a folder) and opens a leaf (a
    // file). A parent that also holds data opens it from its inline "Open Data" action or menu.
    if (!expandable) item.command = { command: 'zookeeper.openZnode', title: 'Open', arguments: [this] };
    return item;
  }
}
