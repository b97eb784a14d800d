import { BUILTIN_RULES } from './builtinRules';
import { RuleError, applyRules } from './ruleSet';
import type { AlertRule } from './types';

/*
 * The editor's rule overrides (`zookeeper.alerts.rules`): the entries of a rules file, each with an
 * optional `cluster` (a cluster's name or id) that limits it to that cluster. Entries without one
 * apply to every cluster, in order, before those of the cluster itself would override them again.
 */

/** A cluster as rule and receiver settings name it. */
export interface NamedCluster {
  readonly id: string;
  readonly name: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a settings entry's `cluster` field selects `cluster` (absent: every cluster). */
export function appliesTo(entry: Record<string, unknown>, cluster: NamedCluster): boolean {
  const target = entry['cluster'];
  return target === undefined || target === cluster.name || target === cluster.id;
}

export interface ClusterRulesResult {
  readonly rules: readonly AlertRule[];
  readonly errors: readonly RuleError[];
}

/**
 * The effective rules of one cluster: built-ins, then the setting's entries for every cluster,
 * then those for this one. A bad entry is left out and reported (named by its place in the
 * setting); the others apply.
 */
export function rulesForCluster(setting: unknown, cluster: NamedCluster, base: readonly AlertRule[] = BUILTIN_RULES): ClusterRulesResult {
  if (setting === undefined || setting === null) return { rules: base, errors: [] };
  if (!Array.isArray(setting))
    return { rules: base, errors: [{ rule: '(setting)', field: 'zookeeper.alerts.rules', message: 'must be an array of rules' }] };
  const indexed = setting.map((entry: unknown, index) => ({ entry, index }));
  const general = indexed.filter(({ entry }) => !isRecord(entry) || entry['cluster'] === undefined);
  // A `cluster` that is not a name is reported in every cluster's rules, so it is never missed.
  const own = indexed.filter(
    ({ entry }) => isRecord(entry) && entry['cluster'] !== undefined && (typeof entry['cluster'] !== 'string' || appliesTo(entry, cluster)),
  );
  let rules = base;
  const errors: RuleError[] = [];
  for (const { entry, index } of [...general, ...own]) {
    let body = entry;
    if (isRecord(entry) && 'cluster' in entry) {
      if (typeof entry['cluster'] !== 'string') {
        errors.push({
          rule: typeof entry['id'] === 'string' ? entry['id'] : `rules[${index}]`,
          field: 'cluster',
          message: 'must be a cluster name',
        });
        continue;
      }
      const { cluster: _omit, ...rest } = entry;
      body = rest;
    }
    const result = applyRules([body], rules);
    rules = result.rules;
    errors.push(...result.errors.map((e) => (e.rule === 'rules[0]' ? { ...e, rule: `rules[${index}]` } : e)));
  }
  return { rules, errors };
}
