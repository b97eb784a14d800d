import type { Category, KeySpec, Source, ValueType } from './types';

type Extra = Omit<KeySpec, 'key' | 'type' | 'category' | 'source' | 'description'>;

/** Shorthand for one schema entry; keeps the tables readable. */
export function key(name: string, type: ValueType, category: Category, source: Source, description: string, extra: Extra = {}): KeySpec {
  return { key: name, type, category, source, description, ...extra };
}

/** A setting ZooKeeper reads only as the system property `zookeeper.<name>`. */
export function prop(name: string, type: ValueType, category: Category, description: string, extra: Extra = {}): KeySpec {
  return key(name, type, category, 'sysprop', description, { sysProp: `zookeeper.${name}`, ...extra });
}

/** A setting QuorumPeerConfig parses itself. */
export function cfg(name: string, type: ValueType, category: Category, description: string, extra: Extra = {}): KeySpec {
  return key(name, type, category, 'config', description, extra);
}
