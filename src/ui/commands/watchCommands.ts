import * as vscode from 'vscode';
import { WatchNode } from '../explorer/tree/watchNodes';
import type { WatchStatus } from '../explorer/watchService';
import { Command } from './command';
import { WithClusterChoices, resolveTarget } from './context';
import { OperationSteps, runOperation } from './operations/arguments';
import {
  UnwatchArguments,
  WatchArguments,
  WatchServices,
  suggestedWatchName,
  unwatch,
  unwatchArguments,
  watchArguments,
  watchZnode,
} from './operations/watches';
import { label } from '../health/presentation';

/** Watch Znode (the node and its child list) or Watch Subtree (every node below, bounded). */
export class WatchZnode implements Command, OperationSteps<WatchArguments, string> {
  readonly id: string;
  readonly schema = watchArguments;
  constructor(
    private readonly s: WithClusterChoices<WatchServices>,
    private readonly recursive: boolean,
  ) {
    this.id = recursive ? 'zookeeper.watchSubtree' : 'zookeeper.watchZnode';
  }

  run(arg?: unknown): Promise<string | undefined> {
    return runOperation(this, arg);
  }

  async gather(arg: unknown): Promise<WatchArguments | undefined> {
    const target = await resolveTarget(this.s.registry, arg, this.recursive ? 'Subtree to watch' : 'Znode to watch');
    if (!target) return undefined;
    const name = await vscode.window.showInputBox({
      prompt: `Name of the watch on ${target.cluster.name}`,
      value: suggestedWatchName(target.path, this.recursive),
      validateInput: (v) => (v.trim() ? undefined : 'A name is required.'),
    });
    return name ? { clusterId: target.cluster.id, path: target.path, name: name.trim() } : undefined;
  }

  operate(args: WatchArguments): Promise<string> {
    return watchZnode(this.s, this.id, this.recursive, args);
  }
}

export class Unwatch implements Command, OperationSteps<UnwatchArguments, boolean> {
  readonly id = 'zookeeper.unwatch';
  readonly schema = unwatchArguments;
  constructor(
    private readonly s: {
      readonly watches: { list(): WatchStatus[]; remove(clusterId: string, name: string): Promise<boolean> };
    },
  ) {}

  async run(arg?: unknown): Promise<boolean> {
    return (await runOperation(this, arg)) ?? false;
  }

  async gather(arg: unknown): Promise<UnwatchArguments | undefined> {
    if (arg instanceof WatchNode) return { clusterId: arg.status.definition.clusterId, name: arg.status.definition.name };
    const picked = await vscode.window.showQuickPick(
      this.s.watches
        .list()
        .map((s) => ({ label: label(s.definition.name), description: `${s.definition.clusterId} · ${s.definition.path}`, s })),
      { placeHolder: 'Watch to remove' },
    );
    return picked && { clusterId: picked.s.definition.clusterId, name: picked.s.definition.name };
  }

  operate(args: UnwatchArguments): Promise<boolean> {
    return unwatch(this.s, args);
  }
}
