import * as vscode from 'vscode';
import type { ClusterRegistry } from '../clusters';
import { modalPrompts } from '../commands/adapters';
import { registerCommands } from '../commands/command';
import { explorerCommands } from '../commands/index';
import { ExplorerContext, clusterOfArgs } from '../commands/context';
import { ConflictResolver } from '../fs/conflicts';
import { SnapshotStore } from '../fs/snapshots';
import { ZkFileSystemProvider } from '../fs/zkFileSystem';
import { ConnectionManager, describeStatus } from './connections';
import { ListingCache } from './listings';
import { PagingState } from './paging';
import { ClusterNode } from './tree/clusterNode';
import { ExplorerNode } from './tree/explorerNode';
import { ExplorerTreeProvider } from './tree/explorerTree';
import { ResultsView } from './results/resultsView';
import { watchesContributor } from './tree/watchNodes';
import { WatchService } from './watchService';
import { SNAPSHOT_SCHEME, ZK_SCHEME } from './zkUri';

export const ZNODES_VIEW = 'zookeeper.znodes';

/**
 * Builds the znode explorer: connections, the Znodes view, the zk: file system, snapshots and
 * every explorer command. Each disposable is pushed to `context.subscriptions` as it is created.
 */
export function activateExplorer(
  context: vscode.ExtensionContext,
  registry: ClusterRegistry,
  output: vscode.OutputChannel,
): ExplorerContext {
  const push = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const connections = push(new ConnectionManager(registry));
  const paging = new PagingState();
  // The tree provider supplies the watchers; the cache needs them before the provider exists.
  let tree: ExplorerTreeProvider | undefined;
  const listings = new ListingCache({
    sessionFor: (id) => connections.connect(id),
    watcherFor: (id, path) => tree?.watcherFor(id, path),
  });
  tree = push(new ExplorerTreeProvider({ registry, connections, listings, paging }));
  const treeView = push(vscode.window.createTreeView<ExplorerNode>(ZNODES_VIEW, { treeDataProvider: tree, showCollapseAll: true }));
  const fs = push(new ZkFileSystemProvider(registry, connections));
  push(vscode.workspace.registerFileSystemProvider(ZK_SCHEME, fs, { isCaseSensitive: true }));
  const snapshots = push(new SnapshotStore());
  push(vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, snapshots));
  push(new ConflictResolver(fs, registry, connections, snapshots));
  const watches = push(new WatchService(context.globalState, registry, connections, output));
  tree.addRootContributor(watchesContributor(watches));
  const results = push(new ResultsView());

  const ctx: ExplorerContext = {
    registry,
    connections,
    tree,
    treeView,
    fs,
    snapshots,
    output,
    paging,
    watches,
    results,
    storageUri: context.globalStorageUri,
    prompts: modalPrompts(),
  };
  const explorerTree = tree;
  push(fs.onDidWrite((location) => explorerTree.reloadRow(location.clusterId, location.path)));
  push(fs.onDidDelete(({ clusterId, path }) => results.markGone(clusterId, path)));
  // Expanding a cluster the user disconnected is asking to connect again.
  push(
    treeView.onDidExpandElement((e) => {
      if (e.element instanceof ClusterNode && connections.release(e.element.cluster.id)) explorerTree.refresh(e.element);
    }),
  );
  const describeActive = (): void => {
    const active = registry.active;
    const info = active && connections.info(active.id);
    const state = info && (info.status === 'idle' ? 'not connected yet (connects on expand)' : describeStatus(info));
    treeView.description = active ? `${active.name} · ${state}${active.readOnly ? ' · read-only' : ''}` : undefined;
  };
  push(registry.onDidChange(describeActive));
  push(connections.onDidChangeState(describeActive));
  describeActive();
  for (const d of registerCommands(explorerCommands(ctx), output, (args) => clusterOfArgs(registry, args))) push(d);
  return ctx;
}
