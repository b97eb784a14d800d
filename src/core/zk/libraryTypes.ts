/**
 * The parts of node-zookeeper-client 1.1.3's ConnectionManager that src/core/zk relies on, typed.
 * Nothing outside src/core/zk sees these.
 */
import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { ConnectMismatch } from './socket';

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

/**
 * Every instance field and method of the library's ConnectionManager that src/core/zk reads,
 * writes, calls or replaces. `assertShape` checks each of them, so a library upgrade that renames
 * or drops one fails in test/unit/zk-seam.test.ts (and at session creation), never subtly later.
 */
export interface LibConnectionManager extends EventEmitter {
  state: number;
  /** The stream of the current connection (ours: set by the replaced `connect`). */
  socket: Duplex | undefined;
  servers: LibServer[];
  nextServerIndex: number;
  serverAttempts: number;
  sessionTimeout: number;
  /** Derived by `updateTimeout`; the library's idle-ping interval. */
  pingTimeout: number;
  connectTimeoutHandler: NodeJS.Timeout | null;
  chrootPath: string | undefined;
  sessionId: Buffer;
  sessionPassword: Buffer;
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
  /** Writes the connect request, queues auth replay and SetWatches. */
  onSocketConnected(): void;
  /** Fails the pending queue and reconnects (or closes, in CLOSING/expired/auth-failed). */
  onSocketClosed(): void;
  onSocketDrain(): void;
  /** The library's idle ping. */
  onSocketTimeout(): void;
  /** Writes queued packets, assigning xids. */
  onPacketQueueReadable(): void;
  findNextServer(callback: (server: LibServer) => void): void;
  registerDataWatcher(path: string, watcher: (event: { type: number; path: string }) => void): void;
  registerChildWatcher(path: string, watcher: (event: { type: number; path: string }) => void): void;
  registerExistenceWatcher(path: string, watcher: (event: { type: number; path: string }) => void): void;
  addAuthInfo(scheme: string, auth: Buffer): void;
}

const METHODS = [
  'setState',
  'updateTimeout',
  'queue',
  'connect',
  'close',
  'onSocketData',
  'onSocketConnected',
  'onSocketClosed',
  'onSocketDrain',
  'onSocketTimeout',
  'onPacketQueueReadable',
  'findNextServer',
  'registerDataWatcher',
  'registerChildWatcher',
  'registerExistenceWatcher',
  'addAuthInfo',
  'on',
  'emit',
  'removeAllListeners',
] as const;

/** Fields and the type their value has on a freshly constructed ConnectionManager. */
const FIELDS: Record<string, (v: unknown) => boolean> = {
  state: (v) => v === LIB_STATE.DISCONNECTED,
  servers: Array.isArray,
  nextServerIndex: (v) => typeof v === 'number',
  serverAttempts: (v) => typeof v === 'number',
  sessionTimeout: (v) => typeof v === 'number',
  pingTimeout: (v) => typeof v === 'number',
  connectTimeoutHandler: (v) => v === null,
  sessionId: (v) => Buffer.isBuffer(v) && v.length === 8,
  sessionPassword: (v) => Buffer.isBuffer(v) && v.length === 16,
  zxid: (v) => Buffer.isBuffer(v) && v.length === 8,
  pendingBuffer: (v) => v === null,
  packetQueue: (v) => typeof v === 'object' && v !== null && Array.isArray((v as { queue?: unknown }).queue),
  pendingQueue: Array.isArray,
  watcherManager: (v) => typeof v === 'object' && v !== null && typeof (v as { emit?: unknown }).emit === 'function',
  // Present (possibly undefined) on every instance: the library's parser sets it.
  chrootPath: () => true,
};

/** What is missing or different on `value` compared with 1.1.3's ConnectionManager. */
export function shapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['no connectionManager'];
  const cm = value as Record<string, unknown>;
  const problems = METHODS.filter((m) => typeof cm[m] !== 'function').map((m) => `method ${m}`);
  for (const [name, ok] of Object.entries(FIELDS)) {
    if (!(name in cm) || !ok(cm[name])) problems.push(`field ${name}`);
  }
  return problems;
}

/** Throws, naming every difference, unless `value` is a fresh ConnectionManager of 1.1.3's shape. */
export function assertShape(value: unknown): asserts value is LibConnectionManager {
  const problems = shapeProblems(value);
  if (problems.length) {
    const what = problems.join(', ');
    throw new Error(`node-zookeeper-client internals are not those of 1.1.3 (${what}); src/core/zk/libraryPatch.ts needs updating`);
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
  /** The stream failed (refused, reset, TLS error); the reason unless a better one is known. */
  onConnectionError(message: string): void;
  /**
   * The client's settings do not fit this server (socket.ts ConnectMismatch): retrying it cannot
   * help. Comes before the connection's close, or after it once the socket factory explained a drop.
   */
  onMismatch(server: { host: string; port: number }, mismatch: ConnectMismatch): void;
  /** Something went wrong that does not affect the connection (a callback threw). */
  onWarning(message: string): void;
  /** Milliseconds to wait after every server of the list failed once. */
  nextSpinDelay(): number;
}
