import { Parsed, dictionary, excerpt, replyProblemOf, unparseable } from '../outcome';
import { ServerRole, roleOf } from './srvr';
import { isJsonObject, jsonNumber, linesOf, numberOf } from './values';

/**
 * The metrics of `mntr` (4lw) or `monitor` (AdminServer), keyed without mntr's `zk_` prefix so
 * both sources give the same names (`avg_latency`, `znode_count`, `synced_followers`, …). Keys
 * come and go between versions and roles (leader-only keys), so they are data, not fields.
 */
export interface MonitorReport {
  readonly version: string | null;
  readonly role: ServerRole | null;
  /** `zk_server_state` verbatim. */
  readonly serverState: string | null;
  /** `zk_peer_state` (3.6+), e.g. `following - broadcast`. */
  readonly peerState: string | null;
  /** Every numeric value. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Every other value (version, states, and whatever a newer version adds). */
  readonly strings: Readonly<Record<string, string>>;
}

function report(metrics: Record<string, number>, strings: Record<string, string>): MonitorReport {
  const serverState = strings['server_state'] ?? null;
  return {
    version: strings['version'] ?? null,
    role: roleOf(serverState),
    serverState,
    peerState: strings['peer_state'] ?? null,
    metrics,
    strings,
  };
}

/** String keys every report keeps, whatever `keep` says: the model needs them. */
const ALWAYS_KEPT: ReadonlySet<string> = new Set(['version', 'server_state', 'peer_state']);

/**
 * Parses the reply to `mntr`: `zk_key<TAB>value` lines (spaces tolerated for hand-typed copies).
 * With `keep`, only those keys (and version and states) are parsed; the others are skipped after a
 * look at their name, which is most of a reply's ~530 lines.
 */
export function parseMntr(text: string, keep?: ReadonlySet<string>): Parsed<MonitorReport> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  const metrics = dictionary<number>();
  const strings = dictionary<string>();
  let recognised = 0;
  for (const line of linesOf(text)) {
    if (keep) {
      // Fast path: the key ends at the first tab or space; unwanted keys cost no regex.
      const start = line.indexOf('zk_');
      if (start < 0) continue;
      let end = line.indexOf('\t', start);
      if (end < 0) end = line.indexOf(' ', start);
      if (end < 0) continue;
      const name = line.slice(start + 3, end);
      if (!keep.has(name) && !ALWAYS_KEPT.has(name)) {
        if (line.slice(0, start).trim() === '') recognised++;
        continue;
      }
    }
    const match = /^\s*(zk_[A-Za-z0-9_.{}="-]+)[\t ]+(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1]!.slice(3);
    const raw = match[2]!.trim();
    const value = numberOf(raw);
    if (value !== null) metrics[key] = value;
    else strings[key] = raw;
    recognised++;
  }
  // Real replies always begin with zk_version; requiring one pair keeps truncated replies usable.
  if (recognised === 0) return unparseable(text.trim() === '' ? 'empty mntr reply' : `not a mntr reply: "${excerpt(text)}"`);
  return { status: 'ok', value: report(metrics, strings) };
}

/** A report with only the `keep` metrics (strings untouched). */
export function keepMetrics(report: MonitorReport, keep: ReadonlySet<string>): MonitorReport {
  const metrics = dictionary<number>();
  for (const key in report.metrics) if (keep.has(key)) metrics[key] = report.metrics[key]!;
  return { ...report, metrics };
}

/** Maps AdminServer `monitor`: the same keys without `zk_`, plus `command`/`error`. */
export function mntrFromAdmin(json: Record<string, unknown>): Parsed<MonitorReport> {
  const metrics = dictionary<number>();
  const strings = dictionary<string>();
  for (const [key, value] of Object.entries(json)) {
    if (key === 'command' || key === 'error') continue;
    const number = jsonNumber(value);
    if (typeof value === 'number' && number !== null) metrics[key] = number;
    else if (typeof value === 'string') {
      // Integers beyond 2^53 arrive as digit strings from the exact JSON reader.
      if (number !== null && /^-?\d+$/.test(value)) metrics[key] = number;
      else strings[key] = value;
    } else if (typeof value === 'boolean') strings[key] = String(value);
    else if (isJsonObject(value) || Array.isArray(value)) strings[key] = JSON.stringify(value);
  }
  if (Object.keys(metrics).length === 0 && Object.keys(strings).length === 0) return unparseable('AdminServer monitor reply is empty');
  return { status: 'ok', value: report(metrics, strings) };
}
