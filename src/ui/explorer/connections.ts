import * as vscode from 'vscode';
import { ClusterConfig } from '../../core/clusters/clusterConfig';
import { ZkSession } from '../../core/zk/session';
import type { ConnectionState } from '../../core/zk/transport';
import { ClusterRegistry } from '../clusters';

/**
 * What the tree shows for a cluster: `idle` before the first connect or after a disconnect,
 * `failed` when connecting failed (with the reason), otherwise the session's own state.
 */
export type ClusterStatus = 'idle' | 'failed' | ConnectionState;

export interface ClusterConnectionInfo {
  readonly status: ClusterStatus;
  /** Why the last connect failed or the connection dropped. */
  readonly reason?: string;
  /** `host:port` of the member the session talks to. */
  readonly server?: string;
}

interface Entry {
  /** The settings the session was opened with; a change to them closes it. */
  readonly config: ClusterConfig;
  readonly session: Promise<ZkSession>;
  info: ClusterConnectionInfo;
  unsubscribe?: () => void;
  /** Set once the session was up: later `connected` states are reconnects. */
  wasConnected: boolean;
}

/** Words for the tree's description and tooltips. */
export function describeStatus(info: ClusterConnectionInfo): string {
  switch (info.status) {
    // The explorer opens its session lazily; the status bar's health polling needs none, so a
    // cluster not browsed yet is "not connected yet", never "disconnected" beside a green status bar.
    case 'idle':
      return 'not connected yet';
    case 'closed':
      return 'disconnected';
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return 'connected';
    case 'disconnected':
      return 'connection lost, reconnecting…';
    case 'expired':
      return 'session expired, renewing…';
    case 'authFailed':
      return 'authentication failed';
    case 'failed':
      return `failed${info.reason ? `: ${info.reason}` : ''}`;
  }
}

/**
 * One ZkSession per cluster, opened lazily (expanding a cluster, opening a zk: document) with the
 * cluster's digest credentials from SecretStorage, closed on disconnect, on a change of the
 * cluster's settings and on deactivate.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Why the last connect of a cluster failed, until the next attempt or a disconnect. */
  private readonly failures = new Map<string, string>();
  /**
   * Clusters the user disconnected: the tree shows "click to connect" instead of connecting when
   * it lists them, until the user asks for the cluster again (`connect`, `release`). Other
   * readers (zk: documents, watches) may still open a session without ending the hold.
   */
  private readonly held = new Set<string>();
  private readonly stateChanged = new vscode.EventEmitter<string>();
  /** Fires the cluster id whenever its connection state changes. */
  readonly onDidChangeState = this.stateChanged.event;
  private readonly reconnected = new vscode.EventEmitter<string>();
  /** Fires the cluster id when a session is back after a drop or an expiry (watches need re-arming). */
  readonly onDidReconnect = this.reconnected.event;
  private readonly subscriptions: vscode.Disposable[] = [this.stateChanged, this.reconnected];

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly connectTimeoutMs = 10_000,
  ) {
    this.subscriptions.push(registry.onDidChange(() => this.closeStale()));
  }

  info(clusterId: string): ClusterConnectionInfo {
    const entry = this.entries.get(clusterId);
    if (entry) return entry.info;
    const reason = this.failures.get(clusterId);
    return reason ? { status: 'failed', reason } : { status: 'idle' };
  }

  /** True when a session exists or is being opened. */
  isOpen(clusterId: string): boolean {
    return this.entries.has(clusterId);
  }

  /** True while the user's disconnect holds: the tree offers to connect rather than connecting. */
  isHeldDisconnected(clusterId: string): boolean {
    return this.held.has(clusterId);
  }

  /** The user asked for the cluster again (expanded it, Retry): the hold ends. True when there was one. */
  release(clusterId: string): boolean {
    return this.held.delete(clusterId);
  }

  /** The session for what the user asked for: ends a hold, then connects when needed. */
  connect(clusterId: string): Promise<ZkSession> {
    this.held.delete(clusterId);
    return this.session(clusterId);
  }

  /** The cluster's session, connecting first when needed. Concurrent callers share one connect. */
  session(clusterId: string): Promise<ZkSession> {
    const existing = this.entries.get(clusterId);
    if (existing) return existing.session;
    const config = this.registry.get(clusterId);
    if (!config) return Promise.reject(new Error(`No cluster with id "${clusterId}" is configured.`));
    const entry: Entry = { config, session: this.open(config), info: { status: 'connecting' }, wasConnected: false };
    this.entries.set(clusterId, entry);
    this.stateChanged.fire(clusterId);
    entry.session.then(
      (session) => {
        if (this.entries.get(clusterId) !== entry) return;
        entry.wasConnected = true;
        entry.info = { status: session.state, server: serverText(session) };
        entry.unsubscribe = session.onState((change) => {
          if (this.entries.get(clusterId) !== entry) return;
          entry.info = {
            status: change.state,
            reason: change.reason,
            server: change.server ? `${change.server.host}:${change.server.port}` : undefined,
          };
          this.stateChanged.fire(clusterId);
          if (change.state === 'connected') this.reconnected.fire(clusterId);
        });
        this.stateChanged.fire(clusterId);
      },
      (err: unknown) => {
        if (this.entries.get(clusterId) !== entry) return;
        // Forget the failed attempt so the next expand or Retry connects afresh.
        this.entries.delete(clusterId);
        this.failures.set(clusterId, err instanceof Error ? err.message : String(err));
        this.stateChanged.fire(clusterId);
      },
    );
    return entry.session;
  }

  private async open(config: ClusterConfig): Promise<ZkSession> {
    this.failures.delete(config.id);
    const credentials = await this.registry.getCredentials(config.id);
    return ZkSession.connect(config.connectString, {
      connectTimeoutMs: this.connectTimeoutMs,
      readOnly: config.readOnly,
      auth: credentials ? [{ scheme: 'digest', auth: `${credentials.user}:${credentials.password}` }] : [],
      tls: this.registry.tlsClient(config),
    });
  }

  /**
   * Closes the cluster's session (if any); the tree shows it as disconnected. `hold`: the user
   * disconnected, so listing the cluster does not connect again until they ask (see `held`).
   */
  async disconnect(clusterId: string, options: { hold?: boolean } = {}): Promise<void> {
    if (options.hold) this.held.add(clusterId);
    const entry = this.entries.get(clusterId);
    this.failures.delete(clusterId);
    if (!entry) return;
    this.entries.delete(clusterId);
    entry.unsubscribe?.();
    this.stateChanged.fire(clusterId);
    const session = await entry.session.catch(() => undefined);
    await session?.close();
  }

  /** Sessions whose cluster was removed or whose connection settings changed are closed. */
  private closeStale(): void {
    for (const [id, entry] of this.entries) {
      const now = this.registry.get(id);
      const same =
        now &&
        now.connectString === entry.config.connectString &&
        now.readOnly === entry.config.readOnly &&
        JSON.stringify(now.tls) === JSON.stringify(entry.config.tls);
      if (!same) void this.disconnect(id);
    }
  }

  /** Closes every session; awaited by deactivate so no socket outlives the extension. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.disconnect(id)));
  }

  dispose(): void {
    void this.closeAll();
    for (const d of this.subscriptions) d.dispose();
  }
}

function serverText(session: ZkSession): string | undefined {
  const s = session.server;
  return s ? `${s.host}:${s.port}` : undefined;
}
