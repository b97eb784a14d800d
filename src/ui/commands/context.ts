import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { pathProblem } from '../../core/zk/paths';
import type { ClusterRegistry } from '../clusters';
import type { ConnectionManager } from '../explorer/connections';
import { ExplorerNode, isZnodeTarget } from '../explorer/tree/explorerNode';
import type { PagingState } from '../explorer/paging';
import type { ResultsView } from '../explorer/results/resultsView';
import type { WatchService } from '../explorer/watchService';
import type { ExplorerTreeProvider } from '../explorer/tree/explorerTree';
import { ZK_SCHEME, parseUriParts } from '../explorer/zkUri';
import type { SnapshotStore } from '../fs/snapshots';
import type { ZkFileSystemProvider } from '../fs/zkFileSystem';
import { ClusterLookup, isScripted } from './operations/arguments';
import type { OperationPrompts } from './operations/services';
import { label } from '../health/presentation';

/** Everything the explorer's commands use, built once in activate() and passed to each command. */
export interface ExplorerContext {
  readonly registry: ClusterRegistry;
  readonly connections: ConnectionManager;
  readonly tree: ExplorerTreeProvider;
  readonly treeView: vscode.TreeView<ExplorerNode>;
  readonly fs: ZkFileSystemProvider;
  readonly snapshots: SnapshotStore;
  readonly output: vscode.OutputChannel;
  readonly paging: PagingState;
  readonly watches: WatchService;
  /** The Results view (search matches, subtree diffs). */
  readonly results: ResultsView;
  /** Where backups go unless the user picks a folder (the extension's global storage). */
  readonly storageUri: vscode.Uri;
  /** The questions operations ask before destructive steps; host tests replace its methods to answer. */
  readonly prompts: OperationPrompts;
}

/** The part of the ClusterRegistry the gather steps use. */
export interface ClusterChoices extends ClusterLookup {
  list(): readonly ClusterConfig[];
  readonly active: ClusterConfig | undefined;
}

/** A command's services: its operation's, and the clusters its gather step picks from. */
export type WithClusterChoices<S> = S & { readonly registry: ClusterChoices };

/** A znode a command acts on. */
export interface Target {
  readonly cluster: ClusterConfig;
  readonly path: string;
  /** The row it came from, when invoked from the tree. */
  readonly node?: ExplorerNode;
}

/** Picks a cluster: the only one, else asks (offering to add one when there is none). */
export async function pickCluster(registry: ClusterChoices, placeHolder = 'Cluster'): Promise<ClusterConfig | undefined> {
  const clusters = registry.list();
  if (clusters.length === 0) {
    const add = await vscode.window.showInformationMessage('No ZooKeeper cluster is configured.', 'Add Cluster');
    if (add) await vscode.commands.executeCommand('zookeeper.addCluster');
    return undefined;
  }
  if (clusters.length === 1) return clusters[0];
  const active = registry.active;
  const picked = await vscode.window.showQuickPick(
    clusters.map((c) => ({
      label: label(c.name),
      description: `${c.connectString}${c.readOnly ? ' · read-only' : ''}${c.id === active?.id ? ' · active' : ''}`,
      cluster: c,
    })),
    { placeHolder },
  );
  return picked?.cluster;
}

/** Asks for a znode path, validated with ZooKeeper's rules. */
export async function askPath(prompt: string, value = '/', sequential = false): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt,
    value,
    valueSelection: [value.length, value.length],
    validateInput: (text) => pathProblem(text, sequential),
  });
}

/**
 * The znode a command is about: a tree row, a zk: URI (editor title/context menus), or, from the
 * command palette, the active cluster and a path the user types.
 */
export async function resolveTarget(registry: ClusterChoices, arg: unknown, prompt: string): Promise<Target | undefined> {
  if (isZnodeTarget(arg)) return { cluster: arg.cluster, path: arg.path, node: arg };
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri && uri.scheme === ZK_SCHEME) {
    const location = parseUriParts(uri);
    const cluster = registry.get(location.clusterId);
    if (cluster) return { cluster, path: location.path };
  }
  const cluster = registry.active ?? (await pickCluster(registry));
  if (!cluster) return undefined;
  const path = await askPath(`${prompt} (on ${cluster.name})`);
  return path ? { cluster, path } : undefined;
}

/** The cluster behind a tree row, a zk: URI or a Target-like argument, for error messages. */
export function clusterOfArgs(registry: ClusterLookup, args: readonly unknown[]): ClusterConfig | undefined {
  const first = args[0];
  if (isZnodeTarget(first)) return first.cluster;
  if (first instanceof vscode.Uri && first.scheme === ZK_SCHEME) return registry.get(first.authority);
  if (isScripted(first)) {
    const id = typeof first === 'string' ? first : first.clusterId;
    if (typeof id === 'string') return registry.get(id);
  }
  return undefined;
}
