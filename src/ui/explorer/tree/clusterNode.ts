import * as vscode from 'vscode';
import type { ClusterConfig } from '../../../core/clusters/clusterConfig';
import { describeStatus } from '../connections';
import { ExplorerNode, contextValue } from './explorerNode';
import { MessageNode } from './messageNodes';
import type { TreeServices } from './services';
import { ParentNode } from './znodeNodes';

/** A configured cluster; its children are the children of its root `/`. */
export class ClusterNode extends ParentNode {
  readonly id: string;
  readonly path = '/';

  constructor(
    services: TreeServices,
    readonly cluster: ClusterConfig,
    private readonly isActive: boolean,
  ) {
    super(undefined, services);
    this.id = `${cluster.id}:/`;
  }

  getTreeItem(): vscode.TreeItem {
    const info = this.services.connections.info(this.cluster.id);
    const open = this.services.connections.isOpen(this.cluster.id);
    const item = new vscode.TreeItem(this.cluster.name, vscode.TreeItemCollapsibleState.Collapsed);
    const flags = [this.isActive ? 'active' : undefined, this.cluster.readOnly ? 'read-only' : undefined, describeStatus(info)];
    item.description = flags.filter(Boolean).join(' · ');
    item.tooltip = [
      `${this.cluster.name}${this.isActive ? ' (active)' : ''}`,
      `connect string: ${this.cluster.connectString}`,
      `state: ${describeStatus(info)}${info.server ? ` (${info.server})` : ''}`,
      `refresh: ${this.cluster.refresh === 'watch' ? 'live (watches)' : 'manual'}`,
      this.cluster.readOnly ? 'read-only: every write is refused' : 'read-write',
    ].join('\n');
    const connected = info.status === 'connected';
    const icon = info.status === 'failed' || info.status === 'authFailed' ? 'error' : connected ? 'vm-running' : open ? 'vm-outline' : 'vm';
    item.iconPath = new vscode.ThemeIcon(icon, this.isActive ? new vscode.ThemeColor('charts.green') : undefined);
    item.contextValue = contextValue([
      'zk.cluster',
      open ? 'zk.connected' : 'zk.disconnected',
      this.cluster.readOnly ? 'zk.readonly' : 'zk.writable',
      this.isActive && 'zk.active',
    ]);
    return item;
  }

  override getChildren(): Promise<ExplorerNode[]> {
    if (this.services.connections.isHeldDisconnected(this.cluster.id)) {
      return Promise.resolve([
        new MessageNode(
          this,
          `${this.id}#disconnected`,
          'Disconnected: click to connect',
          {
            command: 'zookeeper.connect',
            title: 'Connect',
            arguments: [this],
          },
          'debug-disconnect',
        ),
      ]);
    }
    return this.listChildren();
  }
}
