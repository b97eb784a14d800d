import * as vscode from 'vscode';
import { DEFAULT_CAPS, ScanCaps } from '../../core/discovery';

export const DISCOVERY_SECTION = 'zookeeper.discovery';

export interface DiscoverySettings {
  readonly enabled: boolean;
  readonly caps: ScanCaps;
}

const positive = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);

export function readDiscoverySettings(): DiscoverySettings {
  const c = vscode.workspace.getConfiguration(DISCOVERY_SECTION);
  return {
    enabled: c.get<boolean>('enabled', true) !== false,
    caps: {
      maxFiles: Math.floor(positive(c.get('maxFiles'), DEFAULT_CAPS.maxFiles)),
      maxFileBytes: Math.floor(positive(c.get('maxFileSizeKb'), DEFAULT_CAPS.maxFileBytes / 1024) * 1024),
    },
  };
}

/** Expands one level of `{a,b}` groups: VS Code's glob cannot nest them inside our own group. */
function expandBraces(pattern: string, budget = 64): string[] {
  const open = pattern.indexOf('{');
  const close = open < 0 ? -1 : pattern.indexOf('}', open);
  if (open < 0 || close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const out: string[] = [];
  for (const choice of pattern.slice(open + 1, close).split(',')) {
    for (const p of expandBraces(head + choice + tail, budget)) if (out.length < budget) out.push(p);
  }
  return out;
}

/**
 * One exclude glob for `workspace.findFiles` made of `files.exclude` and `search.exclude`: passing
 * any exclude turns off findFiles' own use of files.exclude, so both go in. Conditional entries
 * (`{ "when": … }`) are left out: they hide files only next to a sibling, which a glob cannot say.
 */
export function excludeGlob(): string | undefined {
  const patterns = new Set<string>();
  for (const section of ['files.exclude', 'search.exclude']) {
    const map = vscode.workspace.getConfiguration().get<Record<string, unknown>>(section) ?? {};
    for (const [pattern, on] of Object.entries(map)) {
      if (on === true) for (const p of expandBraces(pattern)) patterns.add(p.replace(/,/g, '\\,'));
    }
  }
  if (patterns.size === 0) return undefined;
  return `{${[...patterns].join(',')}}`;
}
