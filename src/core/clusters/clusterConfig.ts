import { parseConnectString } from '../connectString';
import { ControlSettings, controlSettingsSchema } from '../recovery/presets';

/**
 * A cluster the user works with, as stored in the `zookeeper.clusters` setting. Credentials are
 * deliberately absent: they live in the editor's secret storage, keyed by `id`.
 */
export interface ClusterConfig {
  /** Stable id derived from the name; keys secrets, tree item ids and state. */
  readonly id: string;
  readonly name: string;
  /** `host:port[,host:port…][/chroot]`. */
  readonly connectString: string;
  /** Browse without fear: every write is refused before it reaches the server. */
  readonly readOnly: boolean;
  /** `watch` refreshes the tree from ZooKeeper watches; `manual` only on request. */
  readonly refresh: 'watch' | 'manual';
  /**
   * AdminServer ports in connect-string order (`null`: do not ask), or one port for every member.
   * Absent: the probe tries 8080 and uses it only when it serves that member.
   */
  readonly adminPorts?: readonly (number | null)[] | number;
  /**
   * Poll its health in the background. Absent: only while it is the active cluster; `false`:
   * never, not even when active.
   */
  readonly monitor?: boolean;
  /**
   * How recovery starts, stops and restarts its members: a preset and/or command templates. Absent:
   * runbooks tell the user what to run where instead of running it.
   */
  readonly control?: ControlSettings;
}

export type ClusterConfigResult = { ok: true; config: ClusterConfig } | { ok: false; error: string };

/** A readable, stable id: lower-case name with anything unusual replaced. */
export function clusterId(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'cluster';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one raw settings entry; the error says which field is wrong and why. */
export function parseClusterConfig(raw: unknown, index = 0, setting = 'zookeeper.clusters'): ClusterConfigResult {
  const where = `${setting}[${index}]`;
  if (!isRecord(raw)) return { ok: false, error: `${where} must be an object with name and connectString` };
  const { name, connectString, readOnly, refresh, adminPorts, monitor, control } = raw;
  if (typeof name !== 'string' || !name.trim()) return { ok: false, error: `${where}.name must be a non-empty string` };
  if (typeof connectString !== 'string' || !connectString.trim()) {
    return { ok: false, error: `${where} (${name}): connectString must be a non-empty string like 127.0.0.1:2181` };
  }
  if (readOnly !== undefined && typeof readOnly !== 'boolean') return { ok: false, error: `${where} (${name}): readOnly must be true or false` };
  if (refresh !== undefined && refresh !== 'watch' && refresh !== 'manual') {
    return { ok: false, error: `${where} (${name}): refresh must be "watch" or "manual"` };
  }
  const isPort = (p: unknown): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
  if (adminPorts !== undefined && !isPort(adminPorts) && !(Array.isArray(adminPorts) && adminPorts.every((p) => p === null || isPort(p)))) {
    return { ok: false, error: `${where} (${name}): adminPorts must be a port (1-65535) or a list of ports or nulls in connect-string order` };
  }
  if (monitor !== undefined && typeof monitor !== 'boolean') return { ok: false, error: `${where} (${name}): monitor must be true or false` };
  if ('password' in raw || 'auth' in raw || 'credentials' in raw) {
    return { ok: false, error: `${where} (${name}): credentials do not belong in settings; use "ZooKeeper: Set Credentials"` };
  }
  let parsedControl: ControlSettings | undefined;
  if (control !== undefined) {
    const result = controlSettingsSchema.safeParse(control);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${['control', ...i.path].join('.')}: ${i.message}`).join('; ');
      return { ok: false, error: `${where} (${name}): ${problems}` };
    }
    parsedControl = result.data;
  }
  return {
    ok: true,
    config: {
      id: clusterId(name),
      name: name.trim(),
      connectString: connectString.trim(),
      readOnly: readOnly ?? false,
      refresh: refresh ?? 'watch',
      ...(adminPorts !== undefined ? { adminPorts: adminPorts as ClusterConfig['adminPorts'] } : {}),
      ...(monitor !== undefined ? { monitor } : {}),
      ...(parsedControl !== undefined ? { control: parsedControl } : {}),
    },
  };
}

/**
 * Parses the whole setting (`setting` names it in errors): valid clusters (first of each id wins)
 * and one error per bad entry.
 */
export function parseClusterList(raw: unknown, setting = 'zookeeper.clusters'): { clusters: ClusterConfig[]; errors: string[] } {
  const clusters: ClusterConfig[] = [];
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { clusters, errors };
  if (!Array.isArray(raw)) return { clusters, errors: [`${setting} must be an array`] };
  raw.forEach((entry, i) => {
    const result = parseClusterConfig(entry, i, setting);
    if (!result.ok) errors.push(result.error);
    else if (clusters.some((c) => c.id === result.config.id)) errors.push(`${setting}[${i}]: a cluster named "${result.config.name}" already exists`);
    else clusters.push(result.config);
  });
  return { clusters, errors };
}

/** The settings form of a cluster (no id: it is derived from the name). */
export function toSettingsEntry(config: ClusterConfig): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: config.name, connectString: config.connectString, readOnly: config.readOnly, refresh: config.refresh };
  if (config.adminPorts !== undefined) entry.adminPorts = config.adminPorts;
  if (config.monitor !== undefined) entry.monitor = config.monitor;
  if (config.control !== undefined) entry.control = config.control;
  return entry;
}

/**
 * The AdminServer ports to probe, one per member of the connect string; undefined leaves the
 * probe's default. A list of the wrong length is padded with "do not ask" rather than guessed.
 */
export function adminPortsFor(config: ClusterConfig): (number | null)[] | undefined {
  const ports = config.adminPorts;
  if (ports === undefined) return undefined;
  let memberCount: number;
  try {
    memberCount = parseConnectString(config.connectString).servers.length;
  } catch {
    return undefined; // the connect string's own error is reported where it is used
  }
  if (typeof ports === 'number') return Array.from({ length: memberCount }, () => ports);
  return Array.from({ length: memberCount }, (_, i) => ports[i] ?? null);
}
