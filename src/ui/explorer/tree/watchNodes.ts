import * as vscode from 'vscode';
import { safeLabel } from '../znodePresentation';
import { WatchService, WatchStatus, describeChange } from '../watchService';
import { ExplorerNode } from './explorerNode';
import type { RootContributor } from './explorerTree';

/** One named watch; Remove is its inline action, a click opens the watched znode. */
export class WatchNode extends ExplorerNode {
  readonly id: string;

  constructor(
    parent: ExplorerNode,
    readonly status: WatchStatus,
  ) {
    super(parent);
    this.id = `watch:${status.definition.clusterId}/${status.definition.name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const d = this.status.definition;
    const item = new vscode.TreeItem(safeLabel(d.name), vscode.TreeItemCollapsibleState.None);
    item.description = `${d.clusterId} · ${safeLabel(d.path)}${d.recursive ? ' · subtree' : ''} · ${this.status.changes} change${this.status.changes === 1 ? '' : 's'}`;
    item.tooltip = [
      `${safeLabel(d.name)}: ${d.recursive ? 'subtree of' : 'node'} ${safeLabel(d.path)} on ${d.clusterId}`,
      `state: ${this.status.state}`,
      this.status.last ? `last: ${safeLabel(describeChange(this.status.last))}` : 'no change seen yet',
    ].join('\n');
    const failed = this.status.state.startsWith('failed');
    item.iconPath = new vscode.ThemeIcon(failed ? 'warning' : this.status.state === 'armed' ? 'eye' : 'eye-closed');
    item.contextValue = 'zk.watch';
    item.command = {
      command: 'zookeeper.openZnode',
      title: 'Open',
      arguments: [vscode.Uri.from({ scheme: 'zk', authority: d.clusterId, path: d.path })],
    };
    return item;
  }
}

/** "Watches": the root row that lists the named watches, shown once there is one. */
export class WatchesNode extends ExplorerNode {
  readonly id = 'watches';

  constructor(private readonly watches: WatchService) {
    super(undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.watches.list().length;
    const item = new vscode.TreeItem('Watches', vscode.TreeItemCollapsibleState.Expanded);
    item.description = `${n}`;
    item.iconPath = new vscode.ThemeIcon('eye');
    item.contextValue = 'zk.watches';
    return item;
  }

  override getChildren(): ExplorerNode[] {
    return this.watches.list().map((s) => new WatchNode(this, s));
  }
}

/** Puts the Watches row after the clusters while there are watches. */
export function watchesContributor(watches: WatchService): RootContributor {
  return {
    roots: () => (watches.list().length ? [new WatchesNode(watches)] : []),
    onDidChange: watches.onDidChange,
  };
}
