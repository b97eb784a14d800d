import * as vscode from 'vscode';

/** A placeholder tree until the ensemble view lands: shows one message row. */
class MessageTree implements vscode.TreeDataProvider<string> {
  constructor(private readonly message: string) {}
  getTreeItem(element: string): vscode.TreeItem {
    return new vscode.TreeItem(element);
  }
  getChildren(element?: string): string[] {
    return element ? [] : [this.message];
  }
}

export function registerViews(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.createTreeView('zookeeper.ensemble', { treeDataProvider: new MessageTree('No ensemble to watch') }),
    vscode.commands.registerCommand('zookeeper.showEnsemble', () =>
      vscode.commands.executeCommand('workbench.view.extension.zookeeper'),
    ),
  );
}
