import * as vscode from 'vscode';
import { WatchNode } from '../explorer/tree/watchNodes';
import { Command } from './command';
import { ExplorerContext, resolveTarget } from './context';

/** Watch Znode (the node and its child list) or Watch Subtree (every node below, bounded). */
export class WatchZnode implements Command {
  readonly id: string;
  constructor(
    private readonly ctx: ExplorerContext,
    private readonly recursive: boolean,
  ) {
    this.id = recursive ? 'zookeeper.watchSubtree' : 'zookeeper.watchZnode';
  }

  async run(arg?: unknown): Promise<string | undefined> {
    const scripted =
      typeof arg === 'object' && arg !== null && typeof (arg as { clusterId?: unknown }).clusterId === 'string'
        ? (arg as { clusterId: string; path?: unknown; name?: unknown })
        : undefined;
    const cluster = scripted ? this.ctx.registry.get(scripted.clusterId) : undefined;
    const target =
      scripted && cluster && typeof scripted.path === 'string'
        ? { cluster, path: scripted.path }
        : await resolveTarget(this.ctx, arg, this.recursive ? 'Subtree to watch' : 'Znode to watch');
    if (!target) return undefined;
    const suggested = `${target.path}${this.recursive ? ' (subtree)' : ''}`;
    const name =
      typeof scripted?.name === 'string'
        ? scripted.name
        : await vscode.window.showInputBox({
            prompt: `Name of the watch on ${target.cluster.name}`,
            value: suggested,
            validateInput: (v) => (v.trim() ? undefined : 'A name is required.'),
          });
    if (!name) return undefined;
    await this.ctx.watches.add({ name: name.trim(), clusterId: target.cluster.id, path: target.path, recursive: this.recursive });
    this.ctx.output.appendLine(
      `[${new Date().toISOString()}] watching ${target.path}${this.recursive ? ' and below' : ''} on ${target.cluster.name} as "${name.trim()}"`,
    );
    return name.trim();
  }
}

export class Unwatch implements Command {
  readonly id = 'zookeeper.unwatch';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<boolean> {
    if (arg instanceof WatchNode) return this.ctx.watches.remove(arg.status.definition.clusterId, arg.status.definition.name);
    if (typeof arg === 'object' && arg !== null) {
      const a = arg as { clusterId?: unknown; name?: unknown };
      if (typeof a.clusterId === 'string' && typeof a.name === 'string') return this.ctx.watches.remove(a.clusterId, a.name);
    }
    const picked = await vscode.window.showQuickPick(
      this.ctx.watches
        .list()
        .map((s) => ({ label: s.definition.name, description: `${s.definition.clusterId} · ${s.definition.path}`, s })),
      { placeHolder: 'Watch to remove' },
    );
    return picked ? this.ctx.watches.remove(picked.s.definition.clusterId, picked.s.definition.name) : false;
  }
}
