/** A mute: `rule` on `member` (null: on every member, and the ensemble) until `until` (epoch ms). */
export interface AlertMute {
  readonly rule: string;
  readonly member: string | null;
  readonly until: number;
}

/** Mutes kept at once per cluster; the oldest is dropped past it (a mute is a convenience, not a record). */
export const MAX_MUTES = 200;

/**
 * Which alerts the user silenced in the editor, and until when. A muted alert still shows in every
 * list (marked muted); only its notifications stop. Expired mutes are dropped when looked at.
 */
export class AlertMutes {
  private mutes: AlertMute[] = [];

  constructor(initial: readonly AlertMute[] = []) {
    this.mutes = initial.slice(-MAX_MUTES);
  }

  /** Mutes now in force. */
  list(now: number): readonly AlertMute[] {
    return this.mutes.filter((m) => m.until > now);
  }

  /** Mutes `rule` (on `member`, or every member when null) until `until`; replaces a mute of the same pair. */
  mute(rule: string, member: string | null, until: number): void {
    this.mutes = this.mutes.filter((m) => !(m.rule === rule && m.member === member));
    this.mutes.push({ rule, member, until });
    if (this.mutes.length > MAX_MUTES) this.mutes.shift();
  }

  /** Lifts the mute of `rule` on `member` and, for null, every mute of the rule. True when one was lifted. */
  unmute(rule: string, member: string | null): boolean {
    const before = this.mutes.length;
    this.mutes = this.mutes.filter((m) => !(m.rule === rule && (member === null || m.member === member)));
    return this.mutes.length !== before;
  }

  /** When the mute covering `rule` on `member` ends (the later of a member's and the rule's), or null. */
  mutedUntil(rule: string, member: string | null, now: number): number | null {
    let until: number | null = null;
    for (const m of this.mutes) {
      if (m.rule !== rule || m.until <= now || (m.member !== null && m.member !== member)) continue;
      until = Math.max(until ?? 0, m.until);
    }
    return until;
  }

  /** Drops expired mutes; true when some were dropped (the caller persists). */
  prune(now: number): boolean {
    const before = this.mutes.length;
    this.mutes = this.mutes.filter((m) => m.until > now);
    return this.mutes.length !== before;
  }

  toJSON(): AlertMute[] {
    return [...this.mutes];
  }
}
