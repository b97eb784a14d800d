import { buildReport, HealthReport } from '../../src/core/health/report';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import { loadSnapshot, patchMetrics } from './healthFixtures';

/**
 * Recorded snapshots (test/fixtures/health) replayed as a time series for the alert engine: each
 * step takes a recorded state, stamps every member with the step's time, and may override
 * members' mntr numbers (synthetic counters, uptime, fds). `uptime` defaults to the step's time.
 */
const cache = new Map<string, EnsembleSnapshot>();

function recorded(name: string): EnsembleSnapshot {
  let snapshot = cache.get(name);
  if (!snapshot) cache.set(name, (snapshot = loadSnapshot(name)));
  return snapshot;
}

export function reportAt(
  name: string | EnsembleSnapshot,
  timeMs: number,
  metrics: Record<number, Record<string, number>> = {},
): HealthReport {
  const base = typeof name === 'string' ? recorded(name) : name;
  const snapshot: EnsembleSnapshot = {
    ...base,
    takenAt: new Date(timeMs).toISOString(),
    members: base.members.map((m, i) => {
      const stamped = { ...m, probedAt: timeMs };
      // uptime follows the clock unless a step says otherwise, so replaying different recordings
      // is not mistaken for restarts.
      return stamped.probe.monitor ? patchMetrics(stamped, { uptime: timeMs, ...metrics[i] }) : stamped;
    }),
  };
  return buildReport(snapshot);
}

/** Index of the member of a recorded snapshot whose probe says `state`. */
export function memberIndex(name: string, state: string): number {
  const i = recorded(name).members.findIndex((m) => m.probe.state === state);
  if (i < 0) throw new Error(`no ${state} in ${name}`);
  return i;
}

export function addressOf(name: string, index: number): string {
  return recorded(name).members[index]!.target.address;
}
