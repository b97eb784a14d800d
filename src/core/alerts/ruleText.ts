import { formatDuration, formatNumber } from './describe';
import { AlertRule } from './types';

/** A rule's condition in words, e.g. "open_file_descriptor_count / max_file_descriptor_count > 0.85 for 5 min". */
export function describeCondition(rule: AlertRule): string {
  const forText = rule.forSeconds > 0 ? ` for ${formatDuration(rule.forSeconds)}` : '';
  switch (rule.kind) {
    case 'threshold': {
      const value = rule.limit !== undefined ? `${rule.signal} / ${rule.limit}` : rule.signal;
      const clear = rule.clearThreshold !== undefined ? `, clears at ${formatNumber(rule.clearThreshold)}` : '';
      return `${value} ${rule.op} ${formatNumber(rule.threshold)}${forText}${clear}`;
    }
    case 'forecast':
      return (
        `${rule.signal} reaches ${String(rule.limit)} within ${formatDuration(rule.etaSeconds)} (pessimistic ` +
        `ETA${forText}), clears above ${formatDuration(rule.clearEtaSeconds)}`
      );
    case 'anomaly':
      return `${rule.signal} above the member's median + ${formatNumber(rule.deviations)} × spread over ${formatDuration(rule.baselineSeconds)}${forText}`;
  }
}
