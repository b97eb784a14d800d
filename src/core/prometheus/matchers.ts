/*
 * PromQL label matchers (`{job="zookeeper",cluster=~"prod|stage"}`): parsed from a cluster's
 * `prometheus.selector` setting, written back into queries, and evaluated here against the labels
 * of alerts (Prometheus and Alertmanager return every alert; only this cluster's are shown).
 * Regular expressions are fully anchored, as Prometheus's are; JavaScript's syntax stands in for
 * RE2's, which agree on everything a label selector normally uses.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

export type MatchersResult = { readonly ok: true; readonly matchers: LabelMatcher[] } | { readonly ok: false; readonly error: string };

const NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const OP = /\s*(=~|!~|!=|=)\s*/y;
/** At most this many matchers: a selector is a handful of labels. */
const MAX_MATCHERS = 20;

/** A quoted string at `at` (double or single quotes, backslash escapes): its value and where it ends. */
function quoted(text: string, at: number): { value: string; end: number } | undefined {
  const quote = text[at];
  if (quote !== '"' && quote !== "'") return undefined;
  let value = '';
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = text[++i];
    if (next === undefined) return undefined;
    value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
  }
  return undefined;
}

function regexOf(value: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${value})$`, 's');
  } catch {
    return undefined;
  }
}

/** Parses `{name op "value", …}` (braces optional); every problem says where. */
export function parseMatchers(input: string): MatchersResult {
  let text = input.trim();
  if (text.startsWith('{') !== text.endsWith('}')) return { ok: false, error: 'unbalanced braces' };
  if (text.startsWith('{')) text = text.slice(1, -1);
  const matchers: LabelMatcher[] = [];
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skip();
  while (i < text.length) {
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (!name) return { ok: false, error: `expected a label name at ${JSON.stringify(text.slice(i, i + 20))}` };
    i = NAME.lastIndex;
    OP.lastIndex = i;
    const op = OP.exec(text);
    if (!op) return { ok: false, error: `expected =, !=, =~ or !~ after ${name[0]}` };
    i = OP.lastIndex;
    const value = quoted(text, i);
    if (!value) return { ok: false, error: `expected a quoted value after ${name[0]}${op[1]}` };
    i = value.end;
    const matcher: LabelMatcher = { name: name[0], op: op[1] as MatchOp, value: value.value };
    if ((matcher.op === '=~' || matcher.op === '!~') && !regexOf(matcher.value))
      return { ok: false, error: `${name[0]}${op[1]}: not a valid regular expression` };
    matchers.push(matcher);
    if (matchers.length > MAX_MATCHERS) return { ok: false, error: `more than ${MAX_MATCHERS} matchers` };
    skip();
    if (i < text.length) {
      if (text[i] !== ',') return { ok: false, error: `expected "," at ${JSON.stringify(text.slice(i, i + 20))}` };
      i++;
      skip();
    }
  }
  if (matchers.length === 0) return { ok: false, error: 'no matcher (write e.g. {job="zookeeper"})' };
  // Prometheus refuses a selector that matches the empty string on every matcher (it selects everything).
  if (matchers.every((m) => matchValue(m, ''))) return { ok: false, error: 'at least one matcher must not match an empty label' };
  return { ok: true, matchers };
}

function matchValue(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return regexOf(m.value)?.test(value) ?? false;
    case '!~':
      return !(regexOf(m.value)?.test(value) ?? false);
  }
}

/** Whether every matcher holds for `labels` (a missing label reads as ""). */
export function matchesLabels(matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => matchValue(m, labels[m.name] ?? ''));
}

/** The matchers inside braces, for a query: `{job="zookeeper",member=~"a|b"}`. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',')}}`;
}

/** A regular expression that matches exactly these strings. */
export function exactAlternatives(values: readonly string[]): string {
  return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
