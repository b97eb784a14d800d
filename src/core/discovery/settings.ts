import { Draft, quorumWithPort } from './found';
import { KeySpec, fromRegistryUrl, normalizeKey, settingSpec } from './keys';
import type { Range } from '../config/text';

/** One `key = value` setting as a reader saw it, in any of the formats that carry settings. */
export interface Setting {
  readonly key: string;
  readonly value: string;
  readonly range: Range;
}

/**
 * The connect strings a file's settings name, by the table in keys.ts. Works the same for
 * properties, YAML and Hadoop-style XML, so the three agree on every key.
 */
export function draftsFromSettings(settings: readonly Setting[]): Draft[] {
  const byKey = new Map<string, Setting>();
  for (const s of settings) byKey.set(normalizeKey(s.key), s); // the last occurrence wins, as in Properties
  const drafts: Draft[] = [];
  for (const setting of settings) {
    const spec = settingSpec(setting.key);
    if (!spec || byKey.get(normalizeKey(setting.key)) !== setting) continue;
    const connectString = connectStringOf(spec, setting.value, byKey);
    if (connectString === undefined) continue;
    drafts.push({ range: setting.range, source: spec.source, key: spec.key, connectString });
  }
  return drafts;
}

function connectStringOf(spec: KeySpec, value: string, byKey: ReadonlyMap<string, Setting>): string | undefined {
  switch (spec.form) {
    case 'connect':
      return value;
    case 'quorum': {
      const port = spec.portKey ? (byKey.get(normalizeKey(spec.portKey))?.value ?? spec.defaultPort) : spec.defaultPort;
      return quorumWithPort(value, port);
    }
    case 'registry-url': {
      const fromUrl = fromRegistryUrl(value);
      if (fromUrl !== undefined) return fromUrl;
      // A bare address is a ZooKeeper registry only when the protocol says so.
      const protocol = byKey.get(normalizeKey('dubbo.registry.protocol'))?.value.trim().toLowerCase();
      return protocol === 'zookeeper' && !value.includes('://') ? value : undefined;
    }
  }
}
