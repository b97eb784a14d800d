import type { SourceKind } from './types';

/** How a setting's value becomes a connect string. */
export type ValueForm =
  /** Already `host:port,…[/chroot]`. */
  | 'connect'
  /** Hosts whose port may live in another setting (HBase's quorum + clientPort). */
  | 'quorum'
  /** `zookeeper://host:port?backup=host:port,…` (Dubbo's registry URL). */
  | 'registry-url';

export interface KeySpec {
  readonly key: string;
  readonly source: SourceKind;
  readonly form: ValueForm;
  /** For `quorum`: the setting that holds the client port. */
  readonly portKey?: string;
  /** For `quorum`: the port the program uses when `portKey` is absent (its documented default). */
  readonly defaultPort?: string;
}

/**
 * Settings (properties files, YAML, Hadoop-style XML) that name a ZooKeeper ensemble. Matched
 * after `normalizeKey`, so Spring's relaxed forms (`connectString`, `connect_string`) match too.
 */
export const SETTING_KEYS: readonly KeySpec[] = [
  { key: 'zookeeper.connect', source: 'kafka', form: 'connect' },
  { key: 'spring.cloud.zookeeper.connect-string', source: 'spring', form: 'connect' },
  { key: 'dubbo.registry.address', source: 'dubbo', form: 'registry-url' },
  // hbase-default.xml: hbase.zookeeper.property.clientPort defaults to 2181.
  { key: 'hbase.zookeeper.quorum', source: 'hbase', form: 'quorum', portKey: 'hbase.zookeeper.property.clientPort', defaultPort: '2181' },
  { key: 'ha.zookeeper.quorum', source: 'hadoop', form: 'connect' },
  { key: 'zkHost', source: 'solr', form: 'connect' },
  { key: 'spring.data.solr.zk-host', source: 'solr', form: 'connect' },
];

/** Lower case without `-` and `_`: Spring's relaxed binding, harmless for the other keys. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

const BY_KEY = new Map(SETTING_KEYS.map((k) => [normalizeKey(k.key), k]));

export function settingSpec(key: string): KeySpec | undefined {
  return BY_KEY.get(normalizeKey(key));
}

/** Environment variables (docker-compose, .env, solr.in.sh) that name an ensemble. */
export interface EnvSpec {
  readonly name: string;
  /** `server-lines`: the official image's `server.1=host:2888:3888;2181 server.2=…`. */
  readonly form: 'connect' | 'server-lines';
}

export const ENV_KEYS: readonly EnvSpec[] = [
  { name: 'ZOO_SERVERS', form: 'server-lines' },
  { name: 'ZOOKEEPER_CONNECT', form: 'connect' },
  { name: 'KAFKA_ZOOKEEPER_CONNECT', form: 'connect' },
  { name: 'KAFKA_CFG_ZOOKEEPER_CONNECT', form: 'connect' },
  { name: 'SPRING_CLOUD_ZOOKEEPER_CONNECT_STRING', form: 'connect' },
  { name: 'ZK_HOST', form: 'connect' },
];

const ENV_BY_NAME = new Map(ENV_KEYS.map((k) => [k.name, k]));

export function envSpec(name: string): EnvSpec | undefined {
  return ENV_BY_NAME.get(name);
}

/**
 * Dubbo's registry URL: `zookeeper://h1:2181?backup=h2:2181,h3:2181` → `h1:2181,h2:2181,h3:2181`.
 * Undefined when it is not a ZooKeeper registry (nacos://, multicast://…).
 */
export function fromRegistryUrl(value: string): string | undefined {
  const match = /^\s*zookeeper:\/\/([^?#]*)(\?[^#]*)?/i.exec(value);
  if (!match) return undefined;
  const primary = match[1]!.replace(/\/+$/, '');
  const backup = new URLSearchParams(match[2] ?? '').get('backup');
  return backup ? `${primary},${backup}` : primary;
}
