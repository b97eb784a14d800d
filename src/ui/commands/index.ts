import type { Command } from './command';
import { AddCluster, Connect, Disconnect, EditCluster, Refresh, RemoveCluster, SetActiveCluster, SetCredentials } from './clusterCommands';
import type { ExplorerContext } from './context';
import { OpenAs, OpenZnode } from './openCommands';
import { CopyPath, CopyUri, LoadMore, Retry, ViewStat } from './treeCommands';

/** Every command of the znode explorer, each with its dependencies. */
export function explorerCommands(ctx: ExplorerContext): Command[] {
  return [
    new AddCluster(ctx),
    new EditCluster(ctx),
    new RemoveCluster(ctx),
    new SetCredentials(ctx),
    new Connect(ctx),
    new Disconnect(ctx),
    new SetActiveCluster(ctx),
    new Refresh(ctx),
    new LoadMore(ctx),
    new Retry(ctx),
    new CopyPath(ctx),
    new CopyUri(ctx),
    new ViewStat(ctx),
    new OpenZnode(ctx),
    new OpenAs(ctx, 'text'),
    new OpenAs(ctx, 'json'),
    new OpenAs(ctx, 'hex'),
    new OpenAs(ctx, 'base64'),
  ];
}
