import * as vscode from 'vscode';

/** The status bar item that shows the active cluster and its quorum health. */
export class ClusterStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('zookeeper.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'ZooKeeper';
    this.item.command = 'zookeeper.showEnsemble';
    this.showDisconnected();
    this.item.show();
  }

  showDisconnected(): void {
    this.item.text = '$(server-environment) ZK: no cluster';
    this.item.tooltip = 'ZooKeeper Ops: no cluster connected';
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
