/**
 * ZkSession: the only way the product talks to ZooKeeper. A promise API over a hardened
 * node-zookeeper-client where every call is bounded in time and cancellable, every failure is a
 * ZkError, a hung server is noticed, a disconnected client does not queue without bound, and an
 * expired session is replaced by a new one (with a `sessionExpired` event to every watcher).
 */
import { ConnectStringError, ServerAddress, parseConnectString } from '../connectString';
import { TlsClient } from '../tls/client';
import { BatchReader } from './batchReader';
import { CallOptions, CallScope, untilAborted, waitForState } from './callScope';
import { OPEN_ACL_UNSAFE, ZkAcl } from './acl';
import { ZK_CODES, ZkError, isZkError } from './errors';
import { Listeners, describe } from './listeners';
import { BulkOptions, BulkOutcome, Semaphore, mapBounded } from './limiter';
import { MultiOp, MultiOutcome, multiRequest } from './multi';
import { DEFAULT_READ_LIMITS, ReadOp, ReadOutcome, checkReadOp } from './readOps';
import { AclResult, ChildrenResult, DataResult, ReconfigChange } from './requests';
import { CreateOptions, DEFAULT_REQUEST_TIMEOUT_MS, SessionStateChange, ZkSessionOptions, transportOptions } from './sessionOptions';
import { ZkStat } from './stat';
import { ConnectionState, StateChange, Transport } from './transport';
import { WatchRegistry, Watcher } from './watches';
import { WireRequest } from './wire';

/** A read is sent at most this often when connections keep dropping under it. */
const READ_ATTEMPTS = 3;

export type { CreateOptions, SessionStateChange, ZkSessionOptions } from './sessionOptions';
export type { SocketFactory, SocketTarget } from './socket';
export type { TlsOptions } from '../tls/client';
export type { ChildNames, ReadOp, ReadOutcome } from './readOps';

export class ZkSession {
  private transport: Transport;
  private readonly limiter: Semaphore;
  private readonly watches: WatchRegistry;
  private readonly reader: BatchReader;
  private readonly credentials: { scheme: string; auth: Buffer }[] = [];
  private readonly states = new Listeners<SessionStateChange>();
  private readonly warnings = new Listeners<string>();
  private closed = false;
  /** The session's TLS, files loaded by `connect`; undefined for plain TCP. */
  private tls: TlsClient | undefined;
  /** Settles when the server answered the credentials given to `connect`. */
  private authReady: Promise<void> = Promise.resolve();

  private constructor(
    readonly servers: readonly ServerAddress[],
    readonly chroot: string | undefined,
    private readonly options: ZkSessionOptions,
    tls: TlsClient | undefined,
  ) {
    this.tls = tls;
    this.limiter = new Semaphore(options.maxInFlight ?? 1000, options.maxWaiting ?? 10_000);
    this.watches = new WatchRegistry((err) => this.warnings.emit(`a watcher threw: ${describe(err)}`));
    for (const c of options.auth ?? []) this.credentials.push({ scheme: c.scheme, auth: Buffer.from(c.auth) });
    this.transport = this.newTransport();
    this.reader = new BatchReader(
      {
        chroot,
        send: (build, scope, once) => this.callWithin(build, scope, once ? 1 : READ_ATTEMPTS),
        connected: (scope) => this.waitFor('connected', scope),
        onUnsupported: () =>
          this.warnings.emit('the server does not implement multiRead (ZooKeeper before 3.6); batched reads are sent one by one'),
      },
      DEFAULT_READ_LIMITS,
      options.multiRead !== false,
    );
  }

  /**
   * Validates `connectString` (`host:port,...[/chroot]`), connects and authenticates. Rejects with
   * BADARGUMENTS for a bad connect string, CONNECTIONLOSS when no member answers within
   * `connectTimeoutMs`, AUTHFAILED when credentials are refused, TLSERROR when the TLS settings
   * cannot work (unreadable files; every server refused them, or speaks TLS to a plain client, or
   * the reverse: at once, not at the timeout); never leaves anything running.
   */
  static async connect(connectString: string, options: ZkSessionOptions = {}): Promise<ZkSession> {
    let parsed;
    try {
      parsed = parseConnectString(connectString);
    } catch (err) {
      const message = err instanceof ConnectStringError ? err.message : String(err);
      throw new ZkError('BADARGUMENTS', { op: 'connect', message: `invalid connect string: ${message}`, cause: err });
    }
    const tls = TlsClient.from(options.tls);
    try {
      await tls?.load();
    } catch (err) {
      throw new ZkError('TLSERROR', { op: 'connect', message: err instanceof Error ? err.message : String(err), cause: err });
    }
    const session = new ZkSession(parsed.servers, parsed.chroot, options, tls);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const scope = new CallScope(timeoutMs);
    let stopListening = (): void => undefined;
    // Every server refused the settings: waiting for the timeout could not change that.
    const hopeless = new Promise<never>((_, reject) => {
      stopListening = session.transport.onHopeless(() => reject(session.tlsError() ?? new ZkError('CONNECTIONLOSS')));
    });
    try {
      await Promise.race([session.waitFor('connected', scope), hopeless]);
      await untilAborted(session.authReady, scope, { op: 'addAuth', write: false });
      return session;
    } catch (err) {
      const last = session.transport.lastFailure;
      const mismatch = session.tlsError();
      await session.close();
      if (isZkError(err, 'OPERATIONTIMEOUT')) {
        // Some servers refused the settings, the others did not answer: the settings are the news.
        if (mismatch) throw mismatch;
        const tried = parsed.servers.map((s) => `${s.host}:${s.port}`).join(', ');
        const message = `no ZooKeeper server answered within ${timeoutMs} ms (tried ${tried})${last ? `; last: ${last}` : ''}`;
        throw new ZkError('CONNECTIONLOSS', { op: 'connect', message });
      }
      throw err;
    } finally {
      stopListening();
      scope.dispose();
    }
  }

  /** TLSERROR naming why servers refused the connection settings, if any did since the last connection. */
  private tlsError(): ZkError | undefined {
    const mismatch = this.transport.mismatch;
    return mismatch && new ZkError('TLSERROR', { op: 'connect', message: mismatch.summary, cause: mismatch.first });
  }

  private newTransport(): Transport {
    const transport = new Transport(
      transportOptions(this.servers, this.chroot, this.options, this.tls?.socketFactory),
      (change) => this.onTransportState(transport, change),
      (message) => this.warnings.emit(message),
    );
    this.authReady = transport.start(this.credentials);
    // A renewed session's auth failure shows as the authFailed state; nobody awaits this one.
    this.authReady.catch(() => undefined);
    return transport;
  }

  private onTransportState(transport: Transport, change: StateChange): void {
    if (transport !== this.transport) return;
    this.emitState({ ...change, sessionId: transport.sessionId });
    if (change.state === 'expired') {
      this.watches.expireAll();
      if (!this.closed && this.options.renewExpiredSession !== false) {
        // Swap first: the old transport's 'closed' must not reach listeners.
        this.transport = this.newTransport();
        void transport.close(0);
        this.emitState({ state: 'connecting', server: undefined, reason: 'renewing the expired session', sessionId: undefined });
      }
    }
  }

  private emitState(change: SessionStateChange): void {
    this.states.emit(change, (err) => this.warnings.emit(`a state listener threw: ${describe(err)}`));
  }

  /** Listens to connection state changes; returns the disposer. */
  onState(listener: (change: SessionStateChange) => void): () => void {
    return this.states.add(listener);
  }

  /** Listens to problems that are not failures of a call (a watcher that threw). */
  onWarning(listener: (message: string) => void): () => void {
    return this.warnings.add(listener);
  }

  get state(): ConnectionState {
    return this.closed ? 'closed' : this.transport.state;
  }

  /** The current session id (`0x…`); changes when an expired session is renewed. */
  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  /** The member this session is connected to now. */
  get server(): ServerAddress | undefined {
    return this.transport.server;
  }

  get negotiatedTimeoutMs(): number {
    return this.transport.negotiatedTimeoutMs;
  }

  get watchdogBoundMs(): number {
    return this.transport.watchdogBoundMs;
  }

  /**
   * Load figures: calls holding or awaiting an in-flight slot, requests waiting for a connection
   * (`unsent`) or for their reply (`outstanding`), pending watches, and connection attempts of the
   * current session.
   */
  get load(): { inFlight: number; waiting: number; unsent: number; outstanding: number; attempts: number; watches: number } {
    return { inFlight: this.limiter.active, waiting: this.limiter.waiting, ...this.transport.queued, watches: this.watches.size };
  }

  /** Resolves when the state is `state`; rejects on timeout/cancel or when the session closes. */
  waitFor(state: ConnectionState, scope: CallScope | CallOptions = {}): Promise<void> {
    const s = scope instanceof CallScope ? scope : new CallScope(scope.timeoutMs ?? this.requestTimeoutMs, scope.signal);
    const waiting = waitForState(this, state, s);
    return s === scope ? waiting : waiting.finally(() => s.dispose());
  }

  private get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** Runs one request through the limiter and the current transport. */
  private async call<T>(build: () => WireRequest<T>, options: CallOptions = {}, onReply?: (err: number) => void): Promise<T> {
    const scope = new CallScope(options.timeoutMs ?? this.requestTimeoutMs, options.signal);
    try {
      return await this.callWithin(build, scope, READ_ATTEMPTS, onReply);
    } finally {
      scope.dispose();
    }
  }

  /** `call` inside a scope owned by the caller (several requests may share one deadline). */
  private async callWithin<T>(
    build: () => WireRequest<T>,
    scope: CallScope,
    readAttempts: number,
    onReply?: (err: number) => void,
  ): Promise<T> {
    const req = build();
    if (this.options.readOnly && req.info.write) {
      throw new ZkError('NOTREADONLY', {
        op: req.info.op,
        path: req.info.path,
        mayHaveApplied: false,
        message: 'this connection is read-only; writes are refused',
      });
    }
    let release: (() => void) | undefined;
    try {
      release =
        this.limiter.tryAcquire() ??
        (await this.limiter.acquire(scope.signal).catch((err: unknown) => {
          throw scope.aborted ? scope.failure(req.info, false) : err;
        }));
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.transport.send(attempt === 1 ? req : build(), scope, onReply);
        } catch (err) {
          // Reads are idempotent: after a lost connection, send them again on the next one
          // within the same deadline, so a failover is invisible to readers.
          const retry = !req.info.write && attempt < readAttempts && isZkError(err, 'CONNECTIONLOSS') && err.sent !== false;
          if (!retry || this.closed) throw err;
          await this.waitFor('connected', scope).catch(() => Promise.reject(err));
        }
      }
    } finally {
      release?.();
    }
  }

  private watchOn(kind: 'data' | 'child' | 'exist', path: string, watcher: Watcher): void {
    this.transport.watch(kind, path, this.watches.wrap(path, watcher));
  }

  /** The stat of `path`, or null when it does not exist. `watch` fires on create, change or delete. */
  async exists(path: string, watch?: Watcher, options?: CallOptions): Promise<ZkStat | null> {
    const onReply = (err: number): void => {
      if (!watch) return;
      if (err === 0) this.watchOn('data', path, watch);
      else if (isNoNode(err)) this.watchOn('exist', path, watch);
    };
    try {
      return await this.call(() => this.transport.requests.exists(path, !!watch), options, onReply);
    } catch (err) {
      if (isZkError(err, 'NONODE')) return null;
      throw err;
    }
  }

  /** Data and stat. `watch` fires once on data change or delete. */
  async get(path: string, watch?: Watcher, options?: CallOptions): Promise<DataResult> {
    return this.call(
      () => this.transport.requests.getData(path, !!watch),
      options,
      (err) => {
        if (watch && err === 0) this.watchOn('data', path, watch);
      },
    );
  }

  /** Child names (unsorted, as ZooKeeper returns them) and the parent's stat. */
  async children(path: string, watch?: Watcher, options?: CallOptions): Promise<ChildrenResult> {
    return this.call(
      () => this.transport.requests.getChildren(path, !!watch),
      options,
      (err) => {
        if (watch && err === 0) this.watchOn('child', path, watch);
      },
    );
  }

  /** Writes data if the node's version is `version`; pass -1 explicitly to overwrite any version. */
  async set(path: string, data: Buffer, version: number, options?: CallOptions): Promise<ZkStat> {
    return this.call(() => this.transport.requests.setData(path, data, version), options);
  }

  /** Creates a node; resolves to the created path (with the sequence suffix for sequential modes). */
  async create(path: string, data: Buffer = Buffer.alloc(0), create: CreateOptions = {}, options?: CallOptions): Promise<string> {
    const spec = { mode: create.mode ?? 'persistent', acl: create.acl ?? OPEN_ACL_UNSAFE, ttlMs: create.ttlMs };
    try {
      const result = await this.call(() => this.transport.requests.create(path, data, spec), options);
      return result.path;
    } catch (err) {
      if (isZkError(err, 'UNIMPLEMENTED') && spec.ttlMs !== undefined) {
        const message =
          'TTL nodes are disabled on this ensemble; the servers need extendedTypesEnabled=true (zookeeper.extendedTypesEnabled)';
        throw new ZkError('UNIMPLEMENTED', { op: 'create', path, mayHaveApplied: false, message, cause: err });
      }
      throw err;
    }
  }

  /** Deletes a node if its version is `version` (-1: any version). */
  async delete(path: string, version: number, options?: CallOptions): Promise<void> {
    return this.call(() => this.transport.requests.delete(path, version), options);
  }

  async getAcl(path: string, options?: CallOptions): Promise<AclResult> {
    return this.call(() => this.transport.requests.getAcl(path), options);
  }

  /** Replaces the ACL if the node's ACL version (`aversion`) is `version` (-1: any). */
  async setAcl(path: string, acl: readonly ZkAcl[], version: number, options?: CallOptions): Promise<ZkStat> {
    return this.call(() => this.transport.requests.setAcl(path, acl, version), options);
  }

  /**
   * Many reads at once, each with its own outcome (its value, or its own error such as NONODE or
   * NOAUTH). `get` and `children` travel in multiRead requests (ZooKeeper 3.6+) of at most 256
   * reads and ~512 KB of expected reply (give `dataLength` / `numChildren` from a stat when
   * known); `getAcl` goes as pipelined single requests. On servers without multiRead every read
   * goes on its own. One deadline and one signal cover the whole call; a read whose request
   * failed as a whole (timeout, cancel, lost connection) carries that error. Rejects only with
   * BADARGUMENTS, before sending, for an invalid op. Reads of different requests are not one
   * consistent snapshot; no watches are set.
   */
  async readMany(ops: readonly ReadOp[], options: CallOptions = {}): Promise<ReadOutcome[]> {
    ops.forEach(checkReadOp);
    if (ops.length === 0) return [];
    const scope = new CallScope(options.timeoutMs ?? this.requestTimeoutMs, options.signal);
    try {
      return await this.reader.read(ops, scope);
    } finally {
      scope.dispose();
    }
  }

  /** Whether the servers answered multiRead: undefined until the first one was sent. */
  get multiReadSupported(): boolean | undefined {
    return this.reader.multiReadSupported;
  }

  /** Applies every op or none; resolves with per-op outcomes either way (rejects only on transport failures). */
  async multi(ops: readonly MultiOp[], options?: CallOptions): Promise<MultiOutcome> {
    return this.call(() => multiRequest(ops, this.chroot), options);
  }

  /** Makes the connected member catch up with the leader for `path` before later reads. */
  async sync(path: string, options?: CallOptions): Promise<void> {
    return this.call(() => this.transport.requests.sync(path), options);
  }

  /** Adds credentials to this session (kept for reconnects and renewed sessions). */
  async addAuth(scheme: string, auth: string | Buffer, options: CallOptions = {}): Promise<void> {
    const credential = { scheme, auth: Buffer.from(auth) };
    const scope = new CallScope(options.timeoutMs ?? this.requestTimeoutMs, options.signal);
    try {
      await this.transport.addAuth(credential.scheme, credential.auth, scope);
      this.credentials.push(credential);
    } finally {
      scope.dispose();
    }
  }

  /** Dynamic reconfiguration; resolves with the new config text (`server.N=…` and `version=…`). */
  async reconfig(change: ReconfigChange, options?: CallOptions): Promise<{ config: string; stat: ZkStat }> {
    const result = await this.call(() => this.transport.requests.reconfig(change), options);
    return { config: result.data.toString('utf8'), stat: result.stat };
  }

  /** This session's ephemeral nodes whose path starts with `prefix` (ZooKeeper 3.6+). */
  async getEphemerals(prefix = '/', options?: CallOptions): Promise<string[]> {
    return this.call(() => this.transport.requests.getEphemerals(prefix), options);
  }

  /**
   * Runs `fn` over `items` with at most `concurrency` calls in flight (default 100), pulling
   * items lazily so memory stays flat; one outcome per item, never rejects.
   */
  bulk<T, R>(items: Iterable<T>, fn: (item: T) => Promise<R>, options?: BulkOptions): Promise<BulkOutcome<T, R>[]> {
    return mapBounded(items, fn, options);
  }

  /**
   * Closes the session and releases every socket and timer. Safe to call twice. When connected,
   * it asks the server to end the session (its ephemerals go at once) and waits up to `graceMs`
   * (default 1000) for the answer; 0 skips asking, for a server that already stopped answering.
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watches.clear();
    await this.transport.close(options.graceMs);
  }
}

function isNoNode(err: number): boolean {
  return err === ZK_CODES.NONODE;
}
