import * as vscode from 'vscode';
import { ExplorerNode } from './explorerNode';

/** A row that only says something (empty parent, disconnected cluster), optionally clickable. */
export class MessageNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode | undefined,
    readonly id: string,
    private readonly message: string,
    private readonly command?: vscode.Command,
    private readonly icon = 'info',
  ) {
    super(parent);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'zk.message';
    if (this.command) item.command = this.command;
    return item;
  }
}

/** A failure to load a parent's children: the reason as plain text and a retry action. */
export class ErrorNode extends ExplorerNode {
  readonly id: string;

  constructor(
    parent: ExplorerNode,
    readonly message: string,
  ) {
    super(parent);
    this.id = `${parent.id}#error`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = `${this.message}\nClick to retry.`;
    item.contextValue = 'zk.error';
    item.command = { command: 'zookeeper.retry', title: 'Retry', arguments: [this] };
    return item;
  }
}

/** "Load more (500 of 1,200)": shows the next page of its parent. */
export class LoadMoreNode extends ExplorerNode {
  readonly id: string;

  constructor(
    parent: ExplorerNode,
    private readonly label: string,
  ) {
    super(parent);
    this.id = `${parent.id}#more`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'zk.loadMore';
    item.command = { command: 'zookeeper.loadMore', title: 'Load More', arguments: [this] };
    return item;
  }
}
