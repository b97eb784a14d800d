import { Parsed, dictionary, excerpt, replyProblemOf, unparseable } from '../outcome';
import { hexIdOf, integerOf, isJsonObject, jsonNumber, jsonString, linesOf, numberOf } from './values';

/**
 * One client connection as `cons` (or, with fewer fields, `stat`) and AdminServer `connections`
 * describe it. Fields a version or command does not report are null.
 */
export interface ConnectionInfo {
  /** `127.0.0.1:56122` (the leading `/` of Java's socket address dropped). */
  readonly remoteAddress: string;
  readonly interestOps: number | null;
  readonly queued: number | null;
  readonly received: number | null;
  readonly sent: number | null;
  /** `0x…`; exact, since session ids exceed 2^53. */
  readonly sessionId: string | null;
  readonly lastOperation: string | null;
  /** Epoch milliseconds. */
  readonly established: number | null;
  readonly sessionTimeoutMs: number | null;
  readonly lastCxid: string | null;
  readonly lastZxid: string | null;
  readonly lastResponse: number | null;
  readonly lastLatencyMs: number | null;
  readonly minLatencyMs: number | null;
  readonly avgLatencyMs: number | null;
  readonly maxLatencyMs: number | null;
  /** Pairs this parser does not know, verbatim. */
  readonly extra: Readonly<Record<string, string>>;
}

export interface ConnectionList {
  readonly connections: readonly ConnectionInfo[];
  /** Lines that looked like neither a connection nor blank (e.g. a truncated last line). */
  readonly skippedLines: number;
}

const KNOWN = new Set([
  'queued',
  'recved',
  'sent',
  'sid',
  'lop',
  'est',
  'to',
  'lcxid',
  'lzxid',
  'lresp',
  'llat',
  'minlat',
  'avglat',
  'maxlat',
]);

/**
 * Parses one ` /127.0.0.1:56122[1](queued=0,recved=5,...)` line, as printed by cons and stat.
 * Undefined when the line is not one (including a line cut before its closing parenthesis).
 */
export function parseConnectionLine(line: string): ConnectionInfo | undefined {
  const trimmed = line.trim();
  const open = trimmed.indexOf('[');
  const paren = trimmed.indexOf('(', open);
  if (open < 1 || paren < 0 || !trimmed.endsWith(')')) return undefined;
  const closeBracket = trimmed.indexOf(']', open);
  if (closeBracket < 0 || closeBracket > paren) return undefined;
  const address = trimmed.slice(0, open);
  // Java prints socket addresses as `[hostname]/ip:port`; anything without the slash is not one.
  if (!address.includes('/')) return undefined;
  const pairs = dictionary<string>();
  for (const pair of trimmed.slice(paren + 1, -1).split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) pairs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const extra = dictionary<string>();
  for (const [key, value] of Object.entries(pairs)) if (!KNOWN.has(key)) extra[key] = value;
  return {
    remoteAddress: address.slice(address.lastIndexOf('/') + 1),
    interestOps: integerOf(trimmed.slice(open + 1, closeBracket)),
    queued: integerOf(pairs['queued']),
    received: integerOf(pairs['recved']),
    sent: integerOf(pairs['sent']),
    sessionId: hexIdOf(pairs['sid']),
    lastOperation: pairs['lop'] ?? null,
    established: integerOf(pairs['est']),
    sessionTimeoutMs: integerOf(pairs['to']),
    lastCxid: hexIdOf(pairs['lcxid']),
    lastZxid: hexIdOf(pairs['lzxid']),
    lastResponse: integerOf(pairs['lresp']),
    lastLatencyMs: numberOf(pairs['llat']),
    minLatencyMs: numberOf(pairs['minlat']),
    avgLatencyMs: numberOf(pairs['avglat']),
    maxLatencyMs: numberOf(pairs['maxlat']),
    extra,
  };
}

/** Parses the reply to `cons`. */
export function parseCons(text: string): Parsed<ConnectionList> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  const connections: ConnectionInfo[] = [];
  let skippedLines = 0;
  for (const line of linesOf(text)) {
    if (line.trim() === '') continue;
    const connection = parseConnectionLine(line);
    if (connection) connections.push(connection);
    else skippedLines++;
  }
  // A server always lists at least the connection asking, so nothing at all is not a cons reply.
  if (connections.length === 0) return unparseable(text.trim() === '' ? 'empty cons reply' : `not a cons reply: "${excerpt(text)}"`);
  return { status: 'ok', value: { connections, skippedLines } };
}

function connectionFromJson(item: Record<string, unknown>): ConnectionInfo {
  const n = (key: string): number | null => jsonNumber(item[key]);
  return {
    remoteAddress: jsonString(item['remote_socket_address']) ?? '',
    interestOps: n('interest_ops'),
    queued: n('outstanding_requests'),
    received: n('packets_received'),
    sent: n('packets_sent'),
    sessionId: hexIdOf(item['session_id']),
    lastOperation: jsonString(item['last_operation']),
    established: n('established'),
    sessionTimeoutMs: n('session_timeout'),
    lastCxid: hexIdOf(item['last_cxid']),
    lastZxid: hexIdOf(item['last_zxid']),
    lastResponse: n('last_response_time'),
    lastLatencyMs: n('last_latency'),
    minLatencyMs: n('min_latency'),
    avgLatencyMs: n('avg_latency'),
    maxLatencyMs: n('max_latency'),
    extra: dictionary<string>(),
  };
}

/** The connection objects of an AdminServer JSON list (`connections`, `stats`); others ignored. */
export function connectionsFromJson(list: unknown): ConnectionInfo[] {
  return Array.isArray(list) ? list.filter(isJsonObject).map(connectionFromJson) : [];
}

/** Maps AdminServer `connections` (plain and TLS lists together). */
export function consFromAdmin(json: Record<string, unknown>): Parsed<ConnectionList> {
  const plain = json['connections'];
  const secure = json['secure_connections'];
  if (!Array.isArray(plain) && !Array.isArray(secure)) return unparseable('AdminServer connections reply has no connection list');
  const connections = [...connectionsFromJson(plain), ...connectionsFromJson(secure)];
  const total = (Array.isArray(plain) ? plain.length : 0) + (Array.isArray(secure) ? secure.length : 0);
  return { status: 'ok', value: { connections, skippedLines: total - connections.length } };
}
