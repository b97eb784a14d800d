import * as net from 'node:net';

/** Why a four-letter-word exchange produced no reply text. */
export type FourLetterWordFailure =
  | { kind: 'refused'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'too-large'; message: string }
  | { kind: 'error'; message: string };

export type FourLetterWordResult = { ok: true; text: string } | ({ ok: false } & FourLetterWordFailure);

export interface FourLetterWordOptions {
  /** Whole exchange, connect to close. A SIGSTOPped server accepts and never answers. */
  timeoutMs?: number;
  /** Replies longer than this are cut off and reported as too-large. */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Sends one four-letter word and collects the reply until the server closes the socket.
 * Never rejects: every failure is a typed result, so a poller can treat members uniformly.
 */
export function sendFourLetterWord(
  host: string,
  port: number,
  word: string,
  options: FourLetterWordOptions = {},
): Promise<FourLetterWordResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const socket = net.createConnection({ host, port });
    const finish = (result: FourLetterWordResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, kind: 'timeout', message: `${word} to ${host}:${port}: no reply within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, kind: 'too-large', message: `${word} reply from ${host}:${port} exceeds ${maxBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    socket.on('close', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const kind = err.code === 'ECONNREFUSED' ? 'refused' : 'error';
      finish({ ok: false, kind, message: `${word} to ${host}:${port}: ${err.code ?? err.message}` });
    });
  });
}
