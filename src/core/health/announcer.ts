import type { EnsembleEvent } from '../../shared/ensembleEvents';
import { memberName } from './model';
import { HealthNotifier } from './notifier';
import type { HealthReport } from './report';
import { Urgency, urgencyOf } from './urgency';

export type AnnouncementSeverity = 'error' | 'warning' | 'info';

/** What to show the user now; it replaces whatever was shown before for the cluster. */
export interface Announcement {
  readonly severity: AnnouncementSeverity;
  readonly urgency: Urgency;
  /** One line: the summary of the report (the status bar's text), then what changed. */
  readonly message: string;
  /** The report's summary, exactly as the status bar shows it. */
  readonly summary: string;
  /**
   * True while the ensemble is not healthy: the notice stays until it is replaced (the condition
   * changed or cleared). False for news about a healthy ensemble: it may close by itself.
   */
  readonly condition: boolean;
}

const SEVERITY: Record<Urgency, AnnouncementSeverity> = { critical: 'error', 'at-risk': 'warning', notice: 'info', ok: 'info' };

const WORD: Record<string, string> = { down: 'DOWN', hung: 'HUNG', 'not-serving': 'NOT SERVING', 'read-only': 'READ-ONLY', unknown: 'UNKNOWN', up: 'back' };

/**
 * Decides what to tell the user about one cluster, from the same report the status bar shows and
 * the events that report brought: every change of a member's state (down, hung, back) and of the
 * leader is told once, whatever warnings are already active; so is a worse or a better level
 * (through HealthNotifier's hysteresis). Each announcement replaces the previous one, so a notice
 * about a condition that cleared does not stay on screen. Pure: feed reports, show what comes back.
 */
export class HealthAnnouncer {
  private readonly levels = new HealthNotifier();

  observe(report: HealthReport, events: readonly EnsembleEvent[]): Announcement | undefined {
    const level = this.levels.observe(report.checks, report.summary);
    const news = events.flatMap((e) => this.describe(report, e));
    if (!level && news.length === 0) return undefined;
    const urgency = urgencyOf(report);
    const healthy = urgency === 'ok';
    const what = news.length > 0 ? news.join('; ') : level && level.kind === 'recovered' && healthy ? 'healthy again' : undefined;
    const problems = level && !healthy ? level.problems.slice(0, 3).map((p) => p.title) : [];
    const message = [report.summary, what, problems.length > 0 ? problems.join(', ') : undefined].filter(Boolean).join(' — ');
    return { severity: SEVERITY[urgency], urgency, message, summary: report.summary, condition: !healthy };
  }

  /** Forgets what was said (another cluster was picked). */
  reset(): void {
    this.levels.reset();
  }

  private describe(report: HealthReport, event: EnsembleEvent): string[] {
    const name = (address: string): string => {
      const m = report.health.members.find((x) => x.address === address);
      return m ? memberName(m) : address;
    };
    switch (event.kind) {
      case 'member-state-changed':
        return [`${name(event.member)} ${WORD[event.to] ?? event.to}`];
      case 'leader-changed':
        if (event.to === null) return [`no leader (was ${event.from ? name(event.from) : '?'})`];
        return [event.from === null ? `${name(event.to)} leads` : `leader ${name(event.from)} → ${name(event.to)}`];
      case 'member-restarted':
        return [`${name(event.member)} restarted`];
      case 'membership-changed': {
        // A member that joins already in trouble is news (a connect string naming a dead host, a
        // reconfig adding a member that never came up); one that joins healthy or leaves is said too.
        const condition = (address: string): string | undefined => report.health.members.find((m) => m.address === address)?.condition;
        return [
          ...event.added.map((a) => (condition(a) === 'up' ? `${name(a)} joined` : `${name(a)} ${WORD[condition(a) ?? 'unknown'] ?? condition(a)} (new in the membership)`)),
          ...event.removed.map((a) => `${a} left the membership`),
        ];
      }
    }
  }
}
