import { basicKeys } from './basic';
import { clusterKeys, membershipPatterns } from './cluster';
import { metricsPatterns, observabilityKeys, throttlingKeys, tuningKeys } from './operations';
import { securityKeys, securityPatterns, tlsStoreKeys } from './security';
import type { KeySpec, PatternSpec } from './types';

export type { Category, KeySpec, PatternSpec, Source, Unit, ValueType } from './types';

/** Every documented fixed key, in the order completion lists them. */
export const ALL_KEYS: readonly KeySpec[] = [
  ...basicKeys,
  ...clusterKeys,
  ...securityKeys,
  ...tlsStoreKeys,
  ...observabilityKeys,
  ...throttlingKeys,
  ...tuningKeys,
];

/** Keys with a parameter in their name; membership first so server.N wins. */
export const PATTERN_KEYS: readonly PatternSpec[] = [...membershipPatterns, ...securityPatterns, ...metricsPatterns];

const byName = new Map<string, KeySpec>(ALL_KEYS.map((k) => [k.key, k]));
const byDocName = new Map<string, KeySpec>(ALL_KEYS.filter((k) => k.docName).map((k) => [k.docName!, k]));
const byLowerName = new Map<string, KeySpec>(ALL_KEYS.map((k) => [k.key.toLowerCase(), k]));

/** What a key on a zoo.cfg line turns out to be. */
export type KeyMatch =
  | { readonly kind: 'exact'; readonly spec: KeySpec }
  | { readonly kind: 'pattern'; readonly spec: PatternSpec; readonly param: string }
  /** The Administrator's Guide name of a setting that zoo.cfg must spell differently. */
  | { readonly kind: 'docName'; readonly spec: KeySpec }
  /** `zookeeper.<key>`: becomes `zookeeper.zookeeper.<key>` and is never read. */
  | { readonly kind: 'prefixed'; readonly spec: KeySpec }
  /** Right name, wrong letter case: Java properties are case-sensitive. */
  | { readonly kind: 'case'; readonly spec: KeySpec }
  | { readonly kind: 'unknown' };

export function lookupKey(name: string): KeyMatch {
  const exact = byName.get(name);
  if (exact) return { kind: 'exact', spec: exact };
  for (const spec of PATTERN_KEYS) {
    const m = spec.pattern.exec(name);
    if (m) return { kind: 'pattern', spec, param: m[1] ?? '' };
  }
  const doc = byDocName.get(name);
  if (doc) return { kind: 'docName', spec: doc };
  if (name.startsWith('zookeeper.')) {
    const inner = lookupKey(name.slice('zookeeper.'.length));
    if (inner.kind === 'exact' || inner.kind === 'docName') return { kind: 'prefixed', spec: inner.spec };
  }
  const lower = byLowerName.get(name.toLowerCase());
  if (lower) return { kind: 'case', spec: lower };
  return { kind: 'unknown' };
}

/** The spec for a key name when it is a real zoo.cfg key (exact or pattern), else undefined. */
export function specFor(name: string): KeySpec | undefined {
  const match = lookupKey(name);
  return match.kind === 'exact' || match.kind === 'pattern' ? match.spec : undefined;
}

/** Names offered by completion and "did you mean": fixed keys plus the Guide's names. */
export function knownNames(): string[] {
  return [...byName.keys()];
}

/** Four-letter words known to FourLetterCommands in 3.5–3.9. */
export const FOUR_LETTER_WORDS: Readonly<Record<string, string>> = {
  conf: 'serving configuration',
  cons: 'connections and sessions of every client',
  crst: 'reset connection statistics',
  dirs: 'sizes of snapshots and logs (3.5.1+)',
  dump: 'outstanding sessions and ephemeral nodes (leader)',
  envi: 'serving environment',
  gtmk: 'get the trace mask',
  hash: 'digest history of the data tree (3.6.0+)',
  isro: 'read-only mode or not',
  mntr: 'monitoring metrics, key/value per line',
  ruok: 'liveness: answers imok (says nothing about quorum)',
  srst: 'reset server statistics',
  srvr: 'server details, mode and zxid (always allowed)',
  stat: 'server details and connected clients',
  stmk: 'set the trace mask',
  wchc: 'watches by session (expensive)',
  wchp: 'watches by path (expensive)',
  wchs: 'watch summary',
};
