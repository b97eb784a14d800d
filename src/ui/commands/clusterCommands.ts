import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { isZnodeTarget } from '../explorer/tree/explorerNode';
import { Command } from './command';
import { askClusterForm, askDigest, formFromArgument } from './clusterForm';
import { ExplorerContext, pickCluster } from './context';

/** The cluster of a tree row or a `{clusterId}` argument, else the active/picked one. */
async function clusterArg(ctx: ExplorerContext, arg: unknown): Promise<ClusterConfig | undefined> {
  if (isZnodeTarget(arg)) return ctx.registry.get(arg.cluster.id);
  if (typeof arg === 'string') return ctx.registry.get(arg);
  if (typeof arg === 'object' && arg !== null && typeof (arg as { clusterId?: unknown }).clusterId === 'string') {
    return ctx.registry.get((arg as { clusterId: string }).clusterId);
  }
  return pickCluster(ctx);
}

export class AddCluster implements Command {
  readonly id = 'zookeeper.addCluster';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<string | undefined> {
    const form = formFromArgument(arg) ?? (await askClusterForm(this.ctx.registry.list().map((c) => c.id)));
    if (!form) return undefined;
    await this.ctx.registry.add(form.config);
    if (form.credentials) await this.ctx.registry.setCredentials(form.config.id, form.credentials);
    if (this.ctx.registry.list().length === 1) await this.ctx.registry.setActive(form.config.id);
    return form.config.id;
  }
}

export class EditCluster implements Command {
  readonly id = 'zookeeper.editCluster';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const cluster = await clusterArg(this.ctx, arg);
    if (!cluster) return;
    const hasCredentials = (await this.ctx.registry.getCredentials(cluster.id)) !== undefined;
    const form = await askClusterForm(
      this.ctx.registry.list().map((c) => c.id),
      cluster,
      hasCredentials,
    );
    if (!form) return;
    const wasActive = this.ctx.registry.active?.id === cluster.id;
    await this.ctx.connections.disconnect(cluster.id);
    await this.ctx.registry.update(cluster.id, form.config);
    if (form.credentials !== undefined) await this.ctx.registry.setCredentials(form.config.id, form.credentials ?? undefined);
    if (wasActive) await this.ctx.registry.setActive(form.config.id);
  }
}

export class RemoveCluster implements Command {
  readonly id = 'zookeeper.removeCluster';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const cluster = await clusterArg(this.ctx, arg);
    if (!cluster) return;
    const sure = await vscode.window.showWarningMessage(
      `Remove the cluster "${cluster.name}" (${cluster.connectString}) and its stored credentials? Nothing on the server changes.`,
      { modal: true },
      'Remove',
    );
    if (sure !== 'Remove') return;
    await this.ctx.connections.disconnect(cluster.id);
    await this.ctx.registry.remove(cluster.id);
  }
}

export class SetCredentials implements Command {
  readonly id = 'zookeeper.setCredentials';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const cluster = await clusterArg(this.ctx, arg);
    if (!cluster) return;
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
      await this.ctx.registry.setTlsPassphrase(cluster.id, passphrase);
    } else {
      const credentials = choice.choice === 'set' ? await askDigest() : undefined;
      if (choice.choice === 'set' && !credentials) return;
      await this.ctx.registry.setCredentials(cluster.id, credentials);
    }
    // Digest auth is added when a session opens; reconnect so the new identity applies.
    if (this.ctx.connections.isOpen(cluster.id)) {
      await this.ctx.connections.disconnect(cluster.id);
      this.ctx.tree.reload(cluster.id, '/', true);
    }
  }
}

export class Connect implements Command {
  readonly id = 'zookeeper.connect';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const cluster = await clusterArg(this.ctx, arg);
    if (!cluster) return;
    await vscode.window.withProgress({ location: { viewId: 'zookeeper.znodes' }, title: `Connecting to ${cluster.name}` }, () =>
      this.ctx.connections.connect(cluster.id),
    );
    this.ctx.tree.reload(cluster.id, '/');
    const node = this.ctx.tree.nodeFor(cluster.id, '/');
    if (node) await this.ctx.treeView.reveal(node, { expand: true, select: false, focus: false });
  }
}

export class Disconnect implements Command {
  readonly id = 'zookeeper.disconnect';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const cluster = await clusterArg(this.ctx, arg);
    if (!cluster) return;
    await this.ctx.connections.disconnect(cluster.id, { hold: true });
    this.ctx.tree.reload(cluster.id, '/', true);
  }
}

export class SetActiveCluster implements Command {
  readonly id = 'zookeeper.setActiveCluster';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<void> {
    const cluster = await clusterArg(this.ctx, arg);
    if (cluster) await this.ctx.registry.setActive(cluster.id);
  }
}

/** Re-lists a row (or every cluster) and reloads the clean zk: documents it covers. */
export class Refresh implements Command {
  readonly id = 'zookeeper.refresh';
  constructor(private readonly ctx: ExplorerContext) {}

  run(arg?: unknown): void {
    if (isZnodeTarget(arg)) {
      this.ctx.tree.reload(arg.cluster.id, arg.path, true);
      this.ctx.fs.serverChanged(arg.cluster.id);
      return;
    }
    for (const cluster of this.ctx.registry.list()) {
      this.ctx.tree.reload(cluster.id, '/', true);
      this.ctx.fs.serverChanged(cluster.id);
    }
    this.ctx.tree.refresh();
  }
}
