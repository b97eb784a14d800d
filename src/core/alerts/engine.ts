import type { HealthReport } from '../health/report';
import type { MemberHealth } from '../health/types';
import type { MetricStore } from '../metrics/store';
import { Baseline } from './baseline';
import { CounterWindow } from './counterWindow';
import { describe } from './describe';
import { LATENCY_WINDOW_MS, MemberContext, STARTING_GRACE_MS, WINDOW_KEYS, ensembleSignal, memberSignal } from './signals';
import { AlertTracker, Observation } from './stateMachine';
import { TrendPoint, forecastToLimit } from './trend';
import {
  AlertEvent,
  AlertInstance,
  AlertRule,
  AnomalyRule,
  Comparison,
  Forecast,
  ForecastRule,
  RestartEvent,
  ThresholdRule,
} from './types';

export interface EvaluationInput {
  /** Epoch ms of this evaluation. */
  readonly at: number;
  readonly report: HealthReport;
  /** The cluster's history; forecasts need it (none without). */
  readonly store?: MetricStore;
}

export interface Evaluation {
  /** State changes, in rule order. */
  readonly alerts: readonly AlertEvent[];
  /** Every forecast computed this round. */
  readonly forecasts: readonly Forecast[];
  readonly restarts: readonly RestartEvent[];
}

/** Baseline buckets (30 s each) needed before a member's anomaly rule judges: 10 minutes. */
const MIN_BASELINE_BUCKETS = 20;
/** Leader changes remembered (only the last 5 minutes count). */
const MAX_LEADER_CHANGES = 64;
/** Restart times remembered per member (forecasts cut their series at the last one). */
const MAX_RESTARTS = 8;
/**
 * A forecast is recomputed at most this often per rule and member (its ETA threshold is an hour;
 * seconds-fresh trends would cost 5× more at a 2 s interval and change nothing). In between, the
 * last observation stands.
 */
export const FORECAST_EVERY_MS = 10_000;

function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Back past the clear threshold: for `>`/`>=` at or under it, for `<`/`<=` at or over it. */
function isCleared(value: number, rule: ThresholdRule): boolean {
  const clear = rule.clearThreshold ?? rule.threshold;
  switch (rule.op) {
    case '>':
    case '>=':
      return value <= clear && !compare(value, rule.op, rule.threshold);
    case '<':
    case '<=':
      return value >= clear && !compare(value, rule.op, rule.threshold);
    default:
      return !compare(value, rule.op, rule.threshold);
  }
}

interface MemberMemory {
  window: CounterWindow;
  lastUptime: number | null;
  lastProbedAt: number;
  restarts: number[];
  /** When it was last seen down (NaN: not yet). */
  lastDownAt: number;
}

/**
 * Evaluates rules against each new health report: threshold rules per member, on the leader or
 * ensemble-wide; forecasts from the metric store; anomalies against each member's own baseline.
 * Pure apart from its own memory (no clock, no I/O): feed it reports with their times; recorded
 * series replay exactly. Memory is bounded by rules × members.
 */
export class AlertEngine {
  private readonly trackers = new Map<string, AlertTracker>();
  private readonly members = new Map<string, MemberMemory>();
  private readonly baselines = new Map<string, Baseline>();
  private readonly latestForecasts = new Map<string, Forecast>();
  /** The last forecast observation per rule and member, and when it was made. */
  private readonly forecastCache = new Map<string, { at: number; obs: Observation; restarts: number }>();
  private leaderChanges: number[] = [];
  private lastLeader: string | null = null;

  constructor(private rules: readonly AlertRule[]) {}

  /** Replaces the rules; trackers of rules that went away (or were disabled) are dropped. */
  setRules(rules: readonly AlertRule[]): void {
    this.rules = rules;
    const live = new Set(rules.filter((r) => r.enabled).map((r) => r.id));
    for (const [key, tracker] of this.trackers) if (!live.has(tracker.rule.id)) this.trackers.delete(key);
  }

  get ruleList(): readonly AlertRule[] {
    return this.rules;
  }

  /** Alerts not inactive (pending, firing, resolved, no data, error), worst first. */
  instances(): AlertInstance[] {
    const out: AlertInstance[] = [];
    for (const t of this.trackers.values()) {
      const state = t.state;
      if (state === 'inactive') continue;
      out.push({
        rule: t.rule,
        member: t.member,
        state,
        value: t.value,
        since: t.since,
        firingSince: t.firingSince,
        summary: describe(t.rule, t.member, t.value),
        error: t.error,
      });
    }
    const rank = { critical: 0, warning: 1, info: 2 };
    return out.sort((a, b) => rank[a.rule.severity] - rank[b.rule.severity] || a.rule.id.localeCompare(b.rule.id));
  }

  /** The latest forecast per rule and member. */
  forecasts(): Forecast[] {
    return [...this.latestForecasts.values()];
  }

  evaluate(input: EvaluationInput): Evaluation {
    const now = input.at;
    const health = input.report.health;
    const restarts = this.observeMembers(health.members, now);
    this.observeLeader(health.leader?.address ?? null, now);
    const contexts = new Map<string, MemberContext>();
    for (const m of health.members) {
      contexts.set(m.address, {
        health: m,
        metrics: m.snapshot.probe.monitor?.metrics ?? null,
        window: this.members.get(m.address)!.window,
        starting: now - this.members.get(m.address)!.lastDownAt < STARTING_GRACE_MS,
      });
    }
    const alerts: AlertEvent[] = [];
    const forecasts: Forecast[] = [];
    const touched = new Set<string>();
    const apply = (rule: AlertRule, member: string | null, obs: Observation): void => {
      const key = `${rule.id}\u0000${member ?? ''}`;
      touched.add(key);
      let tracker = this.trackers.get(key);
      if (!tracker) {
        // Idle instances cost nothing: a tracker is made only when something is worth tracking.
        if (obs.kind === 'nodata' || (obs.kind === 'value' && !obs.active)) return;
        tracker = new AlertTracker(rule, member, now);
        this.trackers.set(key, tracker);
      }
      const state = tracker.observe(obs, now);
      if (state && state !== 'inactive') {
        alerts.push({
          type: 'alert',
          state,
          rule: rule.id,
          title: rule.title,
          severity: rule.severity,
          member,
          value: tracker.value,
          at: now,
          summary: describe(rule, member, tracker.value, tracker.error),
          runbook: rule.runbook,
          action: rule.action,
        });
      }
    };

    for (const rule of this.rules) {
      if (!rule.enabled) continue;
      if (rule.scope === 'ensemble') {
        if (rule.kind !== 'threshold') continue;
        const value = ensembleSignal(rule.signal, health, { leaderChanges: this.leaderChanges }, now);
        apply(
          rule,
          null,
          value === null
            ? { kind: 'error', message: `unknown ensemble signal "${rule.signal}"` }
            : this.thresholdObservation(rule, value, null),
        );
        continue;
      }
      for (const ctx of contexts.values()) {
        if (rule.scope === 'leader' && ctx.health.role !== 'leader') continue;
        const member = ctx.health.address;
        if (rule.kind === 'threshold') {
          const value = memberSignal(rule.signal, ctx);
          const limit = rule.limit === undefined ? null : memberSignal(rule.limit, ctx);
          apply(
            rule,
            member,
            value === undefined || limit === undefined
              ? { kind: 'nodata' }
              : this.thresholdObservation(rule, value, rule.limit === undefined ? null : limit),
          );
        } else if (rule.kind === 'forecast') {
          apply(rule, member, this.forecastObservation(rule, ctx, input.store, now, forecasts));
        } else {
          apply(rule, member, this.anomalyObservation(rule, ctx, now));
        }
      }
    }
    this.settleUntouched(touched, contexts, now, alerts);
    return { alerts, forecasts, restarts };
  }

  /** Feeds counter windows once per new sample, and notices restarts (uptime going down). */
  private observeMembers(members: readonly MemberHealth[], now: number): RestartEvent[] {
    const restarts: RestartEvent[] = [];
    for (const m of members) {
      let memory = this.members.get(m.address);
      if (!memory) {
        memory = {
          window: new CounterWindow(WINDOW_KEYS, LATENCY_WINDOW_MS),
          lastUptime: null,
          lastProbedAt: Number.NaN,
          restarts: [],
          lastDownAt: Number.NaN,
        };
        this.members.set(m.address, memory);
      }
      // Starting means down and not answered since: a member that came back and then stops answering is hung.
      if (m.condition === 'down') memory.lastDownAt = now;
      else if (m.condition !== 'hung' && m.condition !== 'unknown') memory.lastDownAt = Number.NaN;
      const metrics = m.snapshot.probe.monitor?.metrics;
      if (!metrics || m.snapshot.probedAt === memory.lastProbedAt) continue;
      memory.lastProbedAt = m.snapshot.probedAt;
      const uptime = metrics['uptime'];
      if (uptime !== undefined) {
        if (memory.lastUptime !== null && uptime < memory.lastUptime) {
          restarts.push({ type: 'restart', member: m.address, at: now });
          // The restart time is when uptime was 0; a forecast must not span it.
          memory.restarts.push(m.snapshot.probedAt - uptime);
          if (memory.restarts.length > MAX_RESTARTS) memory.restarts.shift();
        }
        memory.lastUptime = uptime;
      }
      memory.window.add(m.snapshot.probedAt, metrics);
    }
    // Members gone from the report (reconfig) are forgotten with their idle alerts.
    const present = new Set(members.map((m) => m.address));
    for (const address of [...this.members.keys()]) if (!present.has(address)) this.members.delete(address);
    return restarts;
  }

  private observeLeader(leader: string | null, now: number): void {
    if (leader === null) return;
    if (this.lastLeader !== null && leader !== this.lastLeader) {
      this.leaderChanges.push(now);
      if (this.leaderChanges.length > MAX_LEADER_CHANGES) this.leaderChanges.shift();
    }
    this.lastLeader = leader;
  }

  private thresholdObservation(rule: ThresholdRule, value: number | null, limit: number | null): Observation {
    if (value === null || (rule.limit !== undefined && (limit === null || limit <= 0)))
      return { kind: 'value', value: null, active: false, cleared: true };
    const compared = rule.limit !== undefined ? value / limit! : value;
    return { kind: 'value', value: compared, active: compare(compared, rule.op, rule.threshold), cleared: isCleared(compared, rule) };
  }

  private forecastObservation(
    rule: ForecastRule,
    ctx: MemberContext,
    store: MetricStore | undefined,
    now: number,
    out: Forecast[],
  ): Observation {
    const member = ctx.health.address;
    const key = `${rule.id}\u0000${member}`;
    if (!store || ctx.metrics === null) return { kind: 'nodata' };
    const limit = typeof rule.limit === 'number' ? rule.limit : memberSignal(rule.limit, ctx);
    if (limit === undefined) return { kind: 'nodata' };
    if (limit === null || limit <= 0) {
      this.latestForecasts.delete(key);
      return { kind: 'value', value: null, active: false, cleared: true };
    }
    const memory = this.members.get(member)!;
    const cached = this.forecastCache.get(key);
    if (cached && now - cached.at < FORECAST_EVERY_MS && now >= cached.at && cached.restarts === memory.restarts.length) return cached.obs;
    const obs = this.computeForecast(rule, member, limit, store, memory, now, out);
    if (this.forecastCache.size > 10_000) this.forecastCache.clear();
    this.forecastCache.set(key, { at: now, obs, restarts: memory.restarts.length });
    return obs;
  }

  private computeForecast(
    rule: ForecastRule,
    member: string,
    limit: number,
    store: MetricStore,
    memory: MemberMemory,
    now: number,
    out: Forecast[],
  ): Observation {
    const key = `${rule.id}\u0000${member}`;
    let series = store.query(member, rule.signal, { since: now - rule.windowSeconds * 1000 });
    // A young store answers a long window from a coarse tier with a few buckets: the raw tier then knows more.
    if (series.resolutionMs > 0 && series.points.length < 10) series = store.query(member, rule.signal);
    const points: TrendPoint[] = series.points.map((p) => ({ t: p.t, v: p.value }));
    const outcome = forecastToLimit(points, limit, now, memory.restarts);
    if (outcome.status === 'insufficient') {
      this.latestForecasts.delete(key);
      return { kind: 'nodata' };
    }
    if (outcome.status === 'flat') {
      this.latestForecasts.delete(key);
      return { kind: 'value', value: null, active: false, cleared: true };
    }
    const forecast: Forecast = {
      rule: rule.id,
      member,
      metric: rule.signal,
      value: outcome.level,
      limit,
      etaSeconds: { likely: outcome.likely, pessimistic: outcome.pessimistic },
      at: now,
    };
    this.latestForecasts.set(key, forecast);
    out.push(forecast);
    return {
      kind: 'value',
      value: outcome.pessimistic,
      active: outcome.pessimistic < rule.etaSeconds,
      cleared: outcome.pessimistic > rule.clearEtaSeconds,
    };
  }

  private anomalyObservation(rule: AnomalyRule, ctx: MemberContext, now: number): Observation {
    const value = memberSignal(rule.signal, ctx);
    if (value === undefined) return { kind: 'nodata' };
    if (value === null) return { kind: 'value', value: null, active: false, cleared: true };
    const key = `${rule.id}\u0000${ctx.health.address}`;
    let baseline = this.baselines.get(key);
    if (!baseline) {
      baseline = new Baseline(rule.baselineSeconds * 1000);
      this.baselines.set(key, baseline);
    }
    const stats = baseline.stats(MIN_BASELINE_BUCKETS);
    baseline.add(now, value);
    if (!stats) return { kind: 'nodata' };
    const bound = stats.median + rule.deviations * Math.max(stats.spread, 0.1 * stats.median);
    const active = value > bound && value > rule.minimum;
    return { kind: 'value', value, active, cleared: !active };
  }

  /**
   * Alerts not evaluated this round: their member left the rule's scope (no longer leader) or the
   * report. A member that is there but gave no metrics is no data; otherwise the condition is gone.
   */
  private settleUntouched(
    touched: ReadonlySet<string>,
    contexts: ReadonlyMap<string, MemberContext>,
    now: number,
    alerts: AlertEvent[],
  ): void {
    for (const [key, tracker] of this.trackers) {
      if (touched.has(key)) continue;
      const ctx = tracker.member === null ? undefined : contexts.get(tracker.member);
      const obs: Observation =
        ctx && ctx.metrics === null ? { kind: 'nodata' } : { kind: 'value', value: null, active: false, cleared: true };
      const state = tracker.observe(obs, now);
      if (state && state !== 'inactive') {
        const rule = tracker.rule;
        alerts.push({
          type: 'alert',
          state,
          rule: rule.id,
          title: rule.title,
          severity: rule.severity,
          member: tracker.member,
          value: tracker.value,
          at: now,
          summary: describe(rule, tracker.member, tracker.value),
          runbook: rule.runbook,
          action: rule.action,
        });
      }
      if (tracker.state === 'inactive' || (tracker.state === 'resolved' && !ctx)) this.trackers.delete(key);
    }
  }
}
