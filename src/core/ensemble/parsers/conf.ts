import { Parsed, dictionary, excerpt, replyProblemOf, unparseable } from '../outcome';
import { integerOf, jsonNumber, jsonString, linesOf } from './values';

/** One `server.N=` line of conf's `membership:` section (3.5+). */
export interface ConfMember {
  readonly id: number;
  /** Host of the first quorum address, without IPv6 brackets. */
  readonly host: string;
  readonly quorumPort: number | null;
  readonly electionPort: number | null;
  /** `participant`, `observer`, or null when the line names none (3.4 style). */
  readonly role: string | null;
  /** The `;host:port` client address of reconfig-style lines. */
  readonly clientAddress: string | null;
  /** The text after `=`, verbatim. */
  readonly spec: string;
}

/** What `conf` (4lw) or `configuration` (AdminServer) report. */
export interface ServerConf {
  readonly clientPort: number | null;
  readonly secureClientPort: number | null;
  readonly dataDir: string | null;
  readonly dataLogDir: string | null;
  readonly tickTime: number | null;
  readonly maxClientCnxns: number | null;
  readonly minSessionTimeout: number | null;
  readonly maxSessionTimeout: number | null;
  /** myid; 0 on a standalone server. */
  readonly serverId: number | null;
  readonly initLimit: number | null;
  readonly syncLimit: number | null;
  /** Empty on 3.4, on standalone servers and from the AdminServer. */
  readonly membership: readonly ConfMember[];
  /** The `version=` of the dynamic config (hex, 3.5+). */
  readonly configVersion: string | null;
  /** Every `key=value` line outside the membership section, verbatim. */
  readonly values: Readonly<Record<string, string>>;
}

function splitHostPorts(text: string): { host: string; ports: string[] } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close > 0)
      return {
        host: text.slice(1, close),
        ports: text
          .slice(close + 1)
          .split(':')
          .slice(1),
      };
  }
  const [host = '', ...ports] = text.split(':');
  return { host, ports };
}

/** Parses `server.N=host:quorum:election[:role][;clientHost:clientPort]` (3.6+ may list `|` alternatives). */
export function parseServerLine(key: string, spec: string): ConfMember | undefined {
  const id = integerOf(key.slice('server.'.length));
  if (id === null) return undefined;
  const semicolon = spec.indexOf(';');
  const serverPart = (semicolon < 0 ? spec : spec.slice(0, semicolon)).split('|')[0]!.trim();
  const { host, ports } = splitHostPorts(serverPart);
  if (host === '') return undefined;
  const last = ports[ports.length - 1];
  const role = last !== undefined && integerOf(last) === null ? last : null;
  return {
    id,
    host,
    quorumPort: integerOf(ports[0]),
    electionPort: integerOf(ports[1]),
    role,
    clientAddress: semicolon < 0 ? null : spec.slice(semicolon + 1).trim() || null,
    spec,
  };
}

/** Parses the reply to `conf`. */
export function parseConf(text: string): Parsed<ServerConf> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  const values = dictionary<string>();
  const membership: ConfMember[] = [];
  let configVersion: string | null = null;
  for (const line of linesOf(text)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key.startsWith('server.')) {
      const member = parseServerLine(key, value);
      if (member) membership.push(member);
    } else if (key === 'version') {
      configVersion = value;
    } else {
      values[key] = value;
    }
  }
  if (Object.keys(values).length === 0 && membership.length === 0) {
    return unparseable(text.trim() === '' ? 'empty conf reply' : `not a conf reply: "${excerpt(text)}"`);
  }
  return {
    status: 'ok',
    value: {
      clientPort: integerOf(values['clientPort']),
      secureClientPort: integerOf(values['secureClientPort']),
      dataDir: values['dataDir'] ?? null,
      dataLogDir: values['dataLogDir'] ?? null,
      tickTime: integerOf(values['tickTime']),
      maxClientCnxns: integerOf(values['maxClientCnxns']),
      minSessionTimeout: integerOf(values['minSessionTimeout']),
      maxSessionTimeout: integerOf(values['maxSessionTimeout']),
      serverId: integerOf(values['serverId']),
      initLimit: integerOf(values['initLimit']),
      syncLimit: integerOf(values['syncLimit']),
      membership,
      configVersion,
      values,
    },
  };
}

/** Maps AdminServer `configuration` (snake_case keys, no membership). */
export function confFromAdmin(json: Record<string, unknown>): Parsed<ServerConf> {
  const n = (key: string): number | null => jsonNumber(json[key]);
  const values = dictionary<string>();
  for (const [key, value] of Object.entries(json)) {
    if (key !== 'command' && key !== 'error' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      values[key] = String(value);
    }
  }
  if (n('client_port') === null && n('server_id') === null && jsonString(json['data_dir']) === null) {
    return unparseable('AdminServer configuration reply has none of client_port, server_id, data_dir');
  }
  return {
    status: 'ok',
    value: {
      clientPort: n('client_port'),
      secureClientPort: n('secure_client_port'),
      dataDir: jsonString(json['data_dir']),
      dataLogDir: jsonString(json['data_log_dir']),
      tickTime: n('tick_time'),
      maxClientCnxns: n('max_client_cnxns'),
      minSessionTimeout: n('min_session_timeout'),
      maxSessionTimeout: n('max_session_timeout'),
      serverId: n('server_id'),
      initLimit: n('init_limit'),
      syncLimit: n('sync_limit'),
      membership: [],
      configVersion: null,
      values,
    },
  };
}
