import * as vscode from 'vscode';
import { ExplorerNode, isZnodeTarget } from '../explorer/tree/explorerNode';
import { ErrorNode, LoadMoreNode } from '../explorer/tree/messageNodes';
import { statText } from '../explorer/znodePresentation';
import { formatZkUri } from '../explorer/zkUri';
import { Command } from './command';
import { ExplorerContext, resolveTarget, sessionOf } from './context';

export class LoadMore implements Command {
  readonly id = 'zookeeper.loadMore';
  constructor(private readonly ctx: ExplorerContext) {}

  run(node?: unknown): void {
    if (!(node instanceof LoadMoreNode) || !isZnodeTarget(node.parent)) return;
    const parent = node.parent;
    this.ctx.paging.more(`${parent.cluster.id}:${parent.path}`, Number.MAX_SAFE_INTEGER);
    this.ctx.tree.refresh(parent);
  }
}

export class Retry implements Command {
  readonly id = 'zookeeper.retry';
  constructor(private readonly ctx: ExplorerContext) {}

  run(node?: unknown): void {
    if (!(node instanceof ErrorNode) || !node.parent) return;
    const parent: ExplorerNode = node.parent;
    if (isZnodeTarget(parent)) {
      this.ctx.connections.release(parent.cluster.id);
      this.ctx.tree.reload(parent.cluster.id, parent.path);
    }
    this.ctx.tree.refresh(parent);
  }
}

export class CopyPath implements Command {
  readonly id = 'zookeeper.copyPath';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const target = await resolveTarget(this.ctx, arg, 'Path to copy');
    if (!target) return undefined;
    await vscode.env.clipboard.writeText(target.path);
    vscode.window.setStatusBarMessage(`Copied ${target.path}`, 3000);
    return target.path;
  }
}

export class CopyUri implements Command {
  readonly id = 'zookeeper.copyUri';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const target = await resolveTarget(this.ctx, arg, 'Znode');
    if (!target) return undefined;
    const text = formatZkUri({ clusterId: target.cluster.id, path: target.path });
    await vscode.env.clipboard.writeText(text);
    return text;
  }
}

/** The stat as zkCli prints it, in a read-only document. */
export class ViewStat implements Command {
  readonly id = 'zookeeper.viewStat';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const target = await resolveTarget(this.ctx, arg, 'Znode to stat');
    if (!target) return;
    const session = await sessionOf(this.ctx, target.cluster);
    const stat = await session.exists(target.path);
    if (!stat) throw new Error(`${target.path} does not exist on ${target.cluster.name}.`);
    const uri = this.ctx.snapshots.put(
      target.cluster.id,
      `${target.path === '/' ? '' : target.path}/(stat)`,
      `${statText(target.path, stat)}\n`,
    );
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}
