import { worst } from './checks';
import { CheckResult, CheckStatus } from './types';

export interface HealthNotice {
  readonly kind: 'worsened' | 'recovered';
  readonly status: CheckStatus;
  /** The checks that do not pass, worst first. */
  readonly problems: readonly CheckResult[];
  /** One line: the summary and the first problems, e.g. "leader 3 · 2/3 · can lose 0 — Members reachable, …". */
  readonly message: string;
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export interface HealthNotifierOptions {
  /** Consecutive better reports needed before "recovered" is said (damps flapping). Default 2. */
  readonly recoverAfter?: number;
}

/**
 * Decides when to tell the user about health: once when the level gets worse (pass → warn → fail),
 * once when it has been better for `recoverAfter` reports in a row, and never while the level
 * stays the same, whatever problems come and go within it (the status bar shows those). Pure:
 * feed it every report, show what it returns.
 */
export class HealthNotifier {
  private announced: CheckStatus = 'pass';
  private betterStreak = 0;
  private readonly recoverAfter: number;

  constructor(options: HealthNotifierOptions = {}) {
    this.recoverAfter = Math.max(1, options.recoverAfter ?? 2);
  }

  observe(checks: readonly CheckResult[], summary: string): HealthNotice | undefined {
    const status = worst(checks.map((c) => c.status));
    const problems = checks.filter((c) => c.status !== 'pass').sort((a, b) => RANK[b.status] - RANK[a.status]);
    const titles = problems.slice(0, 3).map((p) => p.title);
    const more = problems.length > 3 ? ` and ${problems.length - 3} more` : '';
    const message = problems.length ? `${summary} — ${titles.join(', ')}${more}` : summary;
    if (RANK[status] > RANK[this.announced]) {
      this.announced = status;
      this.betterStreak = 0;
      return { kind: 'worsened', status, problems, message };
    }
    if (RANK[status] < RANK[this.announced]) {
      this.betterStreak++;
      if (this.betterStreak < this.recoverAfter) return undefined;
      this.announced = status;
      this.betterStreak = 0;
      return { kind: 'recovered', status, problems, message };
    }
    this.betterStreak = 0;
    return undefined;
  }

  /** Forgets what was said (another cluster was picked). */
  reset(): void {
    this.announced = 'pass';
    this.betterStreak = 0;
  }
}
