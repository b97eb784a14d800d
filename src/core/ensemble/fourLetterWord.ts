import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { TlsClient } from '../tls/client';
import { TransportFailure, TransportFailureKind } from './outcome';

/** Why a four-letter-word exchange produced no reply text. */
export type FourLetterWordFailure = TransportFailure;

export type FourLetterWordResult =
  { ok: true; text: string; elapsedMs: number } | ({ ok: false; elapsedMs: number } & FourLetterWordFailure);

export interface FourLetterWordOptions {
  /** Whole exchange, connect to close. A SIGSTOPped server accepts and never answers. */
  timeoutMs?: number;
  /** Replies longer than this are cut off and reported as too-large. */
  maxBytes?: number;
  /** Ask over TLS (a secure client port: Netty servers answer four-letter words there too). */
  tls?: TlsClient;
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

/** A failed TLS open: a named TLS problem (TlsMismatch has a `kind`), else the socket error's kind. */
export function openErrorKind(err: unknown): { kind: TransportFailureKind; detail: string } {
  const e = err as { code?: unknown; kind?: unknown; message?: unknown } | null;
  if (typeof e?.kind === 'string') return { kind: 'tls', detail: `TLS: ${String(e.message)}` };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return { kind: socketErrorKind(code), detail: code ?? (err instanceof Error ? err.message : String(err)) };
}

/**
 * Sends one four-letter word and collects the reply until the server closes the socket.
 * Never rejects: every failure is a typed result, so a poller can treat members uniformly.
 *
 * A timeout before the TCP handshake completes is `connect-timeout` (down or filtered); after it,
 * `timeout` (accepted but silent: a hung server, also when it hangs in the TLS handshake). A reset
 * after partial data is `reset`, never a short reply read as complete. With `tls`, a certificate or
 * handshake problem is `tls`, its message naming the cause.
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
    let socket: Duplex | undefined;
    const opening = new AbortController();
    const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
    const finish = (result: FourLetterWordResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opening.abort();
      socket?.destroy();
      resolve(result);
    };
    const fail = (kind: TransportFailureKind, message: string): void =>
      finish({ ok: false, kind, message: `${where}: ${message}`, connected, bytes: size, elapsedMs: elapsed() });
    const timer = setTimeout(() => {
      if (!connected) fail('connect-timeout', `no TCP connection within ${Math.round(timeoutMs)} ms`);
      else if (size === 0) fail('timeout', `connection accepted but no reply within ${Math.round(timeoutMs)} ms`);
      else fail('timeout', `reply stalled after ${size} bytes; incomplete after ${Math.round(timeoutMs)} ms`);
    }, timeoutMs);
    const exchange = (stream: Duplex): void => {
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          fail('too-large', `reply exceeds ${maxBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      const complete = (): void => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8'), elapsedMs: elapsed() });
      stream.on('end', complete);
      stream.on('close', (hadError: boolean) => {
        if (!hadError) complete();
      });
      stream.on('error', (err: NodeJS.ErrnoException) => {
        // A TLS 1.3 server refuses a client certificate only after the client's handshake ended.
        const { kind, detail } = options.tls ? openErrorKind(options.tls.explain(err) ?? err) : openErrorKind(err);
        fail(kind, size > 0 ? `${detail} after ${size} bytes of reply` : detail);
      });
    };
    if (options.tls) {
      options.tls
        .open({ host, port }, opening.signal, () => (connected = true))
        .then(
          (stream) => {
            if (settled) {
              stream.destroy();
              return;
            }
            socket = stream;
            exchange(stream);
            stream.end(word);
          },
          (err: unknown) => {
            const { kind, detail } = openErrorKind(err);
            fail(kind, detail);
          },
        );
      return;
    }
    const plain = net.createConnection({ host, port });
    socket = plain;
    plain.on('connect', () => {
      connected = true;
      plain.end(word);
    });
    exchange(plain);
  });
}
