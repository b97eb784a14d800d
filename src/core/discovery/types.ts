import type { Range } from '../config/text';

/** Which kind of configuration named the connect string. */
export type SourceKind = 'zoo.cfg' | 'kafka' | 'spring' | 'dubbo' | 'hbase' | 'hadoop' | 'solr' | 'clickhouse' | 'docker-compose' | 'env';

/** A human name for each source kind, for lenses, offers and reports. */
export const SOURCE_LABELS: Readonly<Record<SourceKind, string>> = {
  'zoo.cfg': 'zoo.cfg',
  kafka: 'Kafka',
  spring: 'Spring Cloud Zookeeper',
  dubbo: 'Dubbo',
  hbase: 'HBase',
  hadoop: 'Hadoop',
  solr: 'Solr',
  clickhouse: 'ClickHouse',
  'docker-compose': 'docker-compose',
  env: '.env',
};

/**
 * One connect string found in a workspace file. Ranges are zero-based lines and UTF-16 columns
 * (the LSP convention of src/core/config), covering the text the string was read from.
 */
export interface FoundConnectString {
  /** The file's path exactly as the caller gave it. */
  readonly file: string;
  readonly range: Range;
  readonly source: SourceKind;
  /** The setting, variable or element that names it, e.g. `zookeeper.connect`, `ZOO_SERVERS`. */
  readonly key: string;
  /** `host:port[,host:port…][/chroot]` as a client would use it; placeholders kept verbatim. */
  readonly connectString: string;
  /** `${ZK_HOSTS}`-style references in it, in order. Non-empty: it cannot be used as it stands. */
  readonly placeholders: readonly string[];
  /** Why it cannot be used (the connect-string validator's message); absent when it can. */
  readonly error?: string;
}

/** A found string a client could connect to as it stands: no placeholder, no error. */
export function isUsable(found: FoundConnectString): boolean {
  return found.placeholders.length === 0 && found.error === undefined;
}
