/**
 * Does a port speak TLS? Asked when a plain ZooKeeper connection is closed without a word: a
 * secure client port (Netty's SslHandler) drops a plain client silently, which alone is
 * indistinguishable from a member without quorum.
 */
import * as tls from 'node:tls';

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
}

/** OpenSSL errors that mean the peer sent something that is not TLS at all. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);

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
    socket.once('error', (err: NodeJS.ErrnoException) => done(typeof err.code === 'string' && err.code.startsWith('ERR_SSL_') && !NOT_TLS.has(err.code)));
    socket.once('close', () => done(false));
  });
}
