import * as net from 'node:net';

/**
 * A client that leaks ZooKeeper sessions: it opens a real session (ConnectRequest) at a fixed
 * rate and keeps each one alive with pings, as a buggy application would, so the server's open
 * file descriptors grow by one per connection. Raw frames, no ZooKeeper library: only the
 * handshake and pings are needed. Everything it opens is closed by `stop`.
 */
export class ConnectionLeak {
  private readonly sockets: net.Socket[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pinger: NodeJS.Timeout | undefined;
  /** Sessions the server accepted. */
  established = 0;
  /** When the first connection got no session within `handshakeTimeoutMs` (epoch ms of the attempt). */
  exhaustedAt: number | undefined;
  private onExhausted: (() => void) | undefined;

  constructor(
    private readonly port: number,
    private readonly perSecond: number,
    private readonly handshakeTimeoutMs = 3000,
    private readonly maxConnections = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.open(), 1000 / this.perSecond);
    // A ping per session every 10 s keeps its 30 s session alive.
    this.pinger = setInterval(() => {
      const ping = Buffer.alloc(12);
      ping.writeInt32BE(8, 0);
      ping.writeInt32BE(-2, 4);
      ping.writeInt32BE(11, 8);
      for (const s of this.sockets) if (!s.destroyed) s.write(ping);
    }, 10_000);
  }

  /** Resolves with the exhaustion time once a connection is refused a session. */
  exhausted(): Promise<number> {
    return new Promise((resolve) => {
      if (this.exhaustedAt !== undefined) return resolve(this.exhaustedAt);
      this.onExhausted = () => resolve(this.exhaustedAt!);
    });
  }

  private open(): void {
    if (this.exhaustedAt !== undefined || this.sockets.length >= this.maxConnections) return;
    const attemptedAt = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port: this.port });
    this.sockets.push(socket);
    socket.on('error', () => undefined);
    let answered = false;
    const timeout = setTimeout(() => {
      if (answered || this.exhaustedAt !== undefined) return;
      this.exhaustedAt = attemptedAt;
      clearInterval(this.timer);
      this.onExhausted?.();
    }, this.handshakeTimeoutMs);
    socket.on('connect', () => {
      // ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (16 bytes), readOnly.
      const body = Buffer.alloc(4 + 8 + 4 + 8 + 4 + 16 + 1);
      body.writeInt32BE(0, 0);
      body.writeBigInt64BE(0n, 4);
      body.writeInt32BE(30_000, 12);
      body.writeBigInt64BE(0n, 16);
      body.writeInt32BE(16, 24);
      const frame = Buffer.alloc(4 + body.length);
      frame.writeInt32BE(body.length, 0);
      body.copy(frame, 4);
      socket.write(frame);
    });
    socket.once('data', () => {
      answered = true;
      clearTimeout(timeout);
      this.established++;
    });
    socket.on('close', () => clearTimeout(timeout));
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.pinger);
    for (const s of this.sockets) s.destroy();
    this.sockets.length = 0;
  }
}
