import * as fs from 'node:fs';
import { formatRuleError, parseRulesText } from '../core/alerts/ruleSet';
import { AlertRule } from '../core/alerts/types';
import { BUILTIN_RULES } from '../core/alerts/builtinRules';

/** Thrown when `--rules FILE` cannot be read or holds invalid rules (exit code 3 of monitor/rules). */
export class RulesFileError extends Error {}

/** The effective rules: the built-ins with FILE's overrides and additions; every problem listed. */
export function loadRules(file: string | undefined): readonly AlertRule[] {
  if (file === undefined) return BUILTIN_RULES;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RulesFileError(`cannot read rules file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { rules, errors } = parseRulesText(text);
  if (errors.length > 0)
    throw new RulesFileError(`${file}: ${errors.length} problem(s):\n${errors.map((e) => `  ${formatRuleError(e)}`).join('\n')}`);
  return rules;
}
