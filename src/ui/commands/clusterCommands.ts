import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import type { ClusterRegistry } from '../clusters';
import type { ConnectionManager } from '../explorer/connections';
import { ExplorerNode, isZnodeTarget } from '../explorer/tree/explorerNode';
import type { ExplorerTreeProvider } from '../explorer/tree/explorerTree';
import type { ZkFileSystemProvider } from '../fs/zkFileSystem';
import { Command } from './command';
import { askClusterForm, askDigest } from './clusterForm';
import { ClusterChoices, pickCluster } from './context';
import { ClusterRef, OperationSteps, clusterFor, clusterRef, isScripted, parseArguments, runOperation } from './operations/arguments';
import {
  ADD_CLUSTER,
  AddClusterServices,
  ClusterForm,
  REMOVE_CLUSTER,
  RemoveClusterServices,
  addCluster,
  addClusterArguments,
  removeCluster,
} from './operations/clusters';

/** The cluster of a tree row (else the active or picked one): the gather step of the cluster commands. */
async function gatherCluster(registry: ClusterChoices, arg: unknown): Promise<ClusterRef | undefined> {
  const cluster = isZnodeTarget(arg) ? registry.get(arg.cluster.id) : await pickCluster(registry);
  return cluster && { clusterId: cluster.id };
}

/**
 * The steps of a command about one cluster: from code `{ clusterId }` or the bare id (validated),
 * from a tree row its cluster, from the palette the only or a picked one.
 */
abstract class ClusterCommand<O> implements Command, OperationSteps<ClusterRef, O> {
  abstract readonly id: string;
  readonly schema = clusterRef;
  constructor(protected readonly registry: ClusterChoices) {}

  run(arg?: unknown): Promise<O | undefined> {
    return runOperation(this, arg);
  }

  gather(arg: unknown): Promise<ClusterRef | undefined> {
    return gatherCluster(this.registry, arg);
  }

  /** The cluster the (validated) argument names. */
  protected cluster(args: ClusterRef): ClusterConfig {
    return clusterFor(this.id, this.registry, args.clusterId);
  }

  abstract operate(args: ClusterRef): Promise<O | undefined>;
}

export class AddCluster implements Command, OperationSteps<ClusterForm, string> {
  readonly id = ADD_CLUSTER;
  readonly schema = addClusterArguments;
  constructor(private readonly s: AddClusterServices) {}

  run(arg?: unknown): Promise<string | undefined> {
    return runOperation(this, arg);
  }

  gather(): Promise<ClusterForm | undefined> {
    return askClusterForm(this.s.registry.list().map((c) => c.id));
  }

  operate(form: ClusterForm): Promise<string> {
    return addCluster(this.s, form);
  }
}

/** Edits a cluster with the form (interactive only: from code, the cluster is validated, the form still asks). */
export class EditCluster implements Command {
  readonly id = 'zookeeper.editCluster';
  constructor(
    private readonly s: {
      readonly registry: ClusterChoices & Pick<ClusterRegistry, 'getCredentials' | 'update' | 'setCredentials' | 'setActive'>;
      readonly connections: Pick<ConnectionManager, 'disconnect'>;
    },
  ) {}

  async run(arg?: unknown): Promise<void> {
    const ref = isScripted(arg) ? parseArguments(this.id, clusterRef, arg) : await gatherCluster(this.s.registry, arg);
    if (!ref) return;
    const cluster = clusterFor(this.id, this.s.registry, ref.clusterId);
    const hasCredentials = (await this.s.registry.getCredentials(cluster.id)) !== undefined;
    const form = await askClusterForm(
      this.s.registry.list().map((c) => c.id),
      cluster,
      hasCredentials,
    );
    if (!form) return;
    const wasActive = this.s.registry.active?.id === cluster.id;
    await this.s.connections.disconnect(cluster.id);
    await this.s.registry.update(cluster.id, form.config);
    if (form.credentials !== undefined) await this.s.registry.setCredentials(form.config.id, form.credentials ?? undefined);
    if (wasActive) await this.s.registry.setActive(form.config.id);
  }
}

export class RemoveCluster extends ClusterCommand<boolean> {
  readonly id = REMOVE_CLUSTER;
  constructor(private readonly s: RemoveClusterServices & { readonly registry: ClusterChoices }) {
    super(s.registry);
  }

  operate(args: ClusterRef): Promise<boolean | undefined> {
    return removeCluster(this.s, args);
  }
}

/** Sets digest credentials or the TLS key passphrase (interactive only: secrets are typed by the user). */
export class SetCredentials implements Command {
  readonly id = 'zookeeper.setCredentials';
  constructor(
    private readonly s: {
      readonly registry: ClusterChoices & Pick<ClusterRegistry, 'setCredentials' | 'setTlsPassphrase'>;
      readonly connections: Pick<ConnectionManager, 'isOpen' | 'disconnect'>;
      readonly tree: Pick<ExplorerTreeProvider, 'reload'>;
    },
  ) {}

  async run(arg?: unknown): Promise<void> {
    const ref = isScripted(arg) ? parseArguments(this.id, clusterRef, arg) : await gatherCluster(this.s.registry, arg);
    if (!ref) return;
    const cluster = clusterFor(this.id, this.s.registry, ref.clusterId);
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Set digest user and password', choice: 'set' as const },
        { label: 'Remove stored credentials', choice: 'remove' as const },
        {
          label: 'Set TLS key passphrase',
          description: "for an encrypted key in the cluster's tls settings",
          choice: 'passphrase' as const,
        },
        { label: 'Remove TLS key passphrase', choice: 'remove-passphrase' as const },
      ],
      { placeHolder: `Credentials for ${cluster.name}` },
    );
    if (!choice) return;
    if (choice.choice === 'passphrase' || choice.choice === 'remove-passphrase') {
      const passphrase =
        choice.choice === 'passphrase'
          ? await vscode.window.showInputBox({
              prompt: `Passphrase of the TLS key of ${cluster.name}`,
              password: true,
              ignoreFocusOut: true,
            })
          : undefined;
      if (choice.choice === 'passphrase' && passphrase === undefined) return;
      await this.s.registry.setTlsPassphrase(cluster.id, passphrase);
    } else {
      const credentials = choice.choice === 'set' ? await askDigest() : undefined;
      if (choice.choice === 'set' && !credentials) return;
      await this.s.registry.setCredentials(cluster.id, credentials);
    }
    // Digest auth is added when a session opens; reconnect so the new identity applies.
    if (this.s.connections.isOpen(cluster.id)) {
      await this.s.connections.disconnect(cluster.id);
      this.s.tree.reload(cluster.id, '/', true);
    }
  }
}

/** Connects (releasing a disconnect the user asked for) and reveals the cluster's root. */
export class Connect extends ClusterCommand<boolean> {
  readonly id = 'zookeeper.connect';
  constructor(
    private readonly s: {
      readonly registry: ClusterChoices;
      readonly connections: Pick<ConnectionManager, 'connect'>;
      readonly tree: Pick<ExplorerTreeProvider, 'reload' | 'nodeFor'>;
      readonly treeView: Pick<vscode.TreeView<ExplorerNode>, 'reveal'>;
    },
  ) {
    super(s.registry);
  }

  async operate(args: ClusterRef): Promise<boolean> {
    const cluster = this.cluster(args);
    await vscode.window.withProgress({ location: { viewId: 'zookeeper.znodes' }, title: `Connecting to ${cluster.name}` }, () =>
      this.s.connections.connect(cluster.id),
    );
    this.s.tree.reload(cluster.id, '/');
    const node = this.s.tree.nodeFor(cluster.id, '/');
    if (node) await this.s.treeView.reveal(node, { expand: true, select: false, focus: false });
    return true;
  }
}

/** Disconnects and holds the cluster disconnected until the user connects again. */
export class Disconnect extends ClusterCommand<boolean> {
  readonly id = 'zookeeper.disconnect';
  constructor(
    private readonly s: {
      readonly registry: ClusterChoices;
      readonly connections: Pick<ConnectionManager, 'disconnect'>;
      readonly tree: Pick<ExplorerTreeProvider, 'reload'>;
    },
  ) {
    super(s.registry);
  }

  async operate(args: ClusterRef): Promise<boolean> {
    const cluster = this.cluster(args);
    await this.s.connections.disconnect(cluster.id, { hold: true });
    this.s.tree.reload(cluster.id, '/', true);
    return true;
  }
}

export class SetActiveCluster extends ClusterCommand<boolean> {
  readonly id = 'zookeeper.setActiveCluster';
  constructor(private readonly s: { readonly registry: ClusterChoices & Pick<ClusterRegistry, 'setActive'> }) {
    super(s.registry);
  }

  async operate(args: ClusterRef): Promise<boolean> {
    await this.s.registry.setActive(this.cluster(args).id);
    return true;
  }
}

/** Re-lists a row (or every cluster) and reloads the clean zk: documents it covers. */
export class Refresh implements Command {
  readonly id = 'zookeeper.refresh';
  constructor(
    private readonly s: {
      readonly registry: ClusterChoices;
      readonly tree: Pick<ExplorerTreeProvider, 'reload' | 'refresh'>;
      readonly fs: Pick<ZkFileSystemProvider, 'serverChanged'>;
    },
  ) {}

  run(arg?: unknown): void {
    if (isZnodeTarget(arg)) {
      this.s.tree.reload(arg.cluster.id, arg.path, true);
      this.s.fs.serverChanged(arg.cluster.id);
      return;
    }
    for (const cluster of this.s.registry.list()) {
      this.s.tree.reload(cluster.id, '/', true);
      this.s.fs.serverChanged(cluster.id);
    }
    this.s.tree.refresh();
  }
}
