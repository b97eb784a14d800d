import * as vscode from 'vscode';
import { WatchSet } from '../../core/znodes/watchSet';
import type { ZnodeChange } from '../../core/znodes/watch';
import type { ZkSession } from '../../core/zk/session';
import type { ClusterRegistry } from '../clusters';
import type { ConnectionManager } from './connections';

/** A named watch the user asked for; kept across reloads in globalState. */
export interface WatchDefinition {
  readonly name: string;
  readonly clusterId: string;
  readonly path: string;
  readonly recursive: boolean;
}

export interface WatchStatus {
  readonly definition: WatchDefinition;
  /** `armed`, `waiting` (cluster not connected) or `failed: …`. */
  readonly state: string;
  readonly changes: number;
  readonly last: ZnodeChange | undefined;
}

const STATE_KEY = 'zookeeper.watches';
/** A watch notifies at most once per this interval; the rest goes to the output channel only. */
const NOTIFY_EVERY_MS = 10_000;
const MAX_WATCHES = 100;

interface Armed {
  readonly session: ZkSession;
  readonly set: WatchSet;
  readonly stop: () => void;
}

/**
 * Named watches over the core's WatchSet: one set per connected cluster, re-created when the
 * cluster's session is replaced (reconnect after a disconnect), a change log in the output
 * channel and throttled notifications. Definitions persist; they arm when their cluster connects.
 */
export class WatchService implements vscode.Disposable {
  private definitions: WatchDefinition[];
  private readonly armed = new Map<string, Armed>();
  private readonly status = new Map<string, { state: string; changes: number; last: ZnodeChange | undefined; notifiedAt: number }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly state: vscode.Memento,
    private readonly registry: ClusterRegistry,
    private readonly connections: ConnectionManager,
    private readonly output: vscode.OutputChannel,
  ) {
    this.definitions = (state.get<WatchDefinition[]>(STATE_KEY) ?? []).filter(
      (d) => typeof d?.name === 'string' && typeof d.path === 'string',
    );
    this.subscriptions.push(
      connections.onDidChangeState((clusterId) => {
        const info = connections.info(clusterId);
        if (info.status === 'connected') void this.armCluster(clusterId);
        else if (info.status === 'idle' || info.status === 'failed' || info.status === 'closed')
          this.disarmCluster(clusterId, 'waiting for a connection');
      }),
    );
    for (const clusterId of new Set(this.definitions.map((d) => d.clusterId))) {
      if (connections.info(clusterId).status === 'connected') void this.armCluster(clusterId);
    }
  }

  list(): WatchStatus[] {
    return this.definitions.map((definition) => {
      const s = this.status.get(key(definition));
      return { definition, state: s?.state ?? 'waiting for a connection', changes: s?.changes ?? 0, last: s?.last };
    });
  }

  /** Adds (or replaces) a watch and arms it now, connecting its cluster if needed. */
  async add(definition: WatchDefinition): Promise<void> {
    const others = this.definitions.filter((d) => key(d) !== key(definition));
    if (others.length >= MAX_WATCHES) throw new Error(`At most ${MAX_WATCHES} named watches; remove one first.`);
    this.definitions = [...others, definition];
    await this.save();
    const session = await this.connections.session(definition.clusterId);
    await this.arm(definition, this.setFor(definition.clusterId, session));
  }

  async remove(clusterId: string, name: string): Promise<boolean> {
    const before = this.definitions.length;
    this.definitions = this.definitions.filter((d) => !(d.clusterId === clusterId && d.name === name));
    this.armed.get(clusterId)?.set.remove(name);
    this.status.delete(`${clusterId}/${name}`);
    await this.save();
    return this.definitions.length < before;
  }

  private async save(): Promise<void> {
    await this.state.update(STATE_KEY, this.definitions);
    this.changed.fire();
  }

  /** The cluster's WatchSet for `session`, replacing one bound to an older session. */
  private setFor(clusterId: string, session: ZkSession): WatchSet {
    const current = this.armed.get(clusterId);
    if (current?.session === session) return current.set;
    current?.stop();
    current?.set.dispose();
    const set = new WatchSet(session);
    const stop = set.onChanges((batch) => this.deliver(clusterId, batch));
    this.armed.set(clusterId, { session, set, stop });
    return set;
  }

  private async arm(definition: WatchDefinition, set: WatchSet): Promise<void> {
    const k = key(definition);
    const s = this.status.get(k) ?? { state: '', changes: 0, last: undefined, notifiedAt: 0 };
    this.status.set(k, s);
    try {
      await set.add({ name: definition.name, path: definition.path, recursive: definition.recursive });
      s.state = 'armed';
    } catch (err) {
      s.state = `failed: ${err instanceof Error ? err.message : String(err)}`;
      throw err;
    } finally {
      this.changed.fire();
    }
  }

  private async armCluster(clusterId: string): Promise<void> {
    const definitions = this.definitions.filter((d) => d.clusterId === clusterId);
    if (!definitions.length) return;
    const session = await this.connections.session(clusterId).catch(() => undefined);
    if (!session) return;
    const fresh = this.armed.get(clusterId)?.session !== session;
    const set = this.setFor(clusterId, session);
    // A reconnect of the same session keeps its watches (the core re-arms them); only a new session needs arming.
    if (!fresh) return;
    for (const d of definitions) await this.arm(d, set).catch(() => undefined);
  }

  private disarmCluster(clusterId: string, why: string): void {
    const armed = this.armed.get(clusterId);
    if (!armed) return;
    armed.stop();
    armed.set.dispose();
    this.armed.delete(clusterId);
    for (const d of this.definitions) {
      const s = this.status.get(key(d));
      if (d.clusterId === clusterId && s) s.state = why;
    }
    this.changed.fire();
  }

  private deliver(clusterId: string, batch: readonly ZnodeChange[]): void {
    const cluster = this.registry.get(clusterId)?.name ?? clusterId;
    const now = Date.now();
    for (const change of batch) {
      this.output.appendLine(`[${new Date(change.at).toISOString()}] watch "${change.watch}" on ${cluster}: ${describeChange(change)}`);
      const s = this.status.get(`${clusterId}/${change.watch}`);
      if (!s) continue;
      s.changes += change.count ?? 1;
      s.last = change;
    }
    for (const name of new Set(batch.map((c) => c.watch))) {
      const s = this.status.get(`${clusterId}/${name}`);
      if (!s || now - s.notifiedAt < NOTIFY_EVERY_MS) continue;
      s.notifiedAt = now;
      const mine = batch.filter((c) => c.watch === name);
      const text = mine.length === 1 ? describeChange(mine[0]!) : `${mine.length} changes, last: ${describeChange(mine[mine.length - 1]!)}`;
      void vscode.window.showInformationMessage(`Watch "${name}" on ${cluster}: ${text}`, 'Show Log').then((choice) => {
        if (choice) this.output.show(true);
      });
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const a of this.armed.values()) {
      a.stop();
      a.set.dispose();
    }
    this.armed.clear();
    for (const d of this.subscriptions) d.dispose();
  }
}

function key(d: WatchDefinition): string {
  return `${d.clusterId}/${d.name}`;
}

/** `dataChanged /app/config (v4)`, `childrenChanged /jobs (+2 -1)`. */
export function describeChange(change: ZnodeChange): string {
  const parts = [change.type, change.path];
  if (change.version !== undefined) parts.push(`(v${change.version})`);
  if (change.added?.length || change.removed?.length) parts.push(`(+${change.added?.length ?? 0} -${change.removed?.length ?? 0})`);
  if (change.count && change.count > 1) parts.push(`×${change.count}`);
  if (change.message) parts.push(`: ${change.message}`);
  return parts.join(' ');
}
