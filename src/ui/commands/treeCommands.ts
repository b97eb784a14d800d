import * as vscode from 'vscode';
import { ExplorerNode, isZnodeTarget } from '../explorer/tree/explorerNode';
import { ErrorNode, LoadMoreNode } from '../explorer/tree/messageNodes';
import { statText } from '../explorer/znodePresentation';
import { formatZkUri } from '../explorer/zkUri';
import type { ZkSession } from '../../core/zk/session';
import type { PagingState } from '../explorer/paging';
import type { ExplorerTreeProvider } from '../explorer/tree/explorerTree';
import type { SnapshotStore } from '../fs/snapshots';
import { Command } from './command';
import { ClusterChoices, resolveTarget } from './context';
import type { Sessions } from './operations/services';

/** What the read-only document commands (stat, ACL) use. */
export interface ReadServices {
  readonly registry: ClusterChoices;
  readonly connections: Sessions<Pick<ZkSession, 'exists' | 'getAcl'>>;
  readonly snapshots: Pick<SnapshotStore, 'put'>;
}

export class LoadMore implements Command {
  readonly id = 'zookeeper.loadMore';
  constructor(private readonly s: { readonly paging: PagingState; readonly tree: Pick<ExplorerTreeProvider, 'refresh'> }) {}

  run(node?: unknown): void {
    if (!(node instanceof LoadMoreNode) || !isZnodeTarget(node.parent)) return;
    const parent = node.parent;
    this.s.paging.more(`${parent.cluster.id}:${parent.path}`, Number.MAX_SAFE_INTEGER);
    this.s.tree.refresh(parent);
  }
}

export class Retry implements Command {
  readonly id = 'zookeeper.retry';
  constructor(
    private readonly s: {
      readonly connections: { release(clusterId: string): boolean };
      readonly tree: Pick<ExplorerTreeProvider, 'reload' | 'refresh'>;
    },
  ) {}

  run(node?: unknown): void {
    if (!(node instanceof ErrorNode) || !node.parent) return;
    const parent: ExplorerNode = node.parent;
    if (isZnodeTarget(parent)) {
      this.s.connections.release(parent.cluster.id);
      this.s.tree.reload(parent.cluster.id, parent.path);
    }
    this.s.tree.refresh(parent);
  }
}

export class CopyPath implements Command {
  readonly id = 'zookeeper.copyPath';
  constructor(private readonly s: { readonly registry: ClusterChoices }) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Path to copy');
    if (!target) return undefined;
    await vscode.env.clipboard.writeText(target.path);
    vscode.window.setStatusBarMessage(`Copied ${target.path}`, 3000);
    return target.path;
  }
}

export class CopyUri implements Command {
  readonly id = 'zookeeper.copyUri';
  constructor(private readonly s: { readonly registry: ClusterChoices }) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Znode');
    if (!target) return undefined;
    const text = formatZkUri({ clusterId: target.cluster.id, path: target.path });
    await vscode.env.clipboard.writeText(text);
    return text;
  }
}

/** The stat as zkCli prints it, in a read-only document. */
export class ViewStat implements Command {
  readonly id = 'zookeeper.viewStat';
  constructor(private readonly s: ReadServices) {}

  async run(arg?: unknown): Promise<void> {
    const target = await resolveTarget(this.s.registry, arg, 'Znode to stat');
    if (!target) return;
    const session = await this.s.connections.connect(target.cluster.id);
    const stat = await session.exists(target.path);
    if (!stat) throw new Error(`${target.path} does not exist on ${target.cluster.name}.`);
    const uri = this.s.snapshots.put(
      target.cluster.id,
      `${target.path === '/' ? '' : target.path}/(stat)`,
      `${statText(target.path, stat)}\n`,
    );
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}
