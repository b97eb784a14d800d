/**
 * How we harden node-zookeeper-client 1.1.3 (pinned exactly in package.json) without forking it.
 * Applied by `createHardenedClient`, which the Transport calls when a session is created; nothing
 * happens on import.
 *
 * Kept from the library: the connect request, replay of auth after reconnects, watch
 * re-registration (SetWatches with the last zxid), xid assignment, the packet and pending queues,
 * failing the pending queue and reconnecting when a connection closes, idle pings and
 * closeSession. Replaced, per connection manager instance:
 *
 * - `connect`: the library calls `net.connect` itself; ours opens the stream through the
 *   session's SocketFactory (socket.ts: plain TCP by default, TLS plugs in there), bounded by the
 *   watchdog and cancellable, and a failed open goes through the same backed-off reconnect.
 * - `onSocketData`: the library's handler allocates whatever length the connect response claims,
 *   throws on an unknown error code (exiting the process), destroys the connection on any opcode
 *   it does not know, shifts a pending request before checking its xid, and keeps a partial frame
 *   across reconnects. Ours (frames.ts, handshake.ts) checks every length before buffering,
 *   decodes the connect response itself, hands replies to our decoders, and turns every failure
 *   into a typed error plus a backed-off reconnect.
 * - `findNextServer`: the library's spin timer is untracked (it opens a socket after close) and
 *   retries at a fixed rate; ours is cancellable and backs off.
 *
 * Patched once, globally: `Exception.create`, which throws for codes it does not know; now it
 * returns an exception carrying the code, so no library path can throw from a socket handler.
 *
 * Everything here runs inside esbuild bundles too: only public exports and instance fields of
 * the library are touched, and `assertShape` (libraryTypes.ts) names every one of them.
 */
import * as zookeeper from 'node-zookeeper-client';
import type { Duplex } from 'node:stream';
import { nameOfCode } from './errors';
import { installFrameHandler } from './frames';
import { HardenHooks, LIB_STATE, LibConnectionManager, assertShape } from './libraryTypes';
import { ConnectMismatch, SocketFactory, SocketTarget, describeOpenError } from './socket';

/** How long a socket factory may take to explain a dropped connection (it may probe the server). */
const EXPLAIN_BOUND_MS = 2000;
/**
 * A server is asked again only after this long: a member without quorum also drops every new
 * connection silently, and a probe per reconnect would double the connections it gets.
 */
const EXPLAIN_AGAIN_MS = 30_000;

type ExceptionModule = { create: (code: number, path?: string) => unknown; prototype: object };
const PATCHED = Symbol.for('zookeeper-ops.exceptionPatched');

/** Makes `Exception.create` total: unknown codes yield an exception instead of a throw. Idempotent. */
export function patchExceptionFactory(): void {
  const exception = zookeeper.Exception as unknown as ExceptionModule & { [PATCHED]?: boolean };
  if (exception[PATCHED]) return;
  const original = exception.create;
  exception.create = (code: number, path?: string): unknown => {
    try {
      return original(code, path);
    } catch {
      const name = nameOfCode(code);
      return Object.assign(Object.create(exception.prototype) as object, { code, name, path, message: `Exception: ${name}[${code}]` });
    }
  };
  exception[PATCHED] = true;
}

/** Whether `patchExceptionFactory` ran in this process (the seam test checks import alone does not). */
export function isExceptionFactoryPatched(): boolean {
  return (zookeeper.Exception as unknown as { [PATCHED]?: boolean })[PATCHED] === true;
}

/** The library's ConnectionManager of a new client, unpatched: what the shape test inspects. */
export function libraryConnectionManager(sessionTimeoutMs = 30_000): unknown {
  const client = zookeeper.createClient('127.0.0.1:2181', { sessionTimeout: sessionTimeoutMs, spinDelay: 1000, retries: 0 });
  return (client as unknown as { connectionManager?: unknown }).connectionManager;
}

export interface HardenedClient {
  readonly cm: LibConnectionManager;
  /** True while a stream is being opened (before the connect request can be written). */
  opening(): boolean;
  /** Ends the current attempt or connection; the library reconnects (backed off) unless closing. */
  readonly dropConnection: () => void;
  /** Cancels a pending spin timer and a pending open. */
  readonly cancelTimers: () => void;
}

export interface HardenOptions {
  readonly sessionTimeoutMs: number;
  readonly openSocket: SocketFactory;
  readonly maxReplyBytes?: number;
}

/** Creates a library client and hardens its connection manager (the one place the patch is applied). */
export function createHardenedClient(options: HardenOptions, hooks: HardenHooks): HardenedClient {
  patchExceptionFactory();
  const cm: unknown = libraryConnectionManager(options.sessionTimeoutMs);
  assertShape(cm);
  installFrameHandler(cm, hooks, options.maxReplyBytes);
  let spinTimer: NodeJS.Timeout | undefined;
  let pendingOpen: AbortController | undefined;
  /** Explanations under way (socket.ts explainDrop); aborted on close. */
  const explaining = new Set<AbortController>();
  /** Sockets we destroyed ourselves (watchdog, close): their end needs no explanation. */
  const droppedByUs = new WeakSet<Duplex>();
  /** When each server (`host:port`) was last asked to explain a drop. */
  const lastExplained = new Map<string, number>();

  cm.findNextServer = (callback) => {
    if (hooks.isClosed() || cm.servers.length === 0) return;
    const fire = (): void => {
      spinTimer = undefined;
      if (hooks.isClosed()) return;
      cm.nextServerIndex %= cm.servers.length;
      const server = cm.servers[cm.nextServerIndex]!;
      cm.nextServerIndex += 1;
      hooks.onAttempt({ host: server.host, port: Number(server.port) });
      callback(server);
    };
    if (cm.serverAttempts >= cm.servers.length) {
      // Every server failed once: this attempt starts the next round, after a pause.
      cm.serverAttempts = 1;
      spinTimer = setTimeout(fire, hooks.nextSpinDelay());
    } else {
      cm.serverAttempts += 1;
      process.nextTick(fire);
    }
  };

  /**
   * A connection that ended before the server answered the handshake, not by our hand: the
   * factory may know why (a TLS alert after its handshake, a plain client on a TLS port).
   */
  const explainDrop = (server: SocketTarget, error: unknown): void => {
    const factory = options.openSocket;
    if (!factory.explainDrop || hooks.isClosed()) return;
    const key = `${server.host}:${server.port}`;
    const now = Date.now();
    if (now - (lastExplained.get(key) ?? Number.NEGATIVE_INFINITY) < EXPLAIN_AGAIN_MS) return;
    lastExplained.set(key, now);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort('no explanation in time'), EXPLAIN_BOUND_MS);
    explaining.add(controller);
    factory
      .explainDrop(server, error, controller.signal)
      .then(
        (mismatch) => {
          if (mismatch && !controller.signal.aborted && !hooks.isClosed()) hooks.onMismatch(server, mismatch);
        },
        () => undefined,
      )
      .finally(() => {
        clearTimeout(timer);
        explaining.delete(controller);
      });
  };

  const attach = (socket: Duplex, server: SocketTarget): void => {
    cm.socket = socket;
    let answered = false;
    let failure: unknown;
    socket.on('data', (chunk: Buffer) => {
      answered = true;
      cm.onSocketData(chunk);
    });
    socket.on('drain', () => cm.onSocketDrain());
    socket.on('close', () => {
      const beforeHandshake = cm.socket === socket && cm.state === LIB_STATE.CONNECTING;
      if (beforeHandshake && !answered && !droppedByUs.has(socket)) explainDrop(server, failure);
      if (cm.socket === socket) cm.onSocketClosed();
    });
    // 'close' follows every error; the reason was recorded by whoever destroyed the socket.
    socket.on('error', (err: Error) => {
      failure = err;
      hooks.onConnectionError(`connection error: ${describeOpenError(err)}`);
    });
    cm.onSocketConnected();
  };

  cm.connect = () => {
    cm.setState(LIB_STATE.CONNECTING);
    cm.findNextServer((server) => {
      const controller = new AbortController();
      pendingOpen = controller;
      cm.socket = undefined;
      const target: SocketTarget = { host: server.host, port: Number(server.port) };
      options.openSocket(target, controller.signal).then(
        (socket) => {
          if (pendingOpen === controller) pendingOpen = undefined;
          if (controller.signal.aborted || hooks.isClosed()) {
            socket.destroy();
            return;
          }
          attach(socket, target);
        },
        (err: unknown) => {
          if (pendingOpen === controller) pendingOpen = undefined;
          if (hooks.isClosed()) return;
          if (err instanceof ConnectMismatch) hooks.onMismatch(target, err);
          hooks.onConnectionError(`could not connect: ${describeOpenError(err)}`);
          // As if the socket closed: fail what was pending and try again, backed off.
          cm.onSocketClosed();
        },
      );
    });
  };

  return {
    cm,
    opening: () => pendingOpen !== undefined,
    dropConnection: () => {
      if (pendingOpen) pendingOpen.abort('the connection attempt took too long');
      else if (cm.socket) {
        droppedByUs.add(cm.socket);
        cm.socket.destroy();
      }
    },
    cancelTimers: () => {
      if (spinTimer) clearTimeout(spinTimer);
      spinTimer = undefined;
      pendingOpen?.abort('the session was closed');
      pendingOpen = undefined;
      for (const controller of explaining) controller.abort('the session was closed');
      if (cm.connectTimeoutHandler) clearTimeout(cm.connectTimeoutHandler);
      cm.connectTimeoutHandler = null;
    },
  };
}
