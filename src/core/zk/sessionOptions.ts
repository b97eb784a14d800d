/**
 * The knobs of a ZkSession, their defaults, and the options of its transport derived from them.
 */
import type { ServerAddress } from '../connectString';
import type { ZkAcl } from './acl';
import { JUTE_MAX_BUFFER } from './errors';
import { DEFAULT_MAX_REPLY_BYTES } from './frames';
import type { CreateMode } from './requests';
import { SocketFactory, tcpSocketFactory } from './socket';
import type { TlsOptions } from '../tls/client';
import type { StateChange, TransportOptions } from './transport';

export interface ZkSessionOptions {
  /** Requested session timeout; the server clamps it to [2, 20] ticks. Default 30 000. */
  readonly sessionTimeoutMs?: number;
  /** How long `connect` waits for the first connection. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Default per-call timeout. Default 10 000. */
  readonly requestTimeoutMs?: number;
  /** Credentials added before connecting and replayed on every reconnect. */
  readonly auth?: readonly { readonly scheme: string; readonly auth: string | Buffer }[];
  /** Refuse every write locally with NOTREADONLY (the cluster's readOnly setting). */
  readonly readOnly?: boolean;
  /** Requests on the wire at once. Default 1000. */
  readonly maxInFlight?: number;
  /** Calls allowed to wait for an in-flight slot; more fail with THROTTLEDOP. Default 10 000. */
  readonly maxWaiting?: number;
  /** Requests allowed to wait for a connection; more fail with CONNECTIONLOSS. Default 1000. */
  readonly maxQueuedWhileDisconnected?: number;
  /** Without a connection for this long, calls fail at once. Default 5000. */
  readonly failFastAfterMs?: number;
  /** Fixed hung-server bound; default max(2 s, negotiated session timeout / 3). */
  readonly watchdogMs?: number;
  /** Largest request sent; default ZooKeeper's jute.maxbuffer (1 MB - 1). */
  readonly maxRequestBytes?: number;
  /** Start a new session when the old one expires. Default true. */
  readonly renewExpiredSession?: boolean;
  /**
   * Batch `readMany`'s reads into multiRead requests when the server has them (3.6+; detected,
   * with a fallback). Default true; false sends every read on its own.
   */
  readonly multiRead?: boolean;
  /**
   * Connect over TLS (a secure client port): CA file, client certificate and key, server name,
   * verify (default on), passphrase of an encrypted key; or a TlsClient shared with probes.
   * Unreadable files fail `connect` with TLSERROR before anything connects.
   */
  readonly tls?: TlsOptions;
  /**
   * Opens every connection of the session (see socket.ts); default plain TCP, or TLS with `tls`.
   * Tests plug in their own.
   */
  readonly connectSocket?: SocketFactory;
  /** Largest reply frame accepted before it is buffered; default 64 MB (frames.ts). */
  readonly maxReplyBytes?: number;
}

export interface CreateOptions {
  readonly mode?: CreateMode;
  readonly acl?: readonly ZkAcl[];
  /** For `ttl` and `ttl-sequential` nodes (servers need extendedTypesEnabled=true). */
  readonly ttlMs?: number;
}

export interface SessionStateChange extends StateChange {
  readonly sessionId: string | undefined;
}

/** The per-call timeout when neither the call nor the session sets one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** `openSocket`: the session's TLS factory when it has one (the caller loaded it). */
export function transportOptions(
  servers: readonly ServerAddress[],
  chroot: string | undefined,
  o: ZkSessionOptions,
  openSocket?: SocketFactory,
): TransportOptions {
  return {
    servers,
    chroot,
    sessionTimeoutMs: o.sessionTimeoutMs ?? 30_000,
    watchdogMs: o.watchdogMs,
    maxQueuedWhileDisconnected: o.maxQueuedWhileDisconnected ?? 1000,
    failFastAfterMs: o.failFastAfterMs ?? 5000,
    maxRequestBytes: o.maxRequestBytes ?? JUTE_MAX_BUFFER,
    maxReplyBytes: o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
    openSocket: o.connectSocket ?? openSocket ?? tcpSocketFactory,
  };
}
