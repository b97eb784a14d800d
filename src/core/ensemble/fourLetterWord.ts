import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { TransportFailure, TransportFailureKind } from './outcome';

/** Why a four-letter-word exchange produced no reply text. */
export type FourLetterWordFailure = TransportFailure;

export type FourLetterWordResult =
  | { ok: true; text: string; elapsedMs: number }
  | ({ ok: false; elapsedMs: number } & FourLetterWordFailure);

export interface FourLetterWordOptions {
  /** Whole exchange, connect to close. A SIGSTOPped server accepts and never answers. */
  timeoutMs?: number;
  /** Replies longer than this are cut off and reported as too-large. */
  maxBytes?: number;
}

export const DEFAULT_FOUR_LETTER_WORD_TIMEOUT_MS = 2000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN']);

/** Maps a socket error code to a failure kind; shared with the AdminServer client. */
export function socketErrorKind(code: string | undefined): TransportFailureKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ETIMEDOUT') return 'connect-timeout';
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'error';
}

/**
 * Sends one four-letter word and collects the reply until the server closes the socket.
 * Never rejects: every failure is a typed result, so a poller can treat members uniformly.
 *
 * A timeout before the TCP handshake completes is `connect-timeout` (down or filtered); after it,
 * `timeout` (accepted but silent: a hung server). A reset after partial data is `reset`, never a
 * short reply read as complete.
 */
export function sendFourLetterWord(
  host: string,
  port: number,
  word: string,
  options: FourLetterWordOptions = {},
): Promise<FourLetterWordResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FOUR_LETTER_WORD_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const started = performance.now();
  const where = `${word} to ${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let connected = false;
    let settled = false;
    const socket = net.createConnection({ host, port });
    const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
    const finish = (result: FourLetterWordResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const fail = (kind: TransportFailureKind, message: string): void =>
      finish({ ok: false, kind, message: `${where}: ${message}`, connected, bytes: size, elapsedMs: elapsed() });
    const timer = setTimeout(() => {
      if (!connected) fail('connect-timeout', `no TCP connection within ${Math.round(timeoutMs)} ms`);
      else if (size === 0) fail('timeout', `connection accepted but no reply within ${Math.round(timeoutMs)} ms`);
      else fail('timeout', `reply stalled after ${size} bytes; incomplete after ${Math.round(timeoutMs)} ms`);
    }, timeoutMs);
    socket.on('connect', () => {
      connected = true;
      socket.end(word);
    });
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        fail('too-large', `reply exceeds ${maxBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    const complete = (): void => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8'), elapsedMs: elapsed() });
    socket.on('end', complete);
    socket.on('close', (hadError: boolean) => {
      if (!hadError) complete();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const kind = socketErrorKind(err.code);
      const detail = err.code ?? err.message;
      fail(kind, size > 0 ? `${detail} after ${size} bytes of reply` : detail);
    });
  });
}
