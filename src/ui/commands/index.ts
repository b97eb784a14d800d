import * as vscode from 'vscode';
import type { Command } from './command';
import { AddCluster, Connect, Disconnect, EditCluster, Refresh, RemoveCluster, SetActiveCluster, SetCredentials } from './clusterCommands';
import type { ExplorerContext } from './context';
import { importPreview, notificationProgress, resultSets, workspaceFiles } from './adapters';
import { OpenAs, OpenZnode, OpenZnodeData } from './openCommands';
import { CopyPath, CopyUri, LoadMore, Retry, ViewStat } from './treeCommands';
import { EditAcl, ViewAcl } from './aclCommands';
import { ClearResults, Search } from './searchCommands';
import { DiffSubtrees, ExportSubtree, ImportSubtree, OpenDiffEntry } from './transferCommands';
import { Unwatch, WatchZnode } from './watchCommands';
import { CreateZnode, DeleteZnode, RenameZnode } from './writeCommands';

/** Folder for the backups written before deletes and moves. */
export function backupDir(storageUri: vscode.Uri): string {
  return vscode.Uri.joinPath(storageUri, 'backups').fsPath;
}

/** Only the named services: each command receives what it uses and nothing else. */
function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = from[key];
  return out;
}

/** Every command of the znode explorer, each with the services it uses. */
export function explorerCommands(ctx: ExplorerContext): Command[] {
  const s = {
    ...ctx,
    progress: notificationProgress,
    files: workspaceFiles,
    preview: importPreview(ctx.snapshots),
    results: resultSets(ctx.results),
    backupDir: backupDir(ctx.storageUri),
  };
  const open = pick(s, 'registry', 'connections', 'fs');
  const read = pick(s, 'registry', 'connections', 'snapshots');
  const watch = pick(s, 'registry', 'watches', 'output');
  const writes = pick(s, 'registry', 'connections', 'progress', 'prompts', 'tree', 'fs', 'output', 'backupDir');
  return [
    new AddCluster(pick(s, 'registry')),
    new EditCluster(pick(s, 'registry', 'connections')),
    new RemoveCluster(pick(s, 'registry', 'connections', 'prompts')),
    new SetCredentials(pick(s, 'registry', 'connections', 'tree')),
    new Connect(pick(s, 'registry', 'connections', 'tree', 'treeView')),
    new Disconnect(pick(s, 'registry', 'connections', 'tree')),
    new SetActiveCluster(pick(s, 'registry')),
    new Refresh(pick(s, 'registry', 'tree', 'fs')),
    new LoadMore(pick(s, 'paging', 'tree')),
    new Retry(pick(s, 'connections', 'tree')),
    new CopyPath(pick(s, 'registry')),
    new CopyUri(pick(s, 'registry')),
    new ViewStat(read),
    new OpenZnode(open),
    new OpenZnodeData(open),
    new OpenAs(open, 'text'),
    new OpenAs(open, 'json'),
    new OpenAs(open, 'hex'),
    new OpenAs(open, 'base64'),
    new CreateZnode(pick(s, 'registry', 'connections', 'prompts', 'tree', 'fs')),
    new DeleteZnode(writes),
    new RenameZnode(writes),
    new ViewAcl(read),
    new EditAcl(pick(s, 'registry', 'connections', 'prompts')),
    new Search(pick(s, 'registry', 'connections', 'progress', 'results')),
    new ClearResults({ results: ctx.results }),
    new ExportSubtree(pick(s, 'registry', 'connections', 'progress', 'prompts', 'files', 'output')),
    new ImportSubtree(pick(s, 'registry', 'connections', 'progress', 'prompts', 'files', 'tree', 'output', 'preview')),
    new DiffSubtrees(pick(s, 'registry', 'connections', 'progress', 'results')),
    new OpenDiffEntry(pick(s, 'snapshots')),
    new WatchZnode(watch, false),
    new WatchZnode(watch, true),
    new Unwatch(pick(s, 'watches')),
  ];
}
