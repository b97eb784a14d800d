import type { EnsembleEvent, MemberStateWord } from '../../shared/ensembleEvents';
import type { HealthReport } from './report';

/** What the extractor remembers of the previous report: small, so history costs nothing. */
interface Seen {
  readonly leader: string | null;
  readonly states: ReadonlyMap<string, MemberStateWord>;
}

/** An event before it gets its time and sequence number. */
export type EventDraft = EnsembleEvent extends infer E ? (E extends EnsembleEvent ? Omit<E, 'at' | 'seq'> : never) : never;

/**
 * The events between two consecutive reports of one ensemble: leader changed, member state
 * changed (down, hung, back…), membership changed (members added or removed by a reconfig), and
 * member restarted (its `uptime` went down, even when no poll saw it down). Pure: the caller keeps
 * the state (`EventExtractor` below) and stamps time and sequence.
 *
 * The first report yields no state or leader events: nothing changed that anyone saw.
 */
export function eventsBetween(
  previous: Seen | undefined,
  report: HealthReport,
  uptimes: ReadonlyMap<string, number>,
  lastUptimes: ReadonlyMap<string, number>,
): EventDraft[] {
  const out: EventDraft[] = [];
  const members = report.health.members;
  if (previous) {
    const now = new Set(members.map((m) => m.address));
    const added = members.filter((m) => !previous.states.has(m.address)).map((m) => m.address);
    const removed = [...previous.states.keys()].filter((a) => !now.has(a));
    if (added.length > 0 || removed.length > 0) out.push({ kind: 'membership-changed', added, removed });
    for (const m of members) {
      const before = previous.states.get(m.address);
      if (before === undefined || before === m.condition) continue;
      out.push({
        kind: 'member-state-changed',
        member: m.address,
        from: before,
        to: m.condition,
        reason: m.condition === 'up' ? null : m.reason,
      });
    }
    const leader = report.health.leader?.address ?? null;
    if (leader !== previous.leader) out.push({ kind: 'leader-changed', from: previous.leader, to: leader });
  }
  for (const [member, uptime] of uptimes) {
    const last = lastUptimes.get(member);
    if (last !== undefined && uptime < last) out.push({ kind: 'member-restarted', member });
  }
  return out;
}

/** Uptime (ms) of every member whose metrics came with this report. */
function uptimesOf(report: HealthReport): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of report.health.members) {
    const uptime = m.snapshot.probe.monitor?.metrics['uptime'];
    if (uptime !== undefined) out.set(m.address, uptime);
  }
  return out;
}

/**
 * Feeds reports of one ensemble, in order, and returns their events stamped with time and a
 * sequence number that only grows. A member's last uptime is kept while it is down, so a restart
 * between two polls that saw it up is still caught; members that leave are forgotten.
 */
export class EventExtractor {
  private seen: Seen | undefined;
  private readonly uptimes = new Map<string, number>();
  private seq = 0;

  /** The sequence number the next event gets. */
  get nextSeq(): number {
    return this.seq + 1;
  }

  observe(report: HealthReport, at: number): EnsembleEvent[] {
    const current = uptimesOf(report);
    const drafts = eventsBetween(this.seen, report, current, this.uptimes);
    for (const [member, uptime] of current) this.uptimes.set(member, uptime);
    const present = new Set(report.health.members.map((m) => m.address));
    for (const member of [...this.uptimes.keys()]) if (!present.has(member)) this.uptimes.delete(member);
    this.seen = {
      leader: report.health.leader?.address ?? null,
      states: new Map(report.health.members.map((m) => [m.address, m.condition])),
    };
    return drafts.map((d) => ({ ...d, at, seq: ++this.seq }));
  }
}
