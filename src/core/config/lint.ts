import { Finding, severityRank } from './findings';
import { ConfigModel, buildModel, kindFromFileName } from './model';
import { accessRules } from './rules/access';
import type { LintOptions, Rule } from './rules/context';
import { hierarchyRules } from './rules/hierarchy';
import { keyRules } from './rules/keys';
import { portRules } from './rules/ports';
import { serverRules } from './rules/servers';
import { storageRules } from './rules/storage';
import { timingRules } from './rules/timing';
import { valueRules } from './rules/values';
import { comparePositions } from './text';

export type { LintOptions } from './rules/context';

const RULES: readonly Rule[] = [keyRules, valueRules, serverRules, hierarchyRules, portRules, timingRules, storageRules, accessRules];

/**
 * `# zkops-lint disable rule-a, rule-b` silences rules for the whole file;
 * `# zkops-lint disable-next-line rule-a` for the entry that follows. Without ids: every rule.
 */
const DIRECTIVE = /^zkops-lint\s+(disable|disable-next-line)\b\s*(.*)$/;

interface Suppression {
  readonly rules: ReadonlySet<string> | 'all';
  /** Line the suppression applies to, or undefined for the whole file. */
  readonly line?: number;
}

function suppressions(model: ConfigModel): Suppression[] {
  const out: Suppression[] = [];
  for (const c of model.parsed.comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const ids = m[2]!.split(/[\s,]+/).filter((x) => x);
    const rules = ids.length ? new Set(ids) : 'all';
    if (m[1] === 'disable') {
      out.push({ rules });
      continue;
    }
    const next = model.entries.find((e) => e.firstLine > c.line);
    if (next) out.push({ rules, line: next.firstLine });
  }
  return out;
}

function suppressed(f: Finding, list: readonly Suppression[]): boolean {
  return list.some((s) => (s.line === undefined || s.line === f.range.start.line) && (s.rules === 'all' || s.rules.has(f.rule)));
}

/** Lints a model already built (the language server keeps models per document). */
export function lintModel(model: ConfigModel, options: LintOptions = {}): Finding[] {
  const findings = RULES.flatMap((rule) => rule({ model, options }));
  const quiet = suppressions(model);
  const seen = new Set<string>();
  return findings
    .filter((f) => !suppressed(f, quiet))
    .filter((f) => {
      const id = `${f.rule}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => comparePositions(a.range.start, b.range.start) || severityRank(b.severity) - severityRank(a.severity));
}

/** Lints zoo.cfg (or dynamic config) text. Pure: no file system access. */
export function lintText(text: string, options: LintOptions = {}): Finding[] {
  const kind = options.kind ?? (options.fileName ? kindFromFileName(options.fileName) : 'static');
  return lintModel(buildModel(text, kind, kind === 'static' ? options.dynamicConfigText : undefined), options);
}
