import { formatDuration, formatNumber } from './describe';
import type { AlertRule } from './types';

/** An alert's value in words: a share of its limit, an ETA, or the number; null for a 0/1 flag (its title says it). */
export function valueText(rule: AlertRule, value: number | null): string | null {
  if (value === null) return null;
  if (rule.kind === 'forecast') return `limit in ${formatDuration(value)} at worst`;
  if (rule.kind === 'threshold' && rule.limit !== undefined) return `${formatNumber(value * 100)} % of ${rule.limit}`;
  if (rule.kind === 'threshold' && rule.op === '>' && rule.threshold === 0) return null;
  return `${rule.signal} ${formatNumber(value)}`;
}
