import type { ClusterMonitor } from '../health/monitorApi';
import type { HealthReport } from '../health/report';
import { AlertHistoryEntry, DEFAULT_MAX_HISTORY, historyEntryOf } from './alertHistory';
import { AlertMute, AlertMutes } from './alertMutes';
import { AlertEngine } from './engine';
import { ForecastAnnouncer } from './forecastAnnouncer';
import { PersistedAlerts, parsePersistedAlerts } from './persistedAlerts';
import type { AlertEvent, AlertRule, Forecast, RestartEvent } from './types';

/** Where firing and resolved alerts go beyond the editor (AlertReceivers); never waited for. */
export interface AlertSink {
  handle(events: readonly AlertEvent[]): void;
  tick(now: number): void;
  dispose(): void;
}

/** An alert under way, as the views list it. */
export interface ActiveAlert {
  readonly rule: AlertRule;
  readonly member: string | null;
  readonly state: 'pending' | 'firing' | 'nodata' | 'error';
  /** The last value compared (a fraction for limit rules, the pessimistic ETA in s for forecasts). */
  readonly value: number | null;
  /** Epoch ms the current state began. */
  readonly since: number;
  /** Epoch ms its firing began, while firing (also under "no data" that interrupted a firing). */
  readonly firingSince: number | null;
  readonly summary: string;
  /** Epoch ms the user's mute ends, or null when not muted. */
  readonly mutedUntil: number | null;
}

/** One state change of one alert, as listeners are told. */
export interface AlertChange {
  readonly clusterId: string;
  readonly event: AlertEvent;
  /**
   * A firing that began now, or the resolve that ended one: what deserves a notification. False
   * for a firing alert whose data came back after a gap, and for pending, no data and error.
   */
  readonly news: boolean;
  /** Epoch ms the mute covering it ends, or null. */
  readonly mutedUntil: number | null;
  /** For a resolve: when the firing began. */
  readonly firingSince: number | null;
}

/** A member restart, and whether an alert already told why (it was down or hung just before). */
export interface RestartChange extends RestartEvent {
  readonly clusterId: string;
  readonly explained: boolean;
}

export interface ClusterAlertsOptions {
  readonly rules: readonly AlertRule[];
  /** What was persisted for this cluster (validated here). */
  readonly persisted?: unknown;
  /** Called with the state to persist whenever history or mutes change. */
  readonly save?: (state: PersistedAlerts) => void;
  readonly maxHistory?: number;
  readonly now?: () => number;
}

/** A restart this soon after a member-down or member-hung firing of the member is its end, not news. */
const RESTART_EXPLAINED_MS = 5 * 60_000;
const EXPLAINS_RESTART = new Set(['member-down', 'member-hung']);

type Listener<T> = (value: T) => void;

function emit<T>(listeners: ReadonlySet<Listener<T>>, value: T): void {
  for (const l of [...listeners]) {
    try {
      l(value);
    } catch {
      // One failing listener must not stop the others, or the evaluation.
    }
  }
}

function on<T>(listeners: Set<Listener<T>>, listener: Listener<T>): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const keyOf = (rule: string, member: string | null): string => `${rule}\u0000${member ?? ''}`;

/**
 * One cluster's alerts: runs the rule engine on every report of the cluster's monitor (subscribed,
 * never polling), and keeps what the editor shows: alerts under way, forecasts, a bounded history
 * and the user's mutes, all serialisable so the editor persists them per cluster. Firing and
 * resolved alerts go to the receivers sink, which never blocks an evaluation.
 */
export class ClusterAlerts {
  private readonly engine: AlertEngine;
  private readonly announcer = new ForecastAnnouncer();
  private readonly mutes: AlertMutes;
  private readonly entries: AlertHistoryEntry[];
  /** Alerts whose firing was told, by rule and member, with when it began. */
  private readonly firing = new Map<string, number>();
  private readonly maxHistory: number;
  private readonly now: () => number;
  private readonly alertListeners = new Set<Listener<AlertChange>>();
  private readonly forecastListeners = new Set<Listener<Forecast>>();
  private readonly restartListeners = new Set<Listener<RestartChange>>();
  private readonly changeListeners = new Set<Listener<void>>();
  private readonly off: () => void;
  private sink: AlertSink | undefined;
  private disposed = false;

  constructor(
    readonly monitor: ClusterMonitor,
    private readonly options: ClusterAlertsOptions,
  ) {
    this.engine = new AlertEngine(options.rules);
    this.now = options.now ?? Date.now;
    this.maxHistory = Math.max(1, options.maxHistory ?? DEFAULT_MAX_HISTORY);
    const persisted = parsePersistedAlerts(options.persisted);
    this.entries = persisted.history.slice(-this.maxHistory);
    this.mutes = new AlertMutes(persisted.mutes);
    this.off = monitor.onReport((report) => this.evaluate(report));
  }

  get clusterId(): string {
    return this.monitor.clusterId;
  }

  get rules(): readonly AlertRule[] {
    return this.engine.ruleList;
  }

  /**
   * New rules (settings changed). Alerts of rules that went away or whose definition changed start
   * over (a changed threshold or `for` must apply from now); the others keep their state.
   */
  setRules(rules: readonly AlertRule[]): void {
    const before = new Map(this.engine.ruleList.map((r) => [r.id, JSON.stringify(r)]));
    const unchanged = rules.filter((r) => before.get(r.id) === JSON.stringify(r));
    this.engine.setRules(unchanged);
    this.engine.setRules(rules);
    this.forgetGone();
    emit(this.changeListeners, undefined);
  }

  /** Replaces the receivers (the previous sink is disposed, dropping what it had queued). */
  setSink(sink: AlertSink | undefined): void {
    if (this.sink && this.sink !== sink) this.sink.dispose();
    this.sink = sink;
  }

  /** Alerts under way (pending, firing, no data, error), worst first. */
  active(): ActiveAlert[] {
    const now = this.now();
    return this.engine.instances().flatMap((i) =>
      i.state === 'resolved' || i.state === 'inactive'
        ? []
        : [
            {
              rule: i.rule,
              member: i.member,
              state: i.state,
              value: i.value,
              since: i.since,
              firingSince: i.firingSince,
              summary: i.summary,
              mutedUntil: this.mutes.mutedUntil(i.rule.id, i.member, now),
            },
          ],
    );
  }

  /** The latest forecast per rule and member. */
  forecasts(): Forecast[] {
    return this.engine.forecasts();
  }

  /** Transitions remembered, oldest first, bounded. */
  history(): readonly AlertHistoryEntry[] {
    return this.entries;
  }

  /** Mutes in force now. */
  activeMutes(): readonly AlertMute[] {
    return this.mutes.list(this.now());
  }

  mutedUntil(rule: string, member: string | null): number | null {
    return this.mutes.mutedUntil(rule, member, this.now());
  }

  /** Silences the notifications of `rule` on `member` (null: every member) until `until`. */
  mute(rule: string, member: string | null, until: number): void {
    this.mutes.mute(rule, member, until);
    this.persist();
    emit(this.changeListeners, undefined);
  }

  unmute(rule: string, member: string | null): void {
    if (!this.mutes.unmute(rule, member)) return;
    this.persist();
    emit(this.changeListeners, undefined);
  }

  /** Every state change of an alert. */
  onAlert(listener: Listener<AlertChange>): () => void {
    return on(this.alertListeners, listener);
  }

  /** Forecasts worth telling: the first of each rule and member, then when the ETA moved by over 20 %. */
  onForecast(listener: Listener<Forecast>): () => void {
    return on(this.forecastListeners, listener);
  }

  onRestart(listener: Listener<RestartChange>): () => void {
    return on(this.restartListeners, listener);
  }

  /** Something the lists show changed: an alert's state, a forecast told, a mute, the rules. */
  onDidChange(listener: Listener<void>): () => void {
    return on(this.changeListeners, listener);
  }

  /** What to persist. */
  toJSON(): PersistedAlerts {
    return { version: 1, history: [...this.entries], mutes: this.mutes.toJSON() };
  }

  /** Evaluates one report (the monitor's reports come here; tests may call it directly). */
  evaluate(report: HealthReport): void {
    if (this.disposed) return;
    const at = this.now();
    const result = this.engine.evaluate({ at, report, store: this.monitor.store });
    let remembered = this.mutes.prune(at);
    const changes: AlertChange[] = [];
    for (const event of result.alerts) {
      const key = keyOf(event.rule, event.member);
      let news = false;
      let firingSince: number | null = null;
      if (event.state === 'firing') {
        news = !this.firing.has(key);
        if (news) this.firing.set(key, event.at);
      } else if (event.state === 'resolved') {
        firingSince = this.firing.get(key) ?? null;
        news = firingSince !== null;
        this.firing.delete(key);
      }
      // A firing back from no data is the same firing: history and receivers heard of it already.
      const entry = event.state === 'firing' && !news ? undefined : historyEntryOf(event);
      if (entry && (event.state !== 'nodata' || this.firing.has(key))) {
        this.entries.push(entry);
        remembered = true;
      }
      changes.push({
        clusterId: this.clusterId,
        event,
        news,
        mutedUntil: this.mutes.mutedUntil(event.rule, event.member, at),
        firingSince,
      });
    }
    if (this.entries.length > this.maxHistory) this.entries.splice(0, this.entries.length - this.maxHistory);
    this.forgetGone();
    if (this.sink) {
      try {
        this.sink.handle(changes.filter((c) => c.news).map((c) => c.event));
        this.sink.tick(at);
      } catch {
        // Receivers must never stop an evaluation.
      }
    }
    if (remembered) this.persist();
    const restarts = result.restarts.map((r) => ({ ...r, clusterId: this.clusterId, explained: this.restartExplained(r.member, r.at) }));
    const forecasts = this.announcer.news(result.forecasts);
    for (const change of changes) emit(this.alertListeners, change);
    for (const restart of restarts) emit(this.restartListeners, restart);
    for (const forecast of forecasts) emit(this.forecastListeners, forecast);
    if (changes.length > 0 || restarts.length > 0 || forecasts.length > 0 || remembered) emit(this.changeListeners, undefined);
  }

  private restartExplained(member: string, at: number): boolean {
    if (this.firing.has(keyOf('member-down', member)) || this.firing.has(keyOf('member-hung', member))) return true;
    return this.entries.some((e) => e.member === member && EXPLAINS_RESTART.has(e.rule) && e.at >= at - RESTART_EXPLAINED_MS);
  }

  /** Firing alerts the engine no longer holds (rule removed, member gone) are forgotten. */
  private forgetGone(): void {
    if (this.firing.size === 0) return;
    const live = new Set(this.engine.instances().map((i) => keyOf(i.rule.id, i.member)));
    for (const key of [...this.firing.keys()]) if (!live.has(key)) this.firing.delete(key);
  }

  private persist(): void {
    try {
      this.options.save?.(this.toJSON());
    } catch {
      // Storage trouble must not stop alerting; the next change tries again.
    }
  }

  dispose(): void {
    this.disposed = true;
    this.off();
    this.sink?.dispose();
    this.sink = undefined;
    this.alertListeners.clear();
    this.forecastListeners.clear();
    this.restartListeners.clear();
    this.changeListeners.clear();
  }
}
