import { memberName } from '../model';
import { CheckResult, CheckStatus, EnsembleHealth, MemberHealth } from '../types';
import { Thresholds } from './thresholds';

/** What a check sees: the model, the thresholds and, from a poller, server-side rates. */
export interface CheckContext {
  readonly health: EnsembleHealth;
  readonly thresholds: Thresholds;
  /** Per-second rates of counters by member address, when a poller measured them. */
  readonly rates?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Whether per-client connection lists were fetched (the health check does; the poller does not). */
  readonly connectionsFetched: boolean;
}

export type Verdict = Omit<CheckResult, 'id' | 'title'>;

/**
 * One health check. `run` returns null when the check does not apply to this context (e.g. the
 * per-client check in a poller that does not fetch client lists): it is then left out, never
 * reported as a pass it did not earn.
 */
export interface HealthCheck {
  readonly id: string;
  readonly title: string;
  run(context: CheckContext): Verdict | null;
}

export const pass = (evidence: string, advice = 'Nothing to do.'): Verdict => ({ status: 'pass', evidence, advice });
export const warn = (evidence: string, advice: string): Verdict => ({ status: 'warn', evidence, advice });
export const fail = (evidence: string, advice: string): Verdict => ({ status: 'fail', evidence, advice });

/**
 * Over the limit on `members`, but only as an average since a start under 10 minutes ago: no
 * warning yet, and no pass either (`notJudged`), so the figure is never shown next to "PASS".
 */
export function notJudgedYet(members: readonly MemberHealth[], figures: string): Verdict {
  return {
    status: 'pass',
    notJudged: true,
    evidence: `Not judged yet: over the limit on ${names(members)}, but as an average since a start under 10 min ago. ${figures}.`,
    advice: 'Run the check again once the members have run 10 minutes; the start-up (first sessions, cold disk) weighs less then.',
  };
}

export const ACCESS_ADVICE =
  'Allow the words in 4lw.commands.whitelist (at least srvr, mntr, conf; the default is srvr only) or enable ' +
  'the AdminServer (admin.enableServer=true) and give its port (zkops --admin-ports, or the cluster setting).';

/** Members that answered about themselves (serving, not serving, read-only). */
export function answering(health: EnsembleHealth): MemberHealth[] {
  return health.members.filter((m) => m.condition === 'up' || m.condition === 'not-serving' || m.condition === 'read-only');
}

/** Members with mntr data (serving ones; a member without quorum gives none). */
export function withMetrics(health: EnsembleHealth): MemberHealth[] {
  return health.members.filter((m) => m.snapshot.probe.monitor !== null);
}

export function metric(m: MemberHealth, key: string): number | undefined {
  return m.snapshot.probe.monitor?.metrics[key];
}

export function names(members: readonly MemberHealth[]): string {
  return members.map(memberName).join(', ');
}

const UNITS: readonly [number, string][] = [
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

export function formatBytes(bytes: number): string {
  for (const [size, unit] of UNITS) if (bytes >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  return `${bytes} B`;
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
}

/** Why members gave no metrics, each distinct reason once (three members rarely differ). */
export function missingReasons(members: readonly MemberHealth[]): string {
  return [...new Set(members.map((m) => m.snapshot.probe.missing.join('; ') || 'no mntr'))].join(' | ');
}

/** The verdict when no member gave metrics: unknown is a warning, never a pass. */
export function noMetrics(health: EnsembleHealth): Verdict {
  const up = answering(health);
  const why = up.length === 0 ? 'no member answered' : `no metrics from ${names(up)} (${missingReasons(up)})`;
  return warn(`Unknown: ${why}.`, ACCESS_ADVICE);
}

export interface MetricLimit {
  readonly id: string;
  readonly title: string;
  readonly key: string;
  /** The limit for this context; a value above it warns. */
  readonly limit: (t: Thresholds) => number;
  readonly format: (value: number) => string;
  /** Only the leader reports the key (e.g. pending_syncs). */
  readonly leaderOnly?: boolean;
  readonly advice: string;
  /** Words after the figures on a pass, e.g. "(since start)". */
  readonly note?: string;
  /**
   * The key is an average since the server started: on a young server it mostly measures the
   * start-up (first sessions, the first fsyncs of a cold disk), so it is not judged yet.
   */
  readonly sinceStart?: boolean;
}

/**
 * How long a server must have run before a since-start average says something about now. A
 * poller judges rates over its own interval instead and does not need this.
 */
export const SINCE_START_MIN_UPTIME_MS = 10 * 60_000;

/** True when `m` has run too briefly for its since-start averages to be judged. */
export function tooYoungToJudge(m: MemberHealth): boolean {
  const uptime = metric(m, 'uptime');
  return uptime !== undefined && uptime < SINCE_START_MIN_UPTIME_MS;
}

/** A check that compares one mntr key of each member with a threshold: one definition, many checks. */
export function metricLimitCheck(spec: MetricLimit): HealthCheck {
  return {
    id: spec.id,
    title: spec.title,
    run({ health, thresholds }) {
      const limit = spec.limit(thresholds);
      const pool = spec.leaderOnly ? (health.leader && health.leader.role === 'leader' ? [health.leader] : []) : withMetrics(health);
      if (spec.leaderOnly && !health.leader) return warn('Unknown: no leader answers.', 'See the leader check.');
      if (spec.leaderOnly && health.standalone) return pass('Standalone server: no followers to sync.');
      const seen = pool.flatMap((m) => {
        const value = metric(m, spec.key);
        return value === undefined ? [] : [{ m, value }];
      });
      if (seen.length === 0) return noMetrics(health);
      const young = (m: MemberHealth): boolean => !!spec.sinceStart && tooYoungToJudge(m);
      const over = seen.filter((s) => s.value > limit && !young(s.m));
      const figures = seen
        .map((s) => `${memberName(s.m)}: ${spec.format(s.value)}${young(s.m) ? ' (up under 10 min: not judged yet)' : ''}`)
        .join('; ');
      const note = spec.note ? ` ${spec.note}` : '';
      if (over.length > 0) return warn(`Above ${spec.format(limit)} on ${names(over.map((s) => s.m))}. ${figures}${note}.`, spec.advice);
      const unjudged = seen.filter((s) => s.value > limit);
      if (unjudged.length > 0)
        return notJudgedYet(
          unjudged.map((s) => s.m),
          `${figures}${note} (limit ${spec.format(limit)})`,
        );
      return pass(`${figures}${note} (limit ${spec.format(limit)}).`);
    },
  };
}

const ORDER: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worst(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (ORDER[b] > ORDER[a] ? b : a), 'pass');
}
