import { CheckResult, CheckStatus, EnsembleHealth } from '../types';
import { availabilityChecks } from './availability';
import { CheckContext, HealthCheck, worst } from './check';
import { configurationChecks } from './configuration';
import { replicationChecks } from './replication';
import { resourceChecks } from './resources';

export { RATE_KEYS, RATE_WINDOW_MS } from './resources';
import { DEFAULT_THRESHOLDS, Thresholds } from './thresholds';

export { DEFAULT_THRESHOLDS, thresholdsFrom } from './thresholds';
export type { Thresholds } from './thresholds';
export { worst } from './check';

/** Every check, in report order: availability first, resources last. */
export const ALL_CHECKS: readonly HealthCheck[] = [...availabilityChecks, ...replicationChecks, ...configurationChecks, ...resourceChecks];

export interface RunChecksOptions {
  readonly thresholds?: Thresholds;
  readonly rates?: CheckContext['rates'];
  readonly connectionsFetched?: boolean;
}

/** Runs every check that applies; a check that throws becomes a warning, never a crash. */
export function runChecks(health: EnsembleHealth, options: RunChecksOptions = {}): CheckResult[] {
  const context: CheckContext = {
    health,
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    rates: options.rates,
    connectionsFetched: options.connectionsFetched ?? false,
  };
  const results: CheckResult[] = [];
  for (const check of ALL_CHECKS) {
    try {
      const verdict = check.run(context);
      if (verdict) results.push({ id: check.id, title: check.title, ...verdict });
    } catch (err) {
      results.push({
        id: check.id,
        title: check.title,
        status: 'warn',
        evidence: `The check itself failed: ${err instanceof Error ? err.message : String(err)}.`,
        advice: 'Report this as a bug of ZooKeeper Ops, with the snapshot (ZooKeeper: Copy Member Output).',
      });
    }
  }
  return results;
}

/** The worst status of a list of results (pass for none). */
export function overallStatus(results: readonly CheckResult[]): CheckStatus {
  return worst(results.map((r) => r.status));
}

/** The `zkops health` exit code of a status: 0 pass, 1 warn (serving but degraded), 2 fail. */
export function exitCodeOf(status: CheckStatus): 0 | 1 | 2 {
  return status === 'pass' ? 0 : status === 'warn' ? 1 : 2;
}
