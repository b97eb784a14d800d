import { performance } from 'node:perf_hooks';
import type { TlsClient } from '../tls/client';
import { speaksTls } from '../tls/probe';
import { ConnectString, ServerAddress, addressKey, formatAddress, parseConnectString } from '../connectString';
import { AdminCommand, AdminCommandValues, DEFAULT_ADMIN_PORT, askAdmin } from './adminServer';
import { FourLetterWord, FourLetterWordValues, askFourLetterWord, askMntr } from './fourLetterWordClient';
import {
  MemberProbe,
  MemberState,
  ProbeErrorKind,
  ProbeSource,
  failureState,
  isAnswered,
  isServing,
  stateOfRole,
  whyNot,
} from './memberProbe';
import { NOT_SERVING_TEXT, Outcome } from './outcome';
import { LeaderInfo } from './parsers/leader';
import { MonitorReport, keepMetrics } from './parsers/mntr';
import { EMPTY_SRVR_REPLY, Latency, ServerRole, ServerStats } from './parsers/srvr';

export * from './memberProbe';

export interface ProbeOptions {
  /** Budget per member, all requests included; a hung member costs exactly this. Default 1500. */
  timeoutMs?: number;
  /** AdminServer port for this member; null never asks it. Default: `defaultAdminPort`. */
  adminPort?: number | null;
  /** Port guessed when none is given (checked against the member's client port). Default 8080; null: no guess. */
  defaultAdminPort?: number | null;
  /** Fetch mntr (or AdminServer monitor) for the poller. Default true. */
  monitor?: boolean;
  /** Reply size cap per request. Default 1 MiB. */
  maxBytes?: number;
  /** Parse only these mntr/monitor keys (version and states always); default every key. */
  monitorKeys?: ReadonlySet<string>;
  /** Four-letter words over TLS (the connect string names secure client ports) and the AdminServer over HTTPS. */
  tls?: TlsClient;
}

export interface EnsembleProbeOptions extends Omit<ProbeOptions, 'adminPort'> {
  /** AdminServer ports in connect-string order: a number, null (never ask), or absent (`defaultAdminPort`). */
  adminPorts?: readonly (number | null | undefined)[];
  /** Called as each member finishes, so a hung one never holds back showing the others. */
  onMember?: (probe: MemberProbe, index: number) => void;
}

export interface EnsembleProbe {
  readonly connectString: string;
  readonly timeoutMs: number;
  readonly startedAt: string;
  readonly elapsedMs: number;
  /** In connect-string order, duplicates removed. */
  readonly members: readonly MemberProbe[];
  readonly allAnswered: boolean;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 1500;
const DEFAULT_MAX_BYTES = 1024 * 1024;
async function speaksTlsWithin(server: ServerAddress, ms: number): Promise<boolean> {
  if (ms < MIN_REQUEST_MS) return false;
  const signal = AbortSignal.timeout(Math.floor(ms));
  return speaksTls(server, signal);
}

/** Requests are not started with less time than this left: they could only time out. */
const MIN_REQUEST_MS = 5;

const roundMs = (ms: number): number => Math.round(ms * 10) / 10;
const positiveOr = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

interface Draft {
  state: MemberState;
  source: ProbeSource;
  reason: string | null;
  errorKind: ProbeErrorKind | null;
  stats: ServerStats | null;
  monitor: MonitorReport | null;
  leader: LeaderInfo | null;
  /** Whether stats/monitor came over 4lw, whose connection counts include the probe's own. */
  statsFrom4lw: boolean;
  monitorFrom4lw: boolean;
  readonly missing: string[];
  readonly timings: Record<string, number>;
}

/** Object.assign restricted to Draft's own fields, so a misspelt key is a type error. */
function patch(draft: Draft, fields: Partial<Draft>): void {
  Object.assign(draft, fields);
}

function setState(draft: Draft, source: ProbeSource, role: ServerRole | null, modeText: string | null): void {
  patch(draft, { ...stateOfRole(role, modeText), source });
}

function setNotServing(draft: Draft, source: ProbeSource): void {
  patch(draft, { state: 'not-serving', source, reason: `no quorum: "${NOT_SERVING_TEXT}"`, errorKind: 'not-serving' });
}

function addReason(draft: Draft, text: string): void {
  draft.reason = draft.reason ? `${draft.reason}; ${text}` : text;
}

/**
 * The AdminServer part of a probe: server_stats and leader when 4lw gave no state, monitor when
 * mntr is not whitelisted, configuration to check whose a guessed port is.
 */
async function askAdminServer(
  draft: Draft,
  server: ServerAddress,
  adminPort: number,
  guessed: boolean,
  need: { state: boolean; monitor: boolean },
  request: { left: () => number; maxBytes: number; tls: TlsClient | undefined },
): Promise<void> {
  const ask = async <C extends AdminCommand>(command: C): Promise<Outcome<AdminCommandValues[C]>> => {
    const outcome = await askAdmin(server.host, adminPort, command, {
      timeoutMs: request.left(),
      maxBytes: request.maxBytes,
      tls: request.tls,
    });
    draft.timings[`admin:${command}`] = outcome.elapsedMs;
    return outcome;
  };
  const [stats, monitor, leader, conf] = await Promise.all([
    need.state ? ask('server_stats') : undefined,
    need.monitor ? ask('monitor') : undefined,
    need.state ? ask('leader') : undefined,
    // A guessed port may belong to another member on the same host: check whose it is.
    guessed ? ask('configuration') : undefined,
  ]);
  const where = `AdminServer ${formatAddress({ host: server.host, port: adminPort })}${guessed ? ' (guessed port)' : ''}`;
  if (conf?.status === 'ok') {
    const { clientPort, secureClientPort } = conf.value;
    if (clientPort !== null && clientPort !== server.port && secureClientPort !== server.port) {
      draft.missing.push(`${where} serves the member with client port ${clientPort}; give admin ports explicitly`);
      if (need.state) addReason(draft, `${where} belongs to another member`);
      return;
    }
  } else if (conf && (stats?.status === 'ok' || stats?.status === 'not-serving' || monitor?.status === 'ok')) {
    draft.missing.push(`${where}: could not confirm that it serves this member (${whyNot(conf)})`);
  }
  if (stats?.status === 'ok') {
    draft.stats = stats.value;
    draft.statsFrom4lw = false;
    setState(draft, 'admin', stats.value.role, stats.value.modeText);
  } else if (stats?.status === 'not-serving') {
    setNotServing(draft, 'admin');
  } else if (stats) {
    addReason(draft, `${where}: ${whyNot(stats)}`);
  }
  if (monitor?.status === 'ok') draft.monitor = monitor.value;
  else if (monitor) draft.missing.push(`${where} monitor: ${whyNot(monitor)}`);
  if (leader?.status === 'ok') draft.leader = leader.value;
}

/**
 * Asks one member for the best answer it can give within `timeoutMs`: srvr (whitelisted by
 * default) for the state, then mntr for metrics; the AdminServer for whatever the whitelist
 * refuses; and when nothing answers, whether TCP connects at all (refused/unreachable = down,
 * accepted but silent = hung). Never rejects.
 */
export async function probeMember(server: ServerAddress, options: ProbeOptions = {}): Promise<MemberProbe> {
  const timeoutMs = positiveOr(options.timeoutMs, DEFAULT_PROBE_TIMEOUT_MS);
  const maxBytes = positiveOr(options.maxBytes, DEFAULT_MAX_BYTES);
  const started = performance.now();
  const left = (): number => started + timeoutMs - performance.now();
  const draft: Draft = {
    state: 'unknown',
    source: 'none',
    reason: null,
    errorKind: null,
    stats: null,
    monitor: null,
    leader: null,
    statsFrom4lw: false,
    monitorFrom4lw: false,
    missing: [],
    timings: {},
  };
  const ask4 = async <W extends FourLetterWord>(word: W): Promise<Outcome<FourLetterWordValues[W]>> => {
    const outcome = await askFourLetterWord(server.host, server.port, word, { timeoutMs: left(), maxBytes, tls: options.tls });
    draft.timings[word] = outcome.elapsedMs;
    return outcome;
  };

  // srvr and mntr run one after the other: a hung member then holds one socket, not two, and the
  // connection count srvr reports includes exactly one probe connection.
  const srvr = await ask4('srvr');
  let needState = false;
  if (srvr.status === 'ok') {
    draft.stats = srvr.value;
    draft.statsFrom4lw = true;
    setState(draft, '4lw', srvr.value.role, srvr.value.modeText);
    // A srvr without a recognisable mode (truncated, a future mode name): the AdminServer may know.
    needState = draft.state === 'unknown';
  } else if (srvr.status === 'not-serving') {
    setNotServing(draft, '4lw');
  } else if (srvr.status === 'failed') {
    patch(draft, { ...failureState(srvr.failure), errorKind: srvr.failure.kind, source: srvr.failure.connected ? 'tcp' : 'none' });
    // Unknown transport trouble (a reset, an oversize reply) leaves the AdminServer worth a try.
    needState = draft.state === 'unknown';
  } else {
    // The member answered over TCP, but not with a usable srvr: the whitelist, or junk.
    patch(draft, { source: 'tcp', reason: `srvr: ${whyNot(srvr)}`, errorKind: srvr.status });
    draft.missing.push(`srvr: ${whyNot(srvr)}`);
    needState = true;
    // A secure client port hangs up on a plain four-letter word without a byte: say so.
    if (!options.tls && srvr.status === 'unparseable' && srvr.message === EMPTY_SRVR_REPLY && (await speaksTlsWithin(server, left()))) {
      patch(draft, { reason: 'the port speaks TLS (a secure client port): probe it with TLS settings', errorKind: 'tls' });
    }
  }

  let needMonitor = false;
  if (options.monitor !== false && (isServing(draft.state) || needState)) {
    if (left() < MIN_REQUEST_MS) draft.missing.push('mntr: no time left');
    else {
      let mntr: Outcome<MonitorReport>;
      if (options.monitorKeys) {
        mntr = await askMntr(server.host, server.port, options.monitorKeys, { timeoutMs: left(), maxBytes, tls: options.tls });
        draft.timings['mntr'] = mntr.elapsedMs;
      } else {
        mntr = await ask4('mntr');
      }
      if (mntr.status === 'ok') patch(draft, { monitor: mntr.value, monitorFrom4lw: true });
      else {
        draft.missing.push(`mntr: ${whyNot(mntr)}`);
        needMonitor = mntr.status === 'not-whitelisted' || mntr.status === 'unparseable';
      }
    }
  }
  if (needState && draft.monitor?.role) {
    // srvr refused but mntr allowed (an unusual whitelist): mntr carries the state, not the zxid.
    setState(draft, '4lw', draft.monitor.role, draft.monitor.serverState);
    draft.missing.push('zxid: mntr does not report it');
    needState = false;
  }

  const guessed = options.adminPort === undefined;
  const adminPort = guessed
    ? options.defaultAdminPort === undefined
      ? DEFAULT_ADMIN_PORT
      : options.defaultAdminPort
    : (options.adminPort ?? null);
  let adminAsked = false;
  if (needState || needMonitor) {
    if (adminPort === null) {
      draft.missing.push('AdminServer: not asked (no admin port)');
      if (needState) addReason(draft, 'no AdminServer port to ask');
    } else if (left() < MIN_REQUEST_MS) {
      draft.missing.push('AdminServer: no time left');
      if (needState) addReason(draft, 'no time left for the AdminServer');
    } else {
      adminAsked = true;
      await askAdminServer(
        draft,
        server,
        adminPort,
        guessed,
        { state: needState, monitor: needMonitor },
        { left, maxBytes, tls: options.tls },
      );
      if (draft.monitor && !draft.monitorFrom4lw && options.monitorKeys) draft.monitor = keepMetrics(draft.monitor, options.monitorKeys);
    }
  }

  const { stats, monitor } = draft;
  const rawConnections = stats?.connections ?? monitor?.metrics['num_alive_connections'] ?? null;
  // srvr and mntr count the connection that asks them; the AdminServer's HTTP request is not one.
  const countsProbe = stats ? draft.statsFrom4lw : draft.monitorFrom4lw;
  return {
    address: formatAddress(server),
    host: server.host,
    port: server.port,
    state: draft.state,
    answered: isAnswered(draft.state),
    source: draft.source,
    zxid: stats?.zxid ?? null,
    latencyMs: stats?.latency ?? monitorLatency(monitor),
    connections: rawConnections === null ? null : Math.max(0, rawConnections - (countsProbe ? 1 : 0)),
    reason: isServing(draft.state) ? null : draft.reason,
    errorKind: isServing(draft.state) ? null : draft.errorKind,
    missing: draft.missing,
    adminPort: adminAsked ? adminPort : null,
    version: stats?.version ?? monitor?.version ?? null,
    elapsedMs: roundMs(performance.now() - started),
    timings: draft.timings,
    stats,
    monitor,
    leader: draft.leader,
  };
}

function monitorLatency(monitor: MonitorReport | null): Latency | null {
  const min = monitor?.metrics['min_latency'];
  const avg = monitor?.metrics['avg_latency'];
  const max = monitor?.metrics['max_latency'];
  return min !== undefined && avg !== undefined && max !== undefined ? { min, avg, max } : null;
}

/**
 * Probes every member of a connect string at once (the chroot is ignored): the whole probe takes
 * about one `timeoutMs` however many members hang. Throws ConnectStringError for a bad string;
 * otherwise never rejects.
 */
export async function probeEnsemble(connect: string | ConnectString, options: EnsembleProbeOptions = {}): Promise<EnsembleProbe> {
  const parsed = typeof connect === 'string' ? parseConnectString(connect) : connect;
  const timeoutMs = positiveOr(options.timeoutMs, DEFAULT_PROBE_TIMEOUT_MS);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const seen = new Set<string>();
  const targets: { server: ServerAddress; adminPort: number | null | undefined }[] = [];
  parsed.servers.forEach((server, i) => {
    const key = addressKey(server);
    if (seen.has(key)) return;
    seen.add(key);
    targets.push({ server, adminPort: options.adminPorts?.[i] });
  });
  const { adminPorts: _ports, onMember, ...memberOptions } = options;
  const members = await Promise.all(
    targets.map(async ({ server, adminPort }, index) => {
      const probe = await probeMember(server, adminPort === undefined ? memberOptions : { ...memberOptions, adminPort });
      try {
        onMember?.(probe, index);
      } catch {
        // A failing observer must not turn the probe into a rejection.
      }
      return probe;
    }),
  );
  return {
    connectString: typeof connect === 'string' ? connect : parsed.servers.map(formatAddress).join(','),
    timeoutMs,
    startedAt,
    elapsedMs: roundMs(performance.now() - started),
    members,
    allAnswered: members.every((m) => m.answered),
  };
}
