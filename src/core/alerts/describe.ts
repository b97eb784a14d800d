import { AlertRule } from './types';

/** A number for people: whole numbers as they are, others to 3 significant digits. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 1000 ? Math.round(n).toString() : Number(n.toPrecision(3)).toString();
}

/** Seconds as "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${formatNumber(seconds / 3600)} h`;
  return `${formatNumber(seconds / 86400)} d`;
}

/** Signals that are 0/1 flags: their value says nothing the title does not. */
const FLAGS = new Set(['member_down', 'member_hung', 'member_read_only', 'quorum_lost', 'quorum_at_risk', 'config_drift', 'even_voters']);

/** The one-line summary of an alert: what, where, how much, against what. */
export function describe(rule: AlertRule, member: string | null, value: number | null, error: string | null = null): string {
  const where = member ?? 'ensemble';
  if (error) return `${rule.title} (${where}): cannot evaluate: ${error}`;
  if (rule.kind === 'forecast') {
    return value === null
      ? `${rule.title} (${where})`
      : `${rule.title} (${where}): ${rule.signal} reaches its limit in ${formatDuration(value)} at worst`;
  }
  if (rule.kind === 'anomaly')
    return value === null
      ? `${rule.title} (${where})`
      : `${rule.title} (${where}): ${rule.signal} ${formatNumber(value)}, far above its usual`;
  if (value === null || FLAGS.has(rule.signal)) return `${rule.title} (${where})`;
  const shown = rule.limit !== undefined ? `${formatNumber(value * 100)} % of ${rule.limit}` : `${rule.signal} ${formatNumber(value)}`;
  const limit = rule.limit !== undefined ? `${formatNumber(rule.threshold * 100)} %` : formatNumber(rule.threshold);
  return `${rule.title} (${where}): ${shown} (${rule.op} ${limit})`;
}
