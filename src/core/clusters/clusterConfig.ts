import * as os from 'node:os';
import * as path from 'node:path';
import { parseConnectString } from '../connectString';
import type { TlsSettings } from '../tls/settings';
import { ControlSettings, controlSettingsSchema } from '../recovery/presets';
import { AlertmanagerSettings, PrometheusSettings, parseServiceSettings } from '../prometheus/settings';

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
   * Connect over TLS (secure client ports; the AdminServer over HTTPS). Paths are absolute or
   * start with `~/`; the key's passphrase lives in the secret storage, never here.
   */
  readonly tls?: ClusterTls;
  /**
   * How recovery starts, stops and restarts its members: a preset and/or command templates. Absent:
   * runbooks tell the user what to run where instead of running it.
   */
  readonly control?: ControlSettings;
  /**
   * The team's Prometheus: dashboard ranges beyond the local store and the team's alerting rules
   * and alerts. Its bearer token or basic auth lives in the secret storage, never here.
   */
  readonly prometheus?: PrometheusSettings;
  /** The team's Alertmanager: its alerts and silences for this cluster; "Silence 1 h" writes there. */
  readonly alertmanager?: AlertmanagerSettings;
}

/** The `tls` object of a cluster entry, as written in settings. */
export interface ClusterTls {
  /** PEM file of the CA that signed the servers' certificates; absent: the public CAs Node ships. */
  readonly ca?: string;
  /** PEM client certificate and key (mutual TLS). */
  readonly cert?: string;
  readonly key?: string;
  /** The name the certificates must carry, when not the hosts of the connect string. */
  readonly serverName?: string;
  /** Check the servers' certificates and names. Default true. */
  readonly verify?: boolean;
}

const TLS_PATH_KEYS = ['ca', 'cert', 'key'] as const;

/** Why a `tls` entry is not valid, or undefined. */
function tlsProblem(tls: unknown): string | undefined {
  if (!isRecord(tls)) return 'tls must be an object like {"ca": "/path/ca.pem"}';
  const known = new Set<string>([...TLS_PATH_KEYS, 'serverName', 'verify']);
  const unknown = Object.keys(tls).filter((k) => !known.has(k));
  if (unknown.some((k) => /pass/i.test(k))) return 'a TLS key passphrase does not belong in settings; use "ZooKeeper: Set Credentials"';
  if (unknown.length) return `tls has unknown key(s) ${unknown.join(', ')} (known: ${[...known].join(', ')})`;
  for (const key of TLS_PATH_KEYS) {
    const value = tls[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !(path.isAbsolute(value) || value.startsWith('~/')))
      return `tls.${key} must be an absolute file path (or start with ~/)`;
  }
  if ((tls['cert'] === undefined) !== (tls['key'] === undefined)) return 'tls.cert and tls.key go together (mutual TLS needs both)';
  if (tls['serverName'] !== undefined && (typeof tls['serverName'] !== 'string' || !/^[A-Za-z0-9.:_-]{1,253}$/.test(tls['serverName'])))
    return 'tls.serverName must be a host name or address';
  if (tls['verify'] !== undefined && typeof tls['verify'] !== 'boolean') return 'tls.verify must be true or false';
  return undefined;
}

/** The TLS settings of a cluster with `~/` expanded, or undefined for plain TCP. */
export function tlsSettingsOf(config: ClusterConfig, home = os.homedir()): TlsSettings | undefined {
  const tls = config.tls;
  if (!tls) return undefined;
  const file = (p: string | undefined): string | undefined => (p?.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  return {
    caFile: file(tls.ca),
    certFile: file(tls.cert),
    keyFile: file(tls.key),
    serverName: tls.serverName,
    verify: tls.verify !== false,
  };
}

export type ClusterConfigResult = { ok: true; config: ClusterConfig } | { ok: false; error: string };

/** A readable, stable id: lower-case name with anything unusual replaced. */
export function clusterId(name: string): string {
  return (
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'cluster'
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one raw settings entry; the error says which field is wrong and why. */
export function parseClusterConfig(raw: unknown, index = 0, setting = 'zookeeper.clusters'): ClusterConfigResult {
  const where = `${setting}[${index}]`;
  if (!isRecord(raw)) return { ok: false, error: `${where} must be an object with name and connectString` };
  const { name, connectString, readOnly, refresh, adminPorts, monitor, tls, control, prometheus, alertmanager } = raw;
  if (typeof name !== 'string' || !name.trim()) return { ok: false, error: `${where}.name must be a non-empty string` };
  if (typeof connectString !== 'string' || !connectString.trim()) {
    return { ok: false, error: `${where} (${name}): connectString must be a non-empty string like 127.0.0.1:2181` };
  }
  if (readOnly !== undefined && typeof readOnly !== 'boolean')
    return { ok: false, error: `${where} (${name}): readOnly must be true or false` };
  if (refresh !== undefined && refresh !== 'watch' && refresh !== 'manual') {
    return { ok: false, error: `${where} (${name}): refresh must be "watch" or "manual"` };
  }
  const isPort = (p: unknown): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
  if (adminPorts !== undefined && !isPort(adminPorts) && !(Array.isArray(adminPorts) && adminPorts.every((p) => p === null || isPort(p)))) {
    return {
      ok: false,
      error: `${where} (${name}): adminPorts must be a port (1-65535) or a list of ports or nulls in connect-string order`,
    };
  }
  if (monitor !== undefined && typeof monitor !== 'boolean')
    return { ok: false, error: `${where} (${name}): monitor must be true or false` };
  const tlsError = tls === undefined ? undefined : tlsProblem(tls);
  if (tlsError) return { ok: false, error: `${where} (${name}): ${tlsError}` };
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
  const services: { prometheus?: PrometheusSettings; alertmanager?: AlertmanagerSettings } = {};
  if (prometheus !== undefined) {
    const result = parseServiceSettings<PrometheusSettings>('prometheus', prometheus);
    if (!result.ok) return { ok: false, error: `${where} (${name}): ${result.error}` };
    services.prometheus = result.value;
  }
  if (alertmanager !== undefined) {
    const result = parseServiceSettings<AlertmanagerSettings>('alertmanager', alertmanager);
    if (!result.ok) return { ok: false, error: `${where} (${name}): ${result.error}` };
    services.alertmanager = result.value;
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
      ...(tls !== undefined ? { tls: tls as ClusterTls } : {}),
      ...(parsedControl !== undefined ? { control: parsedControl } : {}),
      ...services,
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
    else if (clusters.some((c) => c.id === result.config.id))
      errors.push(`${setting}[${i}]: a cluster named "${result.config.name}" already exists`);
    else clusters.push(result.config);
  });
  return { clusters, errors };
}

/** The settings form of a cluster (no id: it is derived from the name). */
export function toSettingsEntry(config: ClusterConfig): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: config.name,
    connectString: config.connectString,
    readOnly: config.readOnly,
    refresh: config.refresh,
  };
  if (config.adminPorts !== undefined) entry.adminPorts = config.adminPorts;
  if (config.monitor !== undefined) entry.monitor = config.monitor;
  if (config.tls !== undefined) entry.tls = config.tls;
  if (config.control !== undefined) entry.control = config.control;
  if (config.prometheus !== undefined) entry.prometheus = config.prometheus;
  if (config.alertmanager !== undefined) entry.alertmanager = config.alertmanager;
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
