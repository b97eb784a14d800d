/**
 * The shape of one documented zoo.cfg key. Facts come from the ZooKeeper Administrator's Guide and
 * QuorumPeerConfig for 3.5–3.9; descriptions are our own words.
 */

/** How a value is read. */
export type ValueType =
  /** Integer.parseInt / Long.parseLong: a plain decimal number, no units. */
  | 'int'
  /** A decimal number that may have a fraction (drop probabilities, ratios). */
  | 'float'
  /** true/false; `strict` keys are parsed by QuorumPeerConfig and refuse anything else. */
  | 'boolean'
  /** ZooKeeper compares the text with "yes"/"no" (skipACL, forceSync, leaderServes). */
  | 'yesno'
  | 'port'
  /** A host name or IP address without a port. */
  | 'address'
  | 'path'
  | 'enum'
  | 'string'
  /** A Java class name. */
  | 'class'
  /** The four-letter-word whitelist: comma-separated words or `*`. */
  | 'fourLetterWords'
  /** Comma-separated free words. */
  | 'list';

/** What a number counts, so messages and quick fixes can speak in units. */
export type Unit = 'ms' | 's' | 'ticks' | 'hours' | 'KB' | 'bytes' | 'count';

export type Category =
  | 'basic'
  | 'storage'
  | 'cluster'
  | 'sessions'
  | 'security'
  | 'tls'
  | 'sasl'
  | 'admin'
  | 'metrics'
  | 'throttling'
  | 'performance'
  | 'watches'
  | 'observability'
  | 'unsafe'
  | 'experimental';

/** Where ZooKeeper reads the key from, which decides whether a zoo.cfg line has any effect. */
export type Source =
  /** Parsed by QuorumPeerConfig itself. */
  | 'config'
  /** Not parsed, but every unknown zoo.cfg key becomes the system property `zookeeper.<key>`. */
  | 'sysprop'
  /** A system property without the `zookeeper.` prefix: a zoo.cfg line cannot set it. */
  | 'jvm';

export interface KeySpec {
  /** The spelling that works in zoo.cfg. */
  readonly key: string;
  readonly type: ValueType;
  readonly category: Category;
  readonly source: Source;
  readonly description: string;
  /** Default as text, in the value's own units; absent when it depends on the machine. */
  readonly default?: string;
  /** How the default is derived when it is not a constant (e.g. "2 × tickTime"). */
  readonly defaultNote?: string;
  readonly unit?: Unit;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** Accept enum values regardless of case (ZooKeeper lower-cases some). */
  readonly caseInsensitive?: boolean;
  /** For booleans: QuorumPeerConfig refuses anything but true/false. */
  readonly strict?: boolean;
  /** The Java system property that carries the same setting. */
  readonly sysProp?: string;
  /**
   * The name the Administrator's Guide uses when it differs from `key`. A zoo.cfg line with that
   * name becomes `zookeeper.<docName>`, which ZooKeeper never reads.
   */
  readonly docName?: string;
  /** First release that knows the key, e.g. "3.6.0". */
  readonly since?: string;
  /** Release that no longer reads it. */
  readonly removedIn?: string;
  /** Why the key should not be used any more, and what replaces it. */
  readonly deprecated?: string;
  /** Only allowed in a dynamic config file (server.N, group.N, weight.N). */
  readonly dynamic?: boolean;
}

/** Keys whose name carries a parameter: server.N, group.N, weight.N, authProvider.N, ... */
export interface PatternSpec extends KeySpec {
  readonly pattern: RegExp;
  /** What completion inserts, e.g. "server.${1:1}". */
  readonly snippet: string;
}
