import { Entry, ParsedConfig, parseConfig } from './parser';
import { ServerLine, parseServerLine } from './serverLine';

/** A static zoo.cfg, or a dynamic file (zoo.cfg.dynamic.*) that may hold only membership lines. */
export type ConfigKind = 'static' | 'dynamic';

/**
 * A parsed config with the lookups rules need. Java Properties keeps the last of duplicate keys,
 * so `get` answers with the last occurrence, as ZooKeeper would see it.
 */
export class ConfigModel {
  private readonly byKey = new Map<string, Entry[]>();
  readonly servers: readonly ServerLine[];

  constructor(
    readonly parsed: ParsedConfig,
    readonly kind: ConfigKind,
    /** Membership lines from the dynamic file that a static file points to, if it was read. */
    readonly companionServers: readonly ServerLine[] = [],
  ) {
    for (const entry of parsed.entries) {
      const list = this.byKey.get(entry.key);
      if (list) list.push(entry);
      else this.byKey.set(entry.key, [entry]);
    }
    this.servers = this.effective()
      .filter((e) => e.key.startsWith('server.'))
      .map(parseServerLine);
  }

  get entries(): readonly Entry[] {
    return this.parsed.entries;
  }

  /** Every occurrence of a key, in file order. */
  all(key: string): readonly Entry[] {
    return this.byKey.get(key) ?? [];
  }

  /** The occurrence ZooKeeper uses (the last one). */
  get(key: string): Entry | undefined {
    const list = this.byKey.get(key);
    return list?.[list.length - 1];
  }

  value(key: string): string | undefined {
    return this.get(key)?.value;
  }

  /** A key's value as an integer when it is a valid one. */
  int(key: string): number | undefined {
    const v = this.value(key);
    return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
  }

  /** A boolean as Boolean.parseBoolean reads it; undefined when the key is absent. */
  bool(key: string): boolean | undefined {
    const v = this.value(key);
    return v === undefined ? undefined : v.toLowerCase() === 'true';
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** One entry per key: the last occurrence, in file order. */
  effective(): Entry[] {
    return this.parsed.entries.filter((e) => this.get(e.key) === e);
  }

  /** Membership as ZooKeeper will run it: this file's server lines, or the dynamic file's. */
  get membership(): readonly ServerLine[] {
    return this.servers.length ? this.servers : this.companionServers;
  }

  get tickTime(): number {
    const t = this.int('tickTime');
    return t !== undefined && t > 0 ? t : 3000;
  }

  /** Whether this server would run as a quorum peer rather than standalone. */
  get distributed(): boolean {
    const voters = this.membership.filter((s) => s.role === 'participant').length;
    const standalone = this.bool('standaloneEnabled') ?? true;
    return this.membership.length > 0 && (!standalone || voters > 1);
  }

  get adminServerEnabled(): boolean {
    return this.bool('admin.enableServer') ?? true;
  }
}

/** `zoo.cfg.dynamic.100000000`, `zoo.cfg.dynamic.next`, `x.cfg.dynamic` are dynamic files. */
export function kindFromFileName(fileName: string): ConfigKind {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /\.dynamic(\.[^.]*)?$/.test(base) ? 'dynamic' : 'static';
}

export function buildModel(text: string, kind: ConfigKind, companionText?: string): ConfigModel {
  const companion = companionText !== undefined ? new ConfigModel(parseConfig(companionText), 'dynamic').servers : [];
  return new ConfigModel(parseConfig(text), kind, companion);
}
