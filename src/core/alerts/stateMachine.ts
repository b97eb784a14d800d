import { AlertRule, AlertState } from './types';

/** What one evaluation saw for one alert instance. */
export type Observation =
  /** `active`: the firing condition holds; `cleared`: the value is back past the clear threshold. */
  | { readonly kind: 'value'; readonly value: number | null; readonly active: boolean; readonly cleared: boolean }
  /** The member did not answer (or gave no metrics): nothing is concluded. */
  | { readonly kind: 'nodata' }
  | { readonly kind: 'error'; readonly message: string };

/** The lifecycle phases; `nodata` and `error` are flags over them, so a gap never resolves anything. */
type Phase = 'inactive' | 'pending' | 'firing' | 'resolved';

/**
 * One rule on one member, as Prometheus and Grafana run it: inactive → pending (condition held
 * less than `for`) → firing → resolved, with a separate clear threshold and keep-firing time so a
 * value hovering at the threshold, or a flapping member, is one alert, not many. Missing data and
 * errors are states of their own and never resolve an alert.
 */
export class AlertTracker {
  phase: Phase = 'inactive';
  since: number;
  firingSince: number | null = null;
  private pendingSince: number | null = null;
  private clearSince: number | null = null;
  noData = false;
  error: string | null = null;
  value: number | null = null;

  constructor(
    readonly rule: AlertRule,
    readonly member: string | null,
    now: number,
  ) {
    this.since = now;
  }

  get state(): AlertState {
    if (this.error !== null) return 'error';
    if (this.noData) return 'nodata';
    return this.phase;
  }

  /** Applies one observation; returns the new state when it changed in a way worth an event. */
  observe(obs: Observation, now: number): AlertState | null {
    if (obs.kind === 'error') {
      if (this.error === obs.message) return null;
      this.error = obs.message;
      this.since = now;
      return 'error';
    }
    this.error = null;
    if (obs.kind === 'nodata') {
      // Only an alert under way can lose its data; an idle one stays idle.
      if (this.noData || (this.phase !== 'pending' && this.phase !== 'firing')) return null;
      this.noData = true;
      this.since = now;
      return 'nodata';
    }
    const wasNoData = this.noData;
    this.noData = false;
    this.value = obs.value;
    const changed = this.step(obs.active, obs.cleared, now);
    // Data back with the alert still under way: say so, so a listener that showed "no data" updates.
    return changed ?? (wasNoData ? this.phase : null);
  }

  private step(active: boolean, cleared: boolean, now: number): Phase | null {
    const forMs = this.rule.forSeconds * 1000;
    switch (this.phase) {
      case 'inactive':
      case 'resolved':
        if (!active) return null;
        this.pendingSince = now;
        return forMs === 0 ? this.fire(now) : this.enter('pending', now);
      case 'pending':
        if (!active) {
          this.pendingSince = null;
          this.enter('inactive', now);
          return null;
        }
        return now - this.pendingSince! >= forMs ? this.fire(now) : null;
      case 'firing':
        if (!cleared) {
          this.clearSince = null;
          return null;
        }
        this.clearSince ??= now;
        if (now - this.clearSince < this.rule.keepFiringSeconds * 1000) return null;
        this.clearSince = null;
        this.firingSince = null;
        return this.enter('resolved', now);
    }
  }

  private fire(now: number): Phase {
    this.firingSince = now;
    this.clearSince = null;
    return this.enter('firing', now);
  }

  private enter(phase: Phase, now: number): Phase {
    this.phase = phase;
    this.since = now;
    return phase;
  }
}
