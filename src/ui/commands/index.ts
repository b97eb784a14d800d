import type { Command } from './command';
import { AddCluster, Connect, Disconnect, EditCluster, Refresh, RemoveCluster, SetActiveCluster, SetCredentials } from './clusterCommands';
import type { ExplorerContext } from './context';
import { OpenAs, OpenZnode, OpenZnodeData } from './openCommands';
import { CopyPath, CopyUri, LoadMore, Retry, ViewStat } from './treeCommands';
import { EditAcl, ViewAcl } from './aclCommands';
import { ClearResults, Search } from './searchCommands';
import { DiffSubtrees, ExportSubtree, ImportSubtree, OpenDiffEntry } from './transferCommands';
import { Unwatch, WatchZnode } from './watchCommands';
import { CreateZnode, DeleteZnode, RenameZnode } from './writeCommands';

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
    new OpenZnodeData(ctx),
    new OpenAs(ctx, 'text'),
    new OpenAs(ctx, 'json'),
    new OpenAs(ctx, 'hex'),
    new OpenAs(ctx, 'base64'),
    new CreateZnode(ctx),
    new DeleteZnode(ctx),
    new RenameZnode(ctx),
    new ViewAcl(ctx),
    new EditAcl(ctx),
    new Search(ctx),
    new ClearResults(ctx),
    new ExportSubtree(ctx),
    new ImportSubtree(ctx),
    new DiffSubtrees(ctx),
    new OpenDiffEntry(ctx),
    new WatchZnode(ctx, false),
    new WatchZnode(ctx, true),
    new Unwatch(ctx),
  ];
}
