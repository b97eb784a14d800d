import type { Finding } from '../findings';
import { lookupKey } from '../schema';
import { checkValue } from '../values';
import type { Rule } from './context';

/** Type and range of every value whose key is known (membership lines have their own rules). */
export const valueRules: Rule = ({ model }) => {
  const out: Finding[] = [];
  for (const entry of model.entries) {
    const match = lookupKey(entry.key);
    if (match.kind !== 'exact' && match.kind !== 'pattern') continue;
    if (match.spec.dynamic || match.spec.key === 'metricsProvider.*') continue;
    out.push(...checkValue(match.spec, entry));
  }
  return out;
};
