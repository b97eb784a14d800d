import { AlertEngine, Evaluation } from '../../src/core/alerts/engine';
import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import { AlertEvent, AlertRule } from '../../src/core/alerts/types';
import { HealthPoller } from '../../src/core/health/poller';

/**
 * Runs the alert engine on a poller's reports, as `zkops monitor` does, and records every event
 * with the wall time it was seen, so tests can wait for one and measure how long it took.
 */
export class AlertWatch {
  readonly engine: AlertEngine;
  readonly events: (AlertEvent & { seenAt: number })[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly off: () => void;
  /** Every evaluation's result, for tests that read forecasts. */
  readonly listeners = new Set<(e: Evaluation) => void>();

  constructor(
    readonly poller: HealthPoller,
    rules: readonly AlertRule[] = BUILTIN_RULES,
  ) {
    this.engine = new AlertEngine(rules);
    this.off = poller.onUpdate((report) => {
      const now = Date.now();
      const result = this.engine.evaluate({ at: now, report, store: poller.store });
      for (const e of result.alerts) this.events.push({ ...e, seenAt: now });
      for (const l of this.listeners) l(result);
      for (const w of this.waiters) w();
    });
  }

  /** The first event at or after `since` matching `ok`; rejects after `timeoutMs` listing what was seen. */
  waitFor(what: string, ok: (e: AlertEvent) => boolean, since: number, timeoutMs: number): Promise<AlertEvent & { seenAt: number }> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.find((e) => e.seenAt >= since && ok(e));
        if (!found) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(found);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events.filter((e) => e.seenAt >= since).map((e) => `${e.state} ${e.rule} ${e.member ?? '-'}`);
        reject(new Error(`${what}: not seen within ${timeoutMs} ms; seen: ${seen.join(', ') || 'nothing'}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      check();
    });
  }

  /**
   * Resolves when the engine holds `rule` on `member` in `state` (an alert already firing before
   * the fault counts too: on a loaded machine a slow probe can make a member look hung first).
   * Resolves with the wall time it was first seen so.
   */
  waitForState(what: string, rule: string, member: string | null, state: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!this.engine.instances().some((i) => i.rule.id === rule && i.member === member && i.state === state)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(Date.now());
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const now = this.engine.instances().map((i) => `${i.state} ${i.rule.id} ${i.member ?? '-'}`);
        reject(new Error(`${what}: not seen within ${timeoutMs} ms; alerts now: ${now.join(', ') || 'none'}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** True when no alert of `rule` is firing or pending now. */
  quiet(rule: string): boolean {
    return !this.engine.instances().some((i) => i.rule.id === rule && (i.state === 'firing' || i.state === 'pending'));
  }

  dispose(): void {
    this.off();
    this.waiters.clear();
  }
}
