import type { Range } from './text';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A quick fix: edits to this document only. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix an editor may apply on "auto fix". */
  readonly preferred?: boolean;
}

export interface RelatedInfo {
  readonly range: Range;
  readonly message: string;
}

/** One problem or piece of advice about a config file. */
export interface Finding {
  /** Stable id of the rule, usable in `# zkops-lint disable <rule>` comments. */
  readonly rule: string;
  readonly severity: Severity;
  /** One line, no trailing period needed. */
  readonly message: string;
  readonly range: Range;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly RelatedInfo[];
  /** Lets editors fade (unnecessary) or strike through (deprecated) the range. */
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The worst severity among findings, or undefined when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (!worst || RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}

export function severityRank(s: Severity): number {
  return RANK[s];
}
