import { Parsed, dictionary, excerpt, replyProblemOf, unparseable } from '../outcome';
import { ConnectionInfo, connectionsFromJson, parseConnectionLine } from './cons';
import { hexIdOf, integerOf, isJsonObject, jsonNumber, jsonString, linesOf, slashedNumbers } from './values';

/** parseSrvr's message for an empty reply (what a secure client port gives a plain four-letter word). */
export const EMPTY_SRVR_REPLY = 'empty srvr reply';

/** A member's role as srvr's `Mode:`, mntr's `zk_server_state` or AdminServer's `server_state` say. */
export type ServerRole = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only' | 'other';

export interface Latency {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
}

/**
 * What `srvr` and `stat` (4lw) and `stats`/`server_stats` (AdminServer) report. Fields missing
 * from a version's output (or from a truncated reply) are null.
 */
export interface ServerStats {
  readonly version: string | null;
  /** Milliseconds; avg is an integer before 3.5 and a decimal after. */
  readonly latency: Latency | null;
  readonly received: number | null;
  readonly sent: number | null;
  readonly connections: number | null;
  readonly outstanding: number | null;
  /** Last processed zxid as `0x…`. */
  readonly zxid: string | null;
  readonly role: ServerRole | null;
  /** The mode as the server wrote it (`leader`, `read-only`, …). */
  readonly modeText: string | null;
  readonly nodeCount: number | null;
  /** `Proposal sizes last/min/max` in bytes (3.5+; -1 before the first proposal). */
  readonly proposalSizes: { readonly last: number; readonly min: number; readonly max: number } | null;
  /** The `Clients:` section of stat (and the AdminServer `stats` list); null for srvr. */
  readonly clients: readonly ConnectionInfo[] | null;
  /** `Key: value` lines this parser does not know, verbatim (newer versions add some). */
  readonly extra: Readonly<Record<string, string>>;
}

/** Normalises a mode/state word; null when absent. */
export function roleOf(text: string | null | undefined): ServerRole | null {
  if (text === null || text === undefined) return null;
  const word = text.trim().toLowerCase();
  if (word === '') return null;
  if (word === 'leader' || word === 'follower' || word === 'observer' || word === 'standalone' || word === 'read-only') return word;
  if (word === 'readonly' || word === 'read_only') return 'read-only';
  return 'other';
}

/** Parses the reply to `srvr` or `stat` (stat adds a `Clients:` section). */
export function parseSrvr(text: string): Parsed<ServerStats> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  const fields = dictionary<string>();
  const clients: ConnectionInfo[] = [];
  let inClients = false;
  let sawClients = false;
  for (const line of linesOf(text)) {
    if (line.trim() === 'Clients:') {
      inClients = sawClients = true;
      continue;
    }
    if (inClients) {
      if (line.trim() === '') {
        inClients = false;
        continue;
      }
      const client = parseConnectionLine(line);
      if (client) {
        clients.push(client);
        continue;
      }
      inClients = false;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const modeText = fields['Mode'] ?? null;
  const zxid = hexIdOf(fields['Zxid']);
  const version = fields['Zookeeper version'] ?? null;
  const latencyNumbers = slashedNumbers(fields['Latency min/avg/max'], 3);
  const latency = latencyNumbers ? { min: latencyNumbers[0]!, avg: latencyNumbers[1]!, max: latencyNumbers[2]! } : null;
  if (modeText === null && zxid === null && version === null && latency === null) {
    return unparseable(text.trim() === '' ? EMPTY_SRVR_REPLY : `not a srvr/stat reply: "${excerpt(text)}"`);
  }
  const sizes = slashedNumbers(fields['Proposal sizes last/min/max'], 3);
  const known = new Set([
    'Mode',
    'Zxid',
    'Zookeeper version',
    'Latency min/avg/max',
    'Received',
    'Sent',
    'Connections',
    'Outstanding',
    'Node count',
    'Proposal sizes last/min/max',
  ]);
  const extra = dictionary<string>();
  for (const [key, value] of Object.entries(fields)) if (!known.has(key)) extra[key] = value;
  return {
    status: 'ok',
    value: {
      version,
      latency,
      received: integerOf(fields['Received']),
      sent: integerOf(fields['Sent']),
      connections: integerOf(fields['Connections']),
      outstanding: integerOf(fields['Outstanding']),
      zxid,
      role: roleOf(modeText),
      modeText,
      nodeCount: integerOf(fields['Node count']),
      proposalSizes: sizes ? { last: sizes[0]!, min: sizes[1]!, max: sizes[2]! } : null,
      clients: sawClients ? clients : null,
      extra,
    },
  };
}

/** Maps AdminServer `stats` / `server_stats`. */
export function srvrFromAdmin(json: Record<string, unknown>): Parsed<ServerStats> {
  const stats = json['server_stats'];
  if (!isJsonObject(stats)) return unparseable('AdminServer stats reply has no server_stats object');
  const n = (key: string): number | null => jsonNumber(stats[key]);
  const min = n('min_latency');
  const avg = n('avg_latency');
  const max = n('max_latency');
  const modeText = jsonString(stats['server_state']);
  return {
    status: 'ok',
    value: {
      version: jsonString(json['version']),
      latency: min !== null && avg !== null && max !== null ? { min, avg, max } : null,
      received: n('packets_received'),
      sent: n('packets_sent'),
      connections: n('num_alive_client_connections'),
      outstanding: n('outstanding_requests'),
      zxid: hexIdOf(stats['last_processed_zxid']),
      role: roleOf(modeText),
      modeText,
      nodeCount: jsonNumber(json['node_count']),
      proposalSizes: null,
      clients: Array.isArray(json['connections']) ? connectionsFromJson(json['connections']) : null,
      extra: dictionary<string>(),
    },
  };
}
