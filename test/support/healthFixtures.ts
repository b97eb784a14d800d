import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MemberProbe } from '../../src/core/ensemble/memberProbe';
import type { EnsembleSnapshot, MemberSnapshot } from '../../src/core/health/types';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'health');

/** A snapshot recorded from a real ensemble by test/fixtures/health/record-health-snapshots.ts. */
export function loadSnapshot(name: string): EnsembleSnapshot {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as EnsembleSnapshot;
}

/** Index of the member whose probe says `state` (the first one). */
export function indexOf(snapshot: EnsembleSnapshot, state: MemberProbe['state']): number {
  const i = snapshot.members.findIndex((m) => m.probe.state === state);
  if (i < 0) throw new Error(`no ${state} in the snapshot`);
  return i;
}

/** A copy of `snapshot` with member `index` changed by `change` (for faults no testbed can hold still, e.g. split brain). */
export function withMember(snapshot: EnsembleSnapshot, index: number, change: (m: MemberSnapshot) => MemberSnapshot): EnsembleSnapshot {
  return { ...snapshot, members: snapshot.members.map((m, i) => (i === index ? change(m) : m)) };
}

/** A copy of member `m` whose probe has `patch` applied. */
export function patchProbe(m: MemberSnapshot, patch: Partial<MemberProbe>): MemberSnapshot {
  return { ...m, probe: { ...m.probe, ...patch } };
}

/** A copy of member `m` with its mntr metrics overridden. */
export function patchMetrics(m: MemberSnapshot, metrics: Record<string, number>): MemberSnapshot {
  const monitor = m.probe.monitor;
  if (!monitor) throw new Error(`${m.target.address} has no metrics`);
  return patchProbe(m, { monitor: { ...monitor, metrics: { ...monitor.metrics, ...metrics } } });
}
