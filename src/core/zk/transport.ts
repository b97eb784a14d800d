/**
 * One ZooKeeper session over one hardened library client: connection state, the bounded wait
 * while disconnected, per-call cancellation that pulls unsent requests out of the library's queue,
 * the watchdog, auth replies and a close that always releases sockets and timers.
 */
import { ServerAddress, formatAddress } from '../connectString';
import { AuthReplies } from './authReplies';
import { CallScope } from './callScope';
import { ConnectionState, nextConnectionState } from './connectionState';
import { ZkError, requestTooLarge, toZkError } from './errors';
import { JuteReader } from './jute';
import { createHardenedClient } from './libraryPatch';
import { LIB_STATE, LibConnectionManager } from './libraryTypes';
import { Requests } from './requests';
import { formatSessionId } from './stat';
import { Watchdog } from './watchdog';
import { Reply, WireRequest } from './wire';
import { ConnectMismatch, SocketFactory } from './socket';

export type { ConnectionState } from './connectionState';

export interface TransportOptions {
  readonly servers: readonly ServerAddress[];
  readonly chroot: string | undefined;
  readonly sessionTimeoutMs: number;
  /** Fixed watchdog bound; default max(2 s, negotiated session timeout / 3). */
  readonly watchdogMs: number | undefined;
  /** Requests allowed to wait for a connection; more fail at once with CONNECTIONLOSS. */
  readonly maxQueuedWhileDisconnected: number;
  /** After this long without a connection, new requests fail at once instead of waiting. */
  readonly failFastAfterMs: number;
  readonly maxRequestBytes: number;
  /** Largest reply frame accepted (frames.ts). */
  readonly maxReplyBytes: number;
  /** Opens each connection (socket.ts); plain TCP unless TLS or a test plugs in another. */
  readonly openSocket: SocketFactory;
}

export interface StateChange {
  readonly state: ConnectionState;
  readonly server: ServerAddress | undefined;
  /** Why the connection dropped, when we know (watchdog, protocol error). */
  readonly reason: string | undefined;
}

/** A request on its way to the library's queue. */
interface OutgoingPacket {
  readonly request: WireRequest<unknown>;
  readonly callback: (error: unknown, reply?: unknown) => void;
  /** Handed to the library (a callback before that means it was refused, never sent). */
  queued: boolean;
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export class Transport {
  readonly requests: Requests;
  private readonly cm: LibConnectionManager;
  private readonly cancelTimers: () => void;
  private readonly dropConnection: () => void;
  /** Why the last connection or attempt ended, with the server's address (for connect errors). */
  private lastFailureText: string | undefined;
  private readonly watchdog: Watchdog;
  private closed = false;
  /** Requests made in this tick, not yet handed to the library (see flush). */
  private outbox: OutgoingPacket[] = [];
  private flushQueued = false;
  private current: ConnectionState = 'connecting';
  private attempting: ServerAddress | undefined;
  private connectedTo: ServerAddress | undefined;
  private disconnectedSince = Date.now();
  private dropReason: string | undefined;
  private spinRound = 0;
  private attempts = 0;
  private readonly auth = new AuthReplies();
  /** Per server (`host:port`), why the client's settings do not fit it. */
  private readonly mismatches = new Map<string, ConnectMismatch>();
  private readonly hopelessListeners = new Set<() => void>();

  constructor(
    private readonly options: TransportOptions,
    private readonly onState: (change: StateChange) => void,
    onWarning: (message: string) => void,
  ) {
    this.requests = new Requests(options.chroot);
    this.watchdog = new Watchdog({
      isConnected: () => this.current === 'connected',
      // TCP connect plus handshake: a blackholed address must not hold an attempt for sessionTimeout/n.
      isHandshaking: () => this.cm.state === LIB_STATE.CONNECTING && (client.opening() || (!!this.cm.socket && !this.cm.socket.destroyed)),
      boundMs: () => this.watchdogBoundMs,
      sendPing: () => this.cm.queue(Requests.ping(), () => undefined),
      drop: (reason) => this.drop(reason),
    });
    const { sessionTimeoutMs, openSocket, maxReplyBytes } = options;
    const client = createHardenedClient(
      { sessionTimeoutMs, openSocket, maxReplyBytes },
      {
        isClosed: () => this.closed,
        onAttempt: (server) => {
          this.attempts += 1;
          this.attempting = server;
          this.watchdog.attempt();
        },
        onFrame: () => this.watchdog.heard(),
        onAuthReply: (err) => this.auth.reply(err),
        onProtocolError: (message) => {
          this.dropReason = message;
        },
        onConnectionError: (message) => {
          this.dropReason ??= message;
        },
        onMismatch: (server, mismatch) => this.onMismatch(server, mismatch),
        onWarning,
        nextSpinDelay: () => {
          // Back off from 100 ms to 2 s while no member answers; reset on connect.
          const base = Math.min(2000, 100 * 2 ** this.spinRound++);
          return base / 2 + (Math.random() * base) / 2;
        },
      },
    );
    this.cm = client.cm;
    this.cancelTimers = client.cancelTimers;
    this.dropConnection = client.dropConnection;
    // Our parsed list replaces the library's parser, which cannot read IPv6 or validate.
    this.cm.servers = shuffled(options.servers);
    this.cm.chrootPath = options.chroot;
    this.cm.updateTimeout(options.sessionTimeoutMs);
    this.cm.on('state', (state: number) => this.onLibraryState(state));
  }

  /**
   * Starts connecting; `credentials` are sent on every (re)connect by the library. Resolves when
   * the server answered all of them the first time (waiters exist before any reply can arrive).
   */
  start(credentials: readonly { scheme: string; auth: Buffer }[]): Promise<void> {
    const answered = credentials.map(() => this.auth.expect());
    for (const c of credentials) this.cm.addAuthInfo(c.scheme, c.auth);
    this.watchdog.start();
    this.cm.connect();
    return Promise.all(answered).then(() => undefined);
  }

  get state(): ConnectionState {
    return this.current;
  }

  get server(): ServerAddress | undefined {
    return this.current === 'connected' ? this.connectedTo : undefined;
  }

  /** `0x…` once a session was established, else undefined. */
  get sessionId(): string | undefined {
    const id = this.cm.sessionId.readBigUInt64BE(0);
    return id === 0n ? undefined : formatSessionId(id);
  }

  get negotiatedTimeoutMs(): number {
    return this.cm.sessionTimeout;
  }

  get watchdogBoundMs(): number {
    return this.options.watchdogMs ?? Math.max(2000, Math.floor(this.cm.sessionTimeout / 3));
  }

  /** Requests waiting for a connection / written and awaiting a reply; connection attempts so far. */
  get queued(): { unsent: number; outstanding: number; attempts: number } {
    return {
      unsent: this.cm.packetQueue.queue.length + this.outbox.length,
      outstanding: this.cm.pendingQueue.length,
      attempts: this.attempts,
    };
  }

  private onLibraryState(state: number): void {
    if (state === LIB_STATE.CONNECTED || state === LIB_STATE.CONNECTED_READ_ONLY) {
      this.connectedTo = this.attempting;
      if (this.attempting) this.mismatches.delete(formatAddress(this.attempting));
      this.spinRound = 0;
      this.watchdog.heard();
    } else if (state === LIB_STATE.DISCONNECTED) {
      if (this.current === 'connected') this.disconnectedSince = Date.now();
      const server = this.connectedTo ?? this.attempting;
      this.lastFailureText = `${server ? `${server.host}:${server.port}: ` : ''}${this.dropReason ?? 'the connection closed'}`;
    } else if (state === LIB_STATE.SESSION_EXPIRED) {
      // The server closes an expired connection; make sure, so the library reaches CLOSED.
      setImmediate(() => this.cm.socket?.destroy());
    } else if (state === LIB_STATE.CLOSED) {
      this.failUnsent(this.current === 'expired' ? 'SESSIONEXPIRED' : this.current === 'authFailed' ? 'AUTHFAILED' : 'CONNECTIONLOSS');
    }
    const next = nextConnectionState(this.current, state, this.closed);
    if (next === undefined) return;
    this.current = next;
    const reason = next === 'disconnected' ? (this.dropReason ?? 'the server closed the connection or became unreachable') : undefined;
    // A reason belongs to one connection: the next attempt starts without one.
    if (state === LIB_STATE.DISCONNECTED) this.dropReason = undefined;
    if (next === 'expired' || next === 'authFailed') this.auth.failAll(next === 'expired' ? 'SESSIONEXPIRED' : 'AUTHFAILED');
    this.onState({ state: next, server: this.connectedTo ?? this.attempting, reason });
  }

  /**
   * Records that this server does not fit the client's settings; once every server of the list
   * has such a reason, the connection can never succeed and the hopeless listeners hear why.
   */
  private onMismatch(server: ServerAddress, mismatch: ConnectMismatch): void {
    const key = formatAddress(server);
    this.mismatches.set(key, mismatch);
    // Arrives before the connection's close (a failed open) or after it (an explained drop).
    this.lastFailureText = `${key}: ${mismatch.message}`;
    if (this.options.servers.every((s) => this.mismatches.has(formatAddress(s)))) {
      for (const listener of [...this.hopelessListeners]) listener();
    }
  }

  /**
   * Why servers do not fit the client's settings (servers with the same reason grouped) and the
   * first such error, or undefined when none was seen since the last successful connection.
   */
  get mismatch(): { summary: string; first: ConnectMismatch } | undefined {
    const first = this.mismatches.values().next().value;
    if (!first) return undefined;
    const byReason = new Map<string, string[]>();
    for (const [server, m] of this.mismatches) byReason.set(m.message, [...(byReason.get(m.message) ?? []), server]);
    return { summary: [...byReason].map(([reason, servers]) => `${servers.join(', ')}: ${reason}`).join('; '), first };
  }

  /** Calls `listener` when every server failed for a reason retrying cannot fix; returns the disposer. */
  onHopeless(listener: () => void): () => void {
    this.hopelessListeners.add(listener);
    return () => this.hopelessListeners.delete(listener);
  }

  private drop(reason: string): void {
    this.dropReason = `${reason}${this.connectedTo ? ` at ${this.connectedTo.host}:${this.connectedTo.port}` : ''}`;
    this.dropConnection();
  }

  /**
   * What went wrong with the connection so far, for a connect that gave up: the last failure
   * (with the server's address), or what the attempt under way is waiting for.
   */
  get lastFailure(): string | undefined {
    const server = this.attempting ? `${this.attempting.host}:${this.attempting.port}` : 'the server';
    if (this.current !== 'connected' && this.cm.state === LIB_STATE.CONNECTING) {
      const socket = this.cm.socket;
      const before = this.lastFailureText ? ` (before: ${this.lastFailureText})` : '';
      if (socket && !socket.destroyed) return `${server} accepted the connection but sent no handshake reply${before}`;
    }
    return this.lastFailureText;
  }

  private failUnsent(name: 'SESSIONEXPIRED' | 'AUTHFAILED' | 'CONNECTIONLOSS'): void {
    const packets = this.cm.packetQueue.queue.splice(0);
    for (const p of packets) p.callback?.(new ZkError(name, { mayHaveApplied: false, sent: false }));
  }

  /** Why a request cannot even be queued now, or undefined. */
  private refusal(req: WireRequest<unknown>): ZkError | undefined {
    const details = { op: req.info.op, path: req.info.path, mayHaveApplied: false, sent: false };
    if (this.closed) return new ZkError('CONNECTIONLOSS', { ...details, message: 'the session is closed' });
    if (this.current === 'expired') return new ZkError('SESSIONEXPIRED', details);
    if (this.current === 'authFailed')
      return new ZkError('AUTHFAILED', { ...details, message: 'authentication failed; the session is unusable' });
    if (req.size > this.options.maxRequestBytes) return requestTooLarge(req.size, this.options.maxRequestBytes, details);
    if (this.current === 'connected') return undefined;
    const downMs = Date.now() - this.disconnectedSince;
    if (downMs > this.options.failFastAfterMs) {
      return new ZkError('CONNECTIONLOSS', {
        ...details,
        message: `no ZooKeeper server reachable for ${(downMs / 1000).toFixed(1)} s; not queueing requests`,
      });
    }
    const waiting = this.cm.packetQueue.queue.length + this.outbox.length;
    if (waiting >= this.options.maxQueuedWhileDisconnected) {
      return new ZkError('CONNECTIONLOSS', { ...details, message: `not connected and ${waiting} requests already wait for a connection` });
    }
    return undefined;
  }

  /**
   * Sends `req` and decodes its reply. `onReply` runs synchronously with the server's error code
   * (0 on success) before the promise settles, so watches are registered before any notification
   * that follows in the same read. Never called for a call that already timed out.
   */
  send<T>(req: WireRequest<T>, scope: CallScope, onReply?: (err: number) => void): Promise<T> {
    const refused = this.refusal(req);
    if (refused) return Promise.reject(refused);
    if (scope.aborted) return Promise.reject(scope.failure(req.info, false));
    const { op, path } = req.info;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const packet: OutgoingPacket = {
        request: req,
        queued: false,
        callback: (error: unknown, reply?: unknown) => {
          if (settled) return;
          settled = true;
          forget();
          if (error) {
            // Called back inside queue() means refused before sending.
            reject(this.lost(error, req, packet.queued));
            return;
          }
          const r = reply as Reply;
          onReply?.(r.err);
          if (r.err !== 0 && !req.info.decodeOnError) {
            reject(ZkError.fromCode(r.err, { op, path }));
            return;
          }
          try {
            resolve(req.decode(new JuteReader(r.body)));
          } catch (err) {
            const message = `could not decode the ${op} reply: ${err instanceof Error ? err.message : String(err)}`;
            reject(r.err !== 0 ? ZkError.fromCode(r.err, { op, path }) : new ZkError('MARSHALLINGERROR', { op, path, message }));
          }
        },
      };
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        const waiting = this.outbox.indexOf(packet);
        if (waiting >= 0) {
          this.outbox.splice(waiting, 1);
          reject(scope.failure(req.info, false));
          return;
        }
        const queue = this.cm.packetQueue.queue;
        const i = queue.findIndex((p) => p.request === req);
        if (i >= 0) queue.splice(i, 1);
        reject(scope.failure(req.info, i < 0));
      };
      const forget = scope.onAbort(onAbort);
      this.outbox.push(packet);
      if (!this.flushQueued) {
        this.flushQueued = true;
        process.nextTick(() => this.flush());
      }
    });
  }

  /**
   * Hands this tick's requests to the library together. The library writes each request to the
   * socket on its own (one syscall each, ~20 % of the client's time in a pipelined walk); corked,
   * they leave in one writev (measured: a third less client CPU per pipelined read). Waiting for
   * the end of the tick also keeps a call cancelled right after it was made from being sent.
   */
  private flush(): void {
    this.flushQueued = false;
    const batch = this.outbox;
    this.outbox = [];
    const socket = this.current === 'connected' ? this.cm.socket : undefined;
    socket?.cork();
    for (const packet of batch) {
      this.cm.queue(packet.request, packet.callback);
      packet.queued = true;
    }
    socket?.uncork();
  }

  /** The error for a request the library failed, saying why the connection went and the fate of the request. */
  private lost(error: unknown, req: WireRequest<unknown>, sent: boolean): ZkError {
    const { op, path, write } = req.info;
    const err = toZkError(error, { op, path, mayHaveApplied: sent && write, sent });
    if (!err.is('CONNECTIONLOSS') || err.sent === false) return err;
    const why = this.dropReason ?? 'the connection to ZooKeeper was lost';
    const fate = !sent ? 'it was not sent' : write ? 'it was sent and may have been applied' : 'it was sent';
    return new ZkError('CONNECTIONLOSS', { op, path, mayHaveApplied: sent && write, sent, message: `${why}; ${fate}`, cause: error });
  }

  /** Adds credentials (replayed on reconnects) and waits for the server's answer. */
  addAuth(scheme: string, auth: Buffer, scope: CallScope): Promise<void> {
    if (this.closed || this.current === 'expired' || this.current === 'authFailed') {
      return Promise.reject(new ZkError(this.current === 'expired' ? 'SESSIONEXPIRED' : 'CONNECTIONLOSS', { op: 'addAuth' }));
    }
    const answered = this.auth.expectWithin(scope);
    this.cm.addAuthInfo(scheme, auth);
    return answered;
  }

  /** Registers a one-shot library watcher (re-registered by the library after reconnects). */
  watch(kind: 'data' | 'child' | 'exist', path: string, fn: (event: { type: number; path: string }) => void): void {
    if (kind === 'data') this.cm.registerDataWatcher(path, fn);
    else if (kind === 'child') this.cm.registerChildWatcher(path, fn);
    else this.cm.registerExistenceWatcher(path, fn);
  }

  /** Closes the session politely when connected, then releases every socket and timer. */
  async close(graceMs = 1000): Promise<void> {
    if (this.closed) return;
    const wasConnected = this.current === 'connected' && graceMs > 0;
    this.closed = true;
    this.watchdog.stop();
    if (wasConnected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.cm.on('state', (s: number) => {
          if (s === LIB_STATE.CLOSED) {
            clearTimeout(timer);
            resolve();
          }
        });
        this.cm.close();
      });
    }
    this.cancelTimers();
    if (this.cm.state !== LIB_STATE.CLOSED) {
      const socket = this.cm.socket;
      // CLOSING makes the library's close handler stop instead of reconnecting.
      this.cm.setState(LIB_STATE.CLOSING);
      if (socket && !socket.destroyed) socket.destroy();
      else this.cm.setState(LIB_STATE.CLOSED);
    }
    this.failUnsent('CONNECTIONLOSS');
    for (const p of this.cm.pendingQueue.splice(0)) {
      p.callback?.(
        new ZkError('CONNECTIONLOSS', { message: 'the session was closed before the reply came', mayHaveApplied: true, sent: true }),
      );
    }
    this.auth.failAll('CONNECTIONLOSS');
    this.cm.removeAllListeners('state');
    if (this.current !== 'closed') {
      this.current = 'closed';
      this.onState({ state: 'closed', server: undefined, reason: undefined });
    }
  }
}
