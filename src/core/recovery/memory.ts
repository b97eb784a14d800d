import type { HealthReport } from '../health/report';
import type { MemberHealth, MemberRole } from '../health/types';

/*
 * What recovery needs to remember from before a failure: a member that is down cannot say its myid
 * or its last zxid, and a member without quorum answers nothing but "not currently serving". So
 * every report seen while members were up is folded into this memory: the editor feeds it from the
 * cluster's monitor, the CLI keeps it in a file between runs (memoryFile.ts).
 */

export interface RememberedMember {
  readonly address: string;
  readonly id: number | null;
  /** Its role the last time it served. */
  readonly role: MemberRole | null;
  /** Its zxid the last time it served (a lower bound of what it holds now). */
  readonly zxid: string | null;
  /** When it was last seen serving (ISO). */
  readonly upAt: string | null;
}

export interface EnsembleMemoryData {
  readonly members: Readonly<Record<string, RememberedMember>>;
  /** Persistent znodes (znode_count − ephemerals_count on the leader) when last seen with quorum. */
  readonly persistentZnodes: { readonly count: number; readonly at: string } | null;
}

export class EnsembleMemory {
  private readonly members = new Map<string, RememberedMember>();
  private znodes: EnsembleMemoryData['persistentZnodes'] = null;

  constructor(data?: EnsembleMemoryData) {
    for (const [address, m] of Object.entries(data?.members ?? {})) this.members.set(address, m);
    this.znodes = data?.persistentZnodes ?? null;
  }

  /** Folds a report in: serving members update everything, others only an id learnt meanwhile. */
  observe(report: HealthReport): void {
    const at = report.health.takenAt;
    for (const m of report.health.members) {
      const before = this.members.get(m.address);
      const id = m.id ?? before?.id ?? null;
      if (m.condition === 'up') {
        this.members.set(m.address, { address: m.address, id, role: m.role, zxid: m.zxid ?? before?.zxid ?? null, upAt: at });
      } else {
        this.members.set(m.address, {
          address: m.address,
          id,
          role: before?.role ?? null,
          zxid: before?.zxid ?? null,
          upAt: before?.upAt ?? null,
        });
      }
    }
    const count = persistentZnodesOf(report);
    if (count !== null) this.znodes = { count, at };
  }

  member(address: string): RememberedMember | undefined {
    return this.members.get(address);
  }

  /** A member's id from the report, else from memory. */
  idOf(m: Pick<MemberHealth, 'address' | 'id'>): number | null {
    return m.id ?? this.members.get(m.address)?.id ?? null;
  }

  get persistentZnodes(): EnsembleMemoryData['persistentZnodes'] {
    return this.znodes;
  }

  toJSON(): EnsembleMemoryData {
    return { members: Object.fromEntries(this.members), persistentZnodes: this.znodes };
  }
}

/** znode_count − ephemerals_count on a leader with quorum; null otherwise. */
export function persistentZnodesOf(report: HealthReport): number | null {
  const leader = report.health.quorum ? report.health.leader : null;
  const metrics = leader?.snapshot.probe.monitor?.metrics;
  const total = metrics?.['znode_count'];
  if (total === undefined) return null;
  return total - (metrics?.['ephemerals_count'] ?? 0);
}
