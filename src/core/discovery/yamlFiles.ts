import { Node, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { draftFromVariable } from './envFiles';
import type { Draft } from './found';
import { LineIndex } from './offsets';
import { Setting, draftsFromSettings } from './settings';

interface Variable {
  readonly name: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The source offsets of a scalar's value, without quotes. */
function valueOffsets(node: Node): [number, number] | undefined {
  const r = node.range;
  return r ? [r[0], r[1]] : undefined;
}

/** A compose service's `environment:`, as a map (`KEY: value`) or a list (`- KEY=value`). */
function environmentOf(node: unknown): Variable[] {
  const out: Variable[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      const name = scalarText(pair.key);
      const value = scalarText(pair.value);
      const at = isScalar(pair.value) ? valueOffsets(pair.value) : undefined;
      if (name !== undefined && value !== undefined && at) out.push({ name, value, start: at[0], end: at[1] });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const text = scalarText(item);
      const at = isScalar(item) ? valueOffsets(item) : undefined;
      const eq = text?.indexOf('=') ?? -1;
      if (text === undefined || !at || eq <= 0) continue;
      // The value starts after `KEY=` (and the opening quote of a quoted item).
      const quoted = isScalar(item) && (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE') ? 1 : 0;
      out.push({ name: text.slice(0, eq), value: text.slice(eq + 1), start: at[0] + quoted + eq + 1, end: at[1] - quoted });
    }
  }
  return out;
}

/**
 * YAML files: Spring's application.yml (nested or dotted keys, relaxed names), Dubbo, and
 * docker-compose's `services.*.environment`. Parsed with the `yaml` package, which keeps each
 * node's source offsets; a file with syntax errors yields whatever it could read, never a throw.
 */
export function scanYaml(text: string): Draft[] {
  const lines = new LineIndex(text);
  let settings: Setting[] = [];
  const drafts: Draft[] = [];
  const walk = (node: unknown, path: readonly string[]): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = scalarText(pair.key);
      if (key === undefined) continue;
      const here = [...path, key];
      if (here.length === 3 && here[0] === 'services' && here[2] === 'environment') {
        const vars = environmentOf(pair.value);
        const env = new Map(vars.map((v) => [v.name, v.value]));
        for (const v of vars) {
          const draft = draftFromVariable(v.name, v.value, lines.trimmedRange(v.start, v.end), 'docker-compose', env);
          if (draft) drafts.push(draft);
        }
        continue;
      }
      const value = scalarText(pair.value);
      const at = isScalar(pair.value) ? valueOffsets(pair.value) : undefined;
      if (value !== undefined && at) settings.push({ key: here.join('.'), value, range: lines.trimmedRange(at[0], at[1]) });
      else if (here.length < 32) walk(pair.value, here); // bounded depth: a config is never this deep
    }
  };
  // Each document of a multi-document file (Spring profiles) is a configuration of its own.
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    settings = [];
    walk(doc.contents, []);
    drafts.push(...draftsFromSettings(settings));
  }
  return drafts;
}
