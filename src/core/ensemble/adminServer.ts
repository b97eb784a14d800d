import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { TlsClient } from '../tls/client';
import { openErrorKind, socketErrorKind } from './fourLetterWord';
import { Outcome, Parsed, TransportFailure, TransportFailureKind, excerpt, replyProblemOf } from './outcome';
import { ServerConf, confFromAdmin } from './parsers/conf';
import { ConnectionList, consFromAdmin } from './parsers/cons';
import { DirsReport, dirsFromAdmin } from './parsers/dirs';
import { EnvironmentReport, enviFromAdmin } from './parsers/environment';
import { parseJsonExact } from './parsers/json';
import { LeaderInfo, ZabState, leaderFromAdmin, zabStateFromAdmin } from './parsers/leader';
import { MonitorReport, mntrFromAdmin } from './parsers/mntr';
import { ServerStats, srvrFromAdmin } from './parsers/srvr';
import { ReadOnlyReport, RuokReport, isroFromAdmin, ruokFromAdmin } from './parsers/status';
import { isJsonObject } from './parsers/values';
import { WatchSummary, wchsFromAdmin } from './parsers/watches';

export interface AdminServerOptions {
  /** Whole exchange, connect to last byte. A SIGSTOPped server accepts and never answers. */
  timeoutMs?: number;
  /** Bodies longer than this are abandoned as too-large. */
  maxBytes?: number;
  /** `admin.commandURL`; `/commands` unless the server changed it. */
  commandPath?: string;
  /**
   * HTTPS with the cluster's TLS settings (the same CA as the client port; `admin.forceHttps` or
   * `admin.portUnification` on the servers). Plain HTTP when absent.
   */
  tls?: TlsClient;
}

/** The typed value of each AdminServer command this client maps; the same types as the 4lw ones. */
export interface AdminCommandValues {
  monitor: MonitorReport;
  stats: ServerStats;
  server_stats: ServerStats;
  configuration: ServerConf;
  connections: ConnectionList;
  watch_summary: WatchSummary;
  ruok: RuokReport;
  is_read_only: ReadOnlyReport;
  environment: EnvironmentReport;
  dirs: DirsReport;
  leader: LeaderInfo;
  zabstate: ZabState;
}

export type AdminCommand = keyof AdminCommandValues;

export const ADMIN_COMMAND_MAPPERS: { readonly [C in AdminCommand]: (json: Record<string, unknown>) => Parsed<AdminCommandValues[C]> } = {
  monitor: mntrFromAdmin,
  stats: srvrFromAdmin,
  server_stats: srvrFromAdmin,
  configuration: confFromAdmin,
  connections: consFromAdmin,
  watch_summary: wchsFromAdmin,
  ruok: ruokFromAdmin,
  is_read_only: isroFromAdmin,
  environment: enviFromAdmin,
  dirs: dirsFromAdmin,
  leader: leaderFromAdmin,
  zabstate: zabStateFromAdmin,
};

/** Maps a command's JSON object (its `error` already checked) to the typed value. */
export function parseAdminCommand<C extends AdminCommand>(command: C, json: Record<string, unknown>): Parsed<AdminCommandValues[C]> {
  const map = ADMIN_COMMAND_MAPPERS[command] as (json: Record<string, unknown>) => Parsed<AdminCommandValues[C]>;
  return map(json);
}

export const DEFAULT_ADMIN_PORT = 8080;
const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

type HttpResult =
  | { ok: true; reply: HttpReply; elapsedMs: number }
  | { ok: false; kind: TransportFailureKind; message: string; connected: boolean; bytes: number; elapsedMs: number };

/**
 * One GET with a deadline on the whole exchange and a cap on the body. Never rejects. With `tls`
 * the request goes over a stream TlsClient opened and checked (HTTPS with its CA and client
 * certificate, and its words for what failed).
 */
function httpGet(host: string, port: number, path: string, timeoutMs: number, maxBytes: number, tls?: TlsClient): Promise<HttpResult> {
  const started = performance.now();
  const where = `AdminServer ${tls ? 'https://' : ''}${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    let bytes = 0;
    const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
    const opening = new AbortController();
    /** Why the TLS stream could not be opened, reported instead of http's generic error. */
    let tlsFailure: unknown;
    const viaTls = tls
      ? {
          createConnection: (_options: unknown, done: (err: Error | null, socket: Duplex) => void): undefined => {
            tls
              .open({ host, port }, opening.signal, () => (connected = true))
              .then(
                (socket) => done(null, socket),
                (err: unknown) => {
                  tlsFailure = err;
                  // http reports the error itself; the stream argument is unused then.
                  done(err instanceof Error ? err : new Error(String(err)), undefined as unknown as Duplex);
                },
              );
            return undefined;
          },
        }
      : {};
    // A fresh socket per request (no agent: http then uses createConnection, or one socket of its
    // own with agent: false): nothing pooled outlives the call.
    const request = http.get({ host, port, path, headers: { accept: 'application/json' }, ...(tls ? viaTls : { agent: false }) });
    const finish = (result: HttpResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opening.abort();
      request.destroy();
      resolve(result);
    };
    const fail = (kind: TransportFailureKind, message: string): void =>
      finish({ ok: false, kind, message: `${where}: ${message}`, connected, bytes, elapsedMs: elapsed() });
    const timer = setTimeout(() => {
      if (!connected) fail('connect-timeout', `no TCP connection within ${Math.round(timeoutMs)} ms`);
      else if (bytes === 0) fail('timeout', `connection accepted but no response within ${Math.round(timeoutMs)} ms`);
      else fail('timeout', `response stalled after ${bytes} bytes; incomplete after ${Math.round(timeoutMs)} ms`);
    }, timeoutMs);
    if (!tls) {
      request.on('socket', (socket) => {
        socket.once('connect', () => {
          connected = true;
        });
      });
    }
    request.on('response', (response) => {
      connected = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) fail('too-large', `response exceeds ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      response.on('end', () =>
        finish({
          ok: true,
          reply: { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') },
          elapsedMs: elapsed(),
        }),
      );
      response.on('error', (err: NodeJS.ErrnoException) => fail(socketErrorKind(err.code), err.code ?? err.message));
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      const { kind, detail } = openErrorKind(tlsFailure ?? tls?.explain(err) ?? err);
      // What an HTTPS-only AdminServer (admin.forceHttps) sends a plain client is not HTTP.
      const hint =
        !tls && err.code === 'HPE_INVALID_CONSTANT'
          ? ": the answer is not HTTP (an HTTPS-only AdminServer? give the cluster's TLS settings)"
          : '';
      fail(kind, `${detail}${hint}`);
    });
  });
}

/** The readable part of an error page (Jetty's 500 page has the exception in its title). */
function errorSummary(body: string): string {
  const title = /<title>([^<]{0,400})<\/title>/i.exec(body.slice(0, 4000))?.[1];
  const text = (title ?? body)
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return excerpt(text, 160);
}

/**
 * Runs `/commands/<command>` and returns its JSON object. The command's `error` field becomes
 * `not-serving` (no quorum) or `command-error` (e.g. "Unknown command"); a non-JSON body (not an
 * AdminServer on that port) is `unparseable`; a status other than 200 is a `http-status` failure.
 */
export async function adminCommand(
  host: string,
  port: number,
  command: string,
  options: AdminServerOptions = {},
): Promise<Outcome<Record<string, unknown>>> {
  const path = `${options.commandPath ?? '/commands'}/${encodeURIComponent(command)}`;
  const result = await httpGet(
    host,
    port,
    path,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.maxBytes ?? DEFAULT_MAX_BYTES,
    options.tls,
  );
  if (!result.ok) {
    const { ok: _ok, elapsedMs, ...failure } = result;
    return { status: 'failed', failure, elapsedMs };
  }
  return { ...interpretAdminReply(`${host}:${port}${path}`, result.reply), elapsedMs: result.elapsedMs };
}

/**
 * What one AdminServer HTTP reply means (pure; exported for tests on recorded replies): the JSON
 * object, the `error` it carries as not-serving or command-error, a non-JSON body as unparseable,
 * and a status other than 200 as an `http-status` failure.
 */
export function interpretAdminReply(
  where: string,
  reply: HttpReply,
): Parsed<Record<string, unknown>> | { readonly status: 'failed'; readonly failure: TransportFailure } {
  if (reply.status !== 200) {
    const message = `${where}: HTTP ${reply.status}: ${errorSummary(reply.body)}`;
    return {
      status: 'failed',
      failure: { kind: 'http-status', message, connected: true, bytes: reply.body.length, httpStatus: reply.status },
    };
  }
  const json = parseJsonExact(reply.body);
  if (!isJsonObject(json)) return { status: 'unparseable', message: `${where}: not a JSON object: "${excerpt(reply.body)}"` };
  const error = json['error'];
  if (typeof error === 'string' && error !== '') return replyProblemOf(error) ?? { status: 'command-error', message: `${where}: ${error}` };
  return { status: 'ok', value: json };
}

/**
 * Runs an AdminServer command and maps its JSON to the same typed value the matching four-letter
 * word gives. Never rejects.
 *
 * `monitor` answers HTTP 500 (a NullPointerException) on a member without quorum, where every
 * other command says "not currently serving requests"; a 500 from monitor is therefore checked
 * against `stats` and reported as `not-serving` when that confirms it.
 */
export async function askAdmin<C extends AdminCommand>(
  host: string,
  port: number,
  command: C,
  options: AdminServerOptions = {},
): Promise<Outcome<AdminCommandValues[C]>> {
  const started = performance.now();
  const raw = await adminCommand(host, port, command, options);
  if (raw.status === 'ok') return { ...parseAdminCommand(command, raw.value), elapsedMs: raw.elapsedMs };
  if (command === 'monitor' && raw.status === 'failed' && raw.failure.httpStatus === 500) {
    const left = (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) - (performance.now() - started);
    if (left > 0) {
      const check = await adminCommand(host, port, 'stats', { ...options, timeoutMs: left });
      const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
      if (check.status === 'not-serving') return { status: 'not-serving', message: check.message, elapsedMs };
    }
  }
  return raw;
}
