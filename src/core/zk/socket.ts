/**
 * How a ZkSession opens its connections: the one replaceable point of the transport. The default
 * opens plain TCP; TLS (src/core/tls) is `tls.connect` behind the same signature (resolve once
 * the certificate checks passed). Whatever the factory returns carries the ZooKeeper byte stream
 * unchanged.
 */
import { Socket, connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { explainPlainDrop } from '../tls/probe';
import { ConnectMismatch } from './connectMismatch';

export { ConnectMismatch } from './connectMismatch';

export interface SocketTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * Opens a byte stream to `target`; resolves once bytes can be written (a TCP socket on `connect`,
 * a TLS socket once its handshake and certificate checks passed), rejects with the reason it
 * could not (a ConnectMismatch when retrying cannot help). When `signal` aborts (the attempt took
 * too long, the session closed), the factory destroys what it opened and rejects.
 *
 * `explainDrop`, when present, names why a stream it opened ended before the server answered the
 * ZooKeeper handshake: `error` is the stream's error, or undefined when the server just closed it.
 * It may probe the server (bounded by `signal`); undefined means it has nothing to add.
 */
export interface SocketFactory {
  (target: SocketTarget, signal: AbortSignal): Promise<Duplex>;
  explainDrop?(target: SocketTarget, error: unknown, signal: AbortSignal): Promise<ConnectMismatch | undefined>;
}

/**
 * Waits for `socket` to emit `readyEvent`; rejects on `error`, `close` or abort (destroying it).
 * Shared by the TCP factory and any factory over a net.Socket subclass (tls.TLSSocket).
 */
export function whenReady<S extends Socket>(socket: S, readyEvent: string, signal: AbortSignal): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const done = (err?: Error): void => {
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onReady = (): void => done();
    const onError = (err: Error): void => done(err);
    const onClose = (): void => done(new Error('the connection closed while opening'));
    const onAbort = (): void => done(new Error(String(signal.reason ?? 'aborted')));
    if (signal.aborted) return onAbort();
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Plain TCP, Nagle off (requests are small and latency-bound). A server that closes the
 * connection without answering the handshake is asked whether it speaks TLS: a secure client
 * port (Netty) closes a plain client's connection without a word, which alone reads as "no quorum".
 */
export const tcpSocketFactory: SocketFactory = Object.assign(
  async (target: SocketTarget, signal: AbortSignal): Promise<Duplex> => {
    const socket = netConnect({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    return whenReady(socket, 'connect', signal);
  },
  { explainDrop: explainPlainDrop },
);

/** A short reason for a failed open: the system error code when there is one. */
export function describeOpenError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (typeof code === 'string' && !message.includes(code)) return `${message} (${code})`;
  return message;
}
