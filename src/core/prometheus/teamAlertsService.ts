import type { TeamAlertsView } from '../../shared/teamAlerts';
import type { ClusterMonitor } from '../health/monitorApi';
import { TeamServers, readTeamAlerts, silenceMatchersOf } from './teamAlerts';

/*
 * One cluster's alerts from the team's Prometheus and Alertmanager, read only while someone looks
 * (the Ensemble view visible on it, or its dashboard open: each holds a `watch()`). Reads follow
 * the cluster's health reports, at most one per `intervalMs`, so no view keeps a timer of its own;
 * a new watcher gets a read at once when the last one is older than that.
 */

/** Default time between two reads while watched. */
export const TEAM_ALERTS_INTERVAL_MS = 30_000;

export interface TeamAlertsOptions {
  readonly monitor: ClusterMonitor;
  /** The servers as the settings and secrets say now; undefined when the cluster has neither. */
  readonly servers: () => Promise<TeamServers | undefined>;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export class ClusterTeamAlerts {
  private watchers = 0;
  private current: TeamAlertsView | null = null;
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;
  /** Bumped by reconfigure(): a read begun before it is dropped. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly offReport: () => void;
  private disposed = false;

  constructor(private readonly options: TeamAlertsOptions) {
    this.offReport = options.monitor.onReport(() => {
      if (this.watchers > 0 && this.due()) void this.refresh();
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private due(): boolean {
    return this.now() - this.lastReadAt >= (this.options.intervalMs ?? TEAM_ALERTS_INTERVAL_MS);
  }

  /** The latest read; null before the first or when the cluster has no team servers. */
  view(): TeamAlertsView | null {
    return this.current;
  }

  get watched(): boolean {
    return this.watchers > 0;
  }

  /** Someone looks: reads follow the health reports until the returned function is called. */
  watch(): () => void {
    this.watchers++;
    if (this.due()) void this.refresh();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.watchers--;
      if (this.watchers === 0) this.abort?.abort();
    };
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // One failing listener must not stop the others.
      }
    }
  }

  /** Reads now (joins a read under way). */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    // A read never rejects: each server's failure is in the view; anything else keeps the last view.
    this.inFlight ??= this.read()
      .catch(() => undefined)
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async read(): Promise<void> {
    const generation = this.generation;
    this.lastReadAt = this.now();
    const servers = await this.options.servers();
    if (generation !== this.generation || this.disposed) return;
    if (!servers) {
      if (this.current !== null) {
        this.current = null;
        this.fire();
      }
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    const view = await readTeamAlerts(servers, abort.signal, this.now());
    if (generation !== this.generation || this.disposed) return;
    if (abort.signal.aborted) {
      // Nobody looks any more: its "cancelled" errors are not news; the next watcher reads anew.
      this.lastReadAt = Number.NEGATIVE_INFINITY;
      return;
    }
    this.lastReadAt = this.now();
    this.current = view;
    this.fire();
  }

  /** The settings or secrets changed: forget the view and read again if watched. */
  reconfigure(): void {
    this.generation++;
    this.abort?.abort();
    this.inFlight = undefined;
    this.lastReadAt = Number.NEGATIVE_INFINITY;
    this.current = null;
    this.fire();
    if (this.watchers > 0) void this.refresh();
  }

  /**
   * Silences the alert with these labels in Alertmanager for `minutes` (matchers: every label,
   * exact) and reads again so the silence shows. Resolves with the silence's id and end.
   */
  async silence(
    labels: Readonly<Record<string, string>>,
    minutes: number,
    createdBy: string,
    comment: string,
  ): Promise<{ id: string; endsAt: number }> {
    const servers = await this.options.servers();
    if (!servers?.alertmanager) throw new Error('this cluster has no "alertmanager" setting: add {"url": …} to it in zookeeper.clusters');
    const startsAt = this.now();
    const endsAt = startsAt + minutes * 60_000;
    const id = await servers.alertmanager.createSilence({ matchers: silenceMatchersOf(labels), startsAt, endsAt, createdBy, comment });
    await this.readAfterChange();
    return { id, endsAt };
  }

  /** Expires a silence in Alertmanager and reads again. */
  async expire(id: string): Promise<void> {
    const servers = await this.options.servers();
    if (!servers?.alertmanager) throw new Error('this cluster has no "alertmanager" setting');
    await servers.alertmanager.expireSilence(id);
    await this.readAfterChange();
  }

  /** A read that starts after a change (one under way may have begun before it). */
  private async readAfterChange(): Promise<void> {
    await this.inFlight;
    await this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.offReport();
    this.listeners.clear();
  }
}
