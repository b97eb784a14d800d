/**
 * How a ZkSession opens its connections: the one replaceable point of the transport. The default
 * opens plain TCP; a TLS connection is `tls.connect` behind the same signature (resolve on
 * `secureConnect`). Whatever the factory returns carries the ZooKeeper byte stream unchanged.
 */
import { Socket, connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SocketTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * Opens a byte stream to `target`; resolves once bytes can be written (a TCP socket on `connect`,
 * a TLS socket on `secureConnect`), rejects with the reason it could not. When `signal` aborts
 * (the attempt took too long, the session closed), the factory destroys what it opened and rejects.
 */
export type SocketFactory = (target: SocketTarget, signal: AbortSignal) => Promise<Duplex>;

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

/** Plain TCP, Nagle off (requests are small and latency-bound). */
export const tcpSocketFactory: SocketFactory = async (target, signal) => {
  const socket = netConnect({ host: target.host, port: target.port });
  socket.setNoDelay(true);
  return whenReady(socket, 'connect', signal);
};

/** A short reason for a failed open: the system error code when there is one. */
export function describeOpenError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (typeof code === 'string' && !message.includes(code)) return `${message} (${code})`;
  return message;
}
