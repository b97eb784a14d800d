/**
 * Does a port speak TLS? Asked when a plain ZooKeeper connection is closed without a word: a
 * secure client port (Netty's SslHandler) drops a plain client silently, which alone is
 * indistinguishable from a member without quorum.
 */
import * as tls from 'node:tls';
import { NOT_TLS_CODES, TlsMismatch } from './mismatch';

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * True when `target` completes a TLS handshake or answers one with a TLS alert (a server that
 * wants a client certificate still proves it speaks TLS). Nothing is verified and nothing is
 * written after the handshake. False on a reset, a close, non-TLS bytes or when `signal` aborts.
 */
export function speaksTls(target: ProbeTarget, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    // Only the question "is this TLS?" is asked: no certificate is trusted or sent.
    const socket = tls.connect({ host: target.host, port: target.port, rejectUnauthorized: false });
    const done = (answer: boolean): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answer);
    };
    const onAbort = (): void => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(typeof err.code === 'string' && err.code.startsWith('ERR_SSL_') && !NOT_TLS_CODES.has(err.code)),
    );
    socket.once('close', () => done(false));
  });
}

/**
 * The plain TCP socket factory's explanation (zk/socket.ts) of a connection the server closed
 * before answering the ZooKeeper handshake: a TLS port, when it answers TLS.
 */
export async function explainPlainDrop(target: ProbeTarget, error: unknown, signal: AbortSignal): Promise<TlsMismatch | undefined> {
  if (error !== undefined || !(await speaksTls(target, signal))) return undefined;
  return new TlsMismatch(
    'tls-port',
    'the server closed the connection without answering the ZooKeeper handshake, and it answers TLS: ' +
      'this is a TLS port (secureClientPort); connect with TLS (a CA file to trust its certificate)',
  );
}
