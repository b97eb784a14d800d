/**
 * The parts of node-zookeeper-client 1.1.3's ConnectionManager that src/core/zk relies on, typed.
 * Nothing outside src/core/zk sees these.
 */
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/** ConnectionManager.STATES of node-zookeeper-client 1.1.3. */
export const LIB_STATE = {
  DISCONNECTED: 0,
  CONNECTING: 1,
  CONNECTED: 2,
  CONNECTED_READ_ONLY: 3,
  CLOSING: -1,
  CLOSED: -2,
  SESSION_EXPIRED: -3,
  AUTHENTICATION_FAILED: -4,
} as const;

export interface LibRequest {
  readonly header: { xid: number; readonly type: number } | null;
  toBuffer(): Buffer;
}

export interface LibPacket {
  readonly request: LibRequest;
  readonly callback?: (error: unknown, reply?: unknown) => void;
}

export interface LibServer {
  readonly host: string;
  readonly port: number | string;
}

/** The instance fields and methods of the library's ConnectionManager that we use. */
export interface LibConnectionManager extends EventEmitter {
  state: number;
  socket: Socket | undefined;
  servers: LibServer[];
  nextServerIndex: number;
  serverAttempts: number;
  sessionTimeout: number;
  connectTimeoutHandler: NodeJS.Timeout | null;
  chrootPath: string | undefined;
  sessionId: Buffer;
  zxid: Buffer;
  pendingBuffer: Buffer | null;
  packetQueue: { queue: LibPacket[] };
  pendingQueue: LibPacket[];
  watcherManager: { emit(event: { type: number; state: number; path: string }): void };
  setState(state: number): void;
  updateTimeout(sessionTimeoutMs: number): void;
  queue(request: LibRequest, callback: (error: unknown, reply?: unknown) => void): void;
  connect(): void;
  close(): void;
  onSocketData(chunk: Buffer): void;
  findNextServer(callback: (server: LibServer) => void): void;
  registerDataWatcher(path: string, watcher: (event: { type: number; path: string }) => void): void;
  registerChildWatcher(path: string, watcher: (event: { type: number; path: string }) => void): void;
  registerExistenceWatcher(path: string, watcher: (event: { type: number; path: string }) => void): void;
  addAuthInfo(scheme: string, auth: Buffer): void;
}

const METHODS = ['setState', 'queue', 'connect', 'close', 'onSocketData', 'findNextServer', 'registerDataWatcher', 'addAuthInfo'];

export function assertShape(value: unknown): asserts value is LibConnectionManager {
  const cm = value as Record<string, unknown> | undefined;
  const missing = METHODS.filter((m) => typeof cm?.[m] !== 'function');
  const fields = cm && Array.isArray(cm['servers']) && Array.isArray(cm['pendingQueue']) && typeof cm['packetQueue'] === 'object';
  if (missing.length || !fields) {
    throw new Error(`node-zookeeper-client internals are not those of 1.1.3 (missing ${missing.join(', ') || 'queues'}); src/core/zk/libraryPatch.ts needs updating`);
  }
}

export interface HardenHooks {
  /** True once the owner closed: no further connection attempts. */
  isClosed(): boolean;
  /** A connection attempt to `server` starts now. */
  onAttempt(server: { host: string; port: number }): void;
  /** Any complete frame arrived (replies, pings, notifications). */
  onFrame(): void;
  /** The reply to an auth packet. */
  onAuthReply(err: number): void;
  /** Something on the wire made no sense; the connection is being dropped. */
  onProtocolError(message: string): void;
  /** Something went wrong that does not affect the connection (a callback threw). */
  onWarning(message: string): void;
  /** Milliseconds to wait after every server of the list failed once. */
  nextSpinDelay(): number;
}

