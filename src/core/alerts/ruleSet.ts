import { BUILTIN_RULES } from './builtinRules';
import { AlertRule, COMPARISONS, RuleKind, SCOPES, SEVERITIES } from './types';

/*
 * Rules files and settings overrides: a JSON array (or `{ "rules": [...] }`) of entries. An entry
 * whose id is a built-in (or earlier) rule changes only the fields it names (threshold, for,
 * severity, `enabled: false`, …); an entry with a new id is a whole new rule. Every problem is
 * reported with the rule and the field, and a bad entry changes nothing.
 */

/** One problem in a rules document. */
export interface RuleError {
  /** The rule's id when it has one, else `rules[<index>]`. */
  readonly rule: string;
  readonly field: string;
  readonly message: string;
}

export function formatRuleError(e: RuleError): string {
  return `rule "${e.rule}": field "${e.field}": ${e.message}`;
}

type Check = (value: unknown) => string | null;

const finite: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a finite number');
const nonNegative: Check = (v) => finite(v) ?? ((v as number) >= 0 ? null : 'must be 0 or more');
const positive: Check = (v) => finite(v) ?? ((v as number) > 0 ? null : 'must be more than 0');
const text: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'must be a non-empty string');
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const limitRef: Check = (v) => (typeof v === 'string' ? text(v) : positive(v));

const COMMON: Record<string, Check> = {
  id: (v) => text(v) ?? (/^[a-z0-9][a-z0-9-]*$/.test(v as string) ? null : 'must be kebab-case (a-z, 0-9, -)'),
  title: text,
  kind: oneOf(['threshold', 'forecast', 'anomaly']),
  scope: oneOf(SCOPES),
  severity: oneOf(SEVERITIES),
  forSeconds: nonNegative,
  keepFiringSeconds: nonNegative,
  runbook: text,
  action: text,
  source: text,
  enabled: bool,
  signal: text,
};

const BY_KIND: Record<RuleKind, Record<string, Check>> = {
  threshold: { op: oneOf(COMPARISONS), threshold: finite, clearThreshold: finite, limit: text },
  forecast: { limit: limitRef, etaSeconds: positive, clearEtaSeconds: positive, windowSeconds: positive },
  anomaly: { deviations: positive, minimum: nonNegative, baselineSeconds: positive },
};

const REQUIRED: Record<RuleKind, readonly string[]> = {
  threshold: ['op', 'threshold'],
  forecast: ['limit', 'etaSeconds', 'clearEtaSeconds', 'windowSeconds'],
  anomaly: ['deviations', 'minimum', 'baselineSeconds'],
};

/** Defaults a new rule may leave out. */
const NEW_RULE_DEFAULTS = { kind: 'threshold', scope: 'member', severity: 'warning', forSeconds: 0, keepFiringSeconds: 0, enabled: true };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks one merged rule; returns its problems. */
function validateRule(rule: Record<string, unknown>, name: string): RuleError[] {
  const errors: RuleError[] = [];
  const kindError = COMMON['kind']!(rule['kind']);
  if (kindError) return [{ rule: name, field: 'kind', message: kindError }];
  const kind = rule['kind'] as RuleKind;
  const checks = { ...COMMON, ...BY_KIND[kind] };
  for (const field of Object.keys(rule)) {
    const check = checks[field];
    if (!check) {
      errors.push({ rule: name, field, message: `is not a field of a ${kind} rule (known: ${Object.keys(checks).join(', ')})` });
      continue;
    }
    const problem = check(rule[field]);
    if (problem) errors.push({ rule: name, field, message: problem });
  }
  for (const field of [...Object.keys(COMMON), ...REQUIRED[kind]]) {
    if (rule[field] === undefined) errors.push({ rule: name, field, message: 'is required for a new rule' });
  }
  if (kind === 'forecast' && errors.length === 0 && (rule['clearEtaSeconds'] as number) < (rule['etaSeconds'] as number)) {
    errors.push({ rule: name, field: 'clearEtaSeconds', message: 'must be at least etaSeconds (it clears above it)' });
  }
  return errors;
}

export interface RuleSetResult {
  readonly rules: readonly AlertRule[];
  readonly errors: readonly RuleError[];
}

/**
 * Applies a rules document (already parsed JSON: an array or `{rules: [...]}`) to `base` (the
 * built-in rules by default). Invalid entries are left out and reported; valid ones apply.
 */
export function applyRules(document: unknown, base: readonly AlertRule[] = BUILTIN_RULES): RuleSetResult {
  const entries = Array.isArray(document)
    ? document
    : isRecord(document) && Array.isArray(document['rules'])
      ? document['rules']
      : undefined;
  if (entries === undefined) {
    return {
      rules: base,
      errors: [{ rule: '(document)', field: 'rules', message: 'expected an array of rules, or an object with a "rules" array' }],
    };
  }
  const rules = new Map(base.map((r) => [r.id, r]));
  const errors: RuleError[] = [];
  entries.forEach((entry: unknown, index: number) => {
    const where = `rules[${index}]`;
    if (!isRecord(entry)) {
      errors.push({ rule: where, field: '(entry)', message: 'must be an object' });
      return;
    }
    const idError = COMMON['id']!(entry['id']);
    if (idError) {
      errors.push({ rule: where, field: 'id', message: idError });
      return;
    }
    const id = entry['id'] as string;
    const existing = rules.get(id);
    if (existing && entry['kind'] !== undefined && entry['kind'] !== existing.kind) {
      errors.push({ rule: id, field: 'kind', message: `cannot change the kind of "${id}" (${existing.kind})` });
      return;
    }
    const merged: Record<string, unknown> = existing
      ? { ...existing, ...entry }
      : { ...NEW_RULE_DEFAULTS, runbook: id, source: 'user rule', ...entry };
    const problems = validateRule(merged, id);
    if (problems.length > 0) {
      errors.push(...problems);
      return;
    }
    rules.set(id, merged as unknown as AlertRule);
  });
  return { rules: [...rules.values()], errors };
}

/** Parses a rules file's text (JSON); syntax errors are reported like field errors. */
export function parseRulesText(textContent: string, base: readonly AlertRule[] = BUILTIN_RULES): RuleSetResult {
  let document: unknown;
  try {
    document = JSON.parse(textContent);
  } catch (err) {
    return { rules: base, errors: [{ rule: '(document)', field: '(json)', message: err instanceof Error ? err.message : String(err) }] };
  }
  return applyRules(document, base);
}
