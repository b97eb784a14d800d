import * as vscode from 'vscode';
import { ClusterConfig, parseClusterList, tlsSettingsOf, toSettingsEntry } from '../core/clusters/clusterConfig';
import { TlsClient } from '../core/tls/client';
import type { HttpAuth } from '../core/prometheus/http';
import { TeamService, parseStoredAuth } from '../core/prometheus/settings';

/** Digest credentials of one cluster, kept only in SecretStorage. */
export interface DigestCredentials {
  readonly user: string;
  readonly password: string;
}

const SETTING = 'zookeeper.clusters';
/** Clusters of one workspace (added from connect strings found in it), written to its settings only. */
const WORKSPACE_SETTING = 'zookeeper.workspaceClusters';
const ACTIVE_KEY = 'zookeeper.activeCluster';
const secretKey = (id: string): string => `zookeeper.cluster.${id}.digest`;
const passphraseKey = (id: string): string => `zookeeper.cluster.${id}.tlsPassphrase`;
const TEAM_SERVICES: readonly TeamService[] = ['prometheus', 'alertmanager'];
const teamAuthKey = (id: string, service: TeamService): string => `zookeeper.cluster.${id}.${service}Auth`;

/**
 * The clusters the user configured (setting `zookeeper.clusters`), which one is active, and their
 * credentials (SecretStorage). The one place the UI asks "which clusters are there".
 */
export class ClusterRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list, a cluster's settings or the active cluster change. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private reportedErrors = '';

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTING) || e.affectsConfiguration(WORKSPACE_SETTING)) this.changed.fire();
      }),
    );
  }

  /**
   * The user's clusters (`zookeeper.clusters`) and this workspace's (`zookeeper.workspaceClusters`,
   * read from the workspace only), each valid; a workspace cluster whose id is taken is an error.
   */
  private lists(): { user: ClusterConfig[]; workspace: ClusterConfig[] } {
    const config = vscode.workspace.getConfiguration();
    const user = parseClusterList(config.get<unknown>(SETTING));
    const workspace = parseClusterList(config.inspect<unknown>(WORKSPACE_SETTING)?.workspaceValue, WORKSPACE_SETTING);
    const errors = [...user.errors, ...workspace.errors];
    const taken = new Set(user.clusters.map((c) => c.id));
    const own = workspace.clusters.filter((c) => {
      if (!taken.has(c.id)) return true;
      errors.push(`${WORKSPACE_SETTING}: a cluster named "${c.name}" already exists in ${SETTING}`);
      return false;
    });
    const text = errors.join('\n');
    if (text && text !== this.reportedErrors) void vscode.window.showWarningMessage(`ZooKeeper: ${errors.join('; ')}`);
    this.reportedErrors = text;
    return { user: user.clusters, workspace: own };
  }

  /** Valid clusters, the user's then this workspace's; invalid entries are reported once per distinct set of errors. */
  list(): ClusterConfig[] {
    const { user, workspace } = this.lists();
    return [...user, ...workspace];
  }

  /** Whether the cluster lives in this workspace's settings (`zookeeper.workspaceClusters`). */
  isWorkspaceCluster(id: string): boolean {
    return this.lists().workspace.some((c) => c.id === id);
  }

  /** Adds a cluster to this workspace's settings only: other workspaces never see it. */
  async addToWorkspace(cluster: ClusterConfig): Promise<void> {
    const { user, workspace } = this.lists();
    if ([...user, ...workspace].some((c) => c.id === cluster.id)) throw new Error(`a cluster named "${cluster.name}" already exists`);
    await this.writeWorkspace([...workspace, cluster]);
  }

  private async writeWorkspace(clusters: ClusterConfig[]): Promise<void> {
    const value = clusters.length ? clusters.map(toSettingsEntry) : undefined;
    await vscode.workspace.getConfiguration().update(WORKSPACE_SETTING, value, vscode.ConfigurationTarget.Workspace);
  }

  get(id: string): ClusterConfig | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** The cluster chosen last, else the only or first configured one. */
  get active(): ClusterConfig | undefined {
    const clusters = this.list();
    const chosen = this.state.get<string>(ACTIVE_KEY);
    return clusters.find((c) => c.id === chosen) ?? clusters[0];
  }

  async setActive(id: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire();
  }

  /** Writes the list where the setting currently lives (workspace when set there, else user). */
  private async write(clusters: ClusterConfig[]): Promise<void> {
    const config = vscode.workspace.getConfiguration();
    const inspected = config.inspect<unknown>(SETTING);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update(SETTING, clusters.map(toSettingsEntry), target);
  }

  async add(cluster: ClusterConfig): Promise<void> {
    const { user, workspace } = this.lists();
    if ([...user, ...workspace].some((c) => c.id === cluster.id)) throw new Error(`a cluster named "${cluster.name}" already exists`);
    await this.write([...user, cluster]);
  }

  /** Replaces the cluster with id `id` in the setting it lives in; moves its secret when the rename changes the id. */
  async update(id: string, cluster: ClusterConfig): Promise<void> {
    const { user, workspace } = this.lists();
    const inWorkspace = workspace.some((c) => c.id === id);
    const clusters = inWorkspace ? workspace : user;
    const index = clusters.findIndex((c) => c.id === id);
    if (index < 0) throw new Error(`no cluster with id ${id}`);
    if (cluster.id !== id && [...user, ...workspace].some((c) => c.id === cluster.id))
      throw new Error(`a cluster named "${cluster.name}" already exists`);
    clusters[index] = cluster;
    await (inWorkspace ? this.writeWorkspace(clusters) : this.write(clusters));
    if (cluster.id !== id) {
      const credentials = await this.getCredentials(id);
      if (credentials) await this.setCredentials(cluster.id, credentials);
      await this.setCredentials(id, undefined);
      const passphrase = await this.getTlsPassphrase(id);
      if (passphrase !== undefined) await this.setTlsPassphrase(cluster.id, passphrase);
      await this.setTlsPassphrase(id, undefined);
      for (const service of TEAM_SERVICES) {
        const auth = await this.getTeamAuth(id, service);
        if (auth) await this.setTeamAuth(cluster.id, service, auth);
        await this.setTeamAuth(id, service, undefined);
      }
    }
  }

  async remove(id: string): Promise<void> {
    const { user, workspace } = this.lists();
    if (workspace.some((c) => c.id === id)) await this.writeWorkspace(workspace.filter((c) => c.id !== id));
    else await this.write(user.filter((c) => c.id !== id));
    await this.setCredentials(id, undefined);
    await this.setTlsPassphrase(id, undefined);
    for (const service of TEAM_SERVICES) await this.setTeamAuth(id, service, undefined);
  }

  async getCredentials(id: string): Promise<DigestCredentials | undefined> {
    const raw = await this.secrets.get(secretKey(id));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<DigestCredentials>;
      return typeof parsed.user === 'string' && typeof parsed.password === 'string'
        ? { user: parsed.user, password: parsed.password }
        : undefined;
    } catch {
      return undefined;
    }
  }

  async setCredentials(id: string, credentials: DigestCredentials | undefined): Promise<void> {
    if (credentials) await this.secrets.store(secretKey(id), JSON.stringify(credentials));
    else await this.secrets.delete(secretKey(id));
    this.changed.fire();
  }

  /** The passphrase of the cluster's encrypted TLS key, kept only in SecretStorage. */
  async getTlsPassphrase(id: string): Promise<string | undefined> {
    return (await this.secrets.get(passphraseKey(id))) ?? undefined;
  }

  async setTlsPassphrase(id: string, passphrase: string | undefined): Promise<void> {
    if (passphrase !== undefined) await this.secrets.store(passphraseKey(id), passphrase);
    else await this.secrets.delete(passphraseKey(id));
    this.changed.fire();
  }

  /** The bearer token or basic auth of the cluster's Prometheus or Alertmanager, kept only in SecretStorage. */
  async getTeamAuth(id: string, service: TeamService): Promise<HttpAuth | undefined> {
    return parseStoredAuth(await this.secrets.get(teamAuthKey(id, service)));
  }

  async setTeamAuth(id: string, service: TeamService, auth: HttpAuth | undefined): Promise<void> {
    if (auth) await this.secrets.store(teamAuthKey(id, service), JSON.stringify(auth));
    else await this.secrets.delete(teamAuthKey(id, service));
    this.changed.fire();
  }

  /**
   * The cluster's TLS client (its `tls` settings; the key's passphrase read from SecretStorage
   * whenever the files are loaded), or undefined for a plain cluster. Explorer sessions and the
   * health poller use it alike.
   */
  tlsClient(config: ClusterConfig): TlsClient | undefined {
    const settings = tlsSettingsOf(config);
    return settings && new TlsClient(settings, () => this.getTlsPassphrase(config.id));
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
