/**
 * A loopback TCP server that misbehaves the way a wrong or broken peer does, for proving that
 * every client of ours (the CLI commands, the extension's ZkSession, the four-letter-word probes)
 * stays bounded in time and memory and says what happened. Each mode answers the ZooKeeper
 * handshake (the first frame a client sends) in its own wrong way; four-letter-word clients see
 * the same behaviour because they also speak first.
 */
import { randomBytes } from 'node:crypto';
import { AddressInfo, Server, Socket, createServer } from 'node:net';

export const HOSTILE_MODES = [
  /** Accepts, reads, never writes. */
  'silent',
  /** Answers anything with 64 KB of random bytes and keeps the connection open. */
  'random',
  /** Answers with a plain-text line, like a 4lw "not in the whitelist" reply. */
  'plain-text',
  /** A well-formed connect response whose password claims 1.5 GB, then close. */
  'handshake-lying-length',
  /** A connect response frame of 200 MB (streamed: the server holds one 64 KB chunk). */
  'handshake-200mb',
  /** A connect response with timeout 0: "session expired", for a session that never existed. */
  'expired',
  /** Echoes every byte back (our own connect request comes back as the "response"). */
  'echo',
  /** Completes the handshake, then answers requests with a frame that claims 1.5 GB. */
  'frame-lying-length',
  /** Completes the handshake, then answers requests with a well-sized frame whose fields claim 1.5 GB. */
  'field-lying-length',
  /** Completes the handshake, then never answers anything (not even pings). */
  'never-replies',
] as const;

export type HostileMode = (typeof HOSTILE_MODES)[number];

const HUGE = 1_500_000_000;

/** A ZooKeeper connect response: protocol version, timeout, session id, password (16 bytes). */
function connectResponse(timeoutMs: number, passwordLength = 16): Buffer {
  const body = Buffer.alloc(4 + 4 + 8 + 4 + 16);
  body.writeInt32BE(0, 0);
  body.writeInt32BE(timeoutMs, 4);
  body.writeBigInt64BE(0x1234n, 8);
  body.writeInt32BE(passwordLength, 16);
  return framed(body);
}

function framed(body: Buffer): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/** Splits a client's byte stream into frames (len + body); the first frame is the handshake. */
class FrameReader {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const size = this.pending.readInt32BE(0);
      if (size < 0 || size > 4 * 1024 * 1024) {
        this.pending = Buffer.alloc(0);
        break;
      }
      if (this.pending.length < 4 + size) break;
      frames.push(this.pending.subarray(4, 4 + size));
      this.pending = this.pending.subarray(4 + size);
    }
    return frames;
  }
}

/** Writes `total` zero bytes after `head`, honouring back-pressure, stopping when the peer goes. */
function stream(socket: Socket, head: Buffer, total: number): void {
  const chunk = Buffer.alloc(64 * 1024);
  let left = total;
  const pump = (): void => {
    while (left > 0 && !socket.destroyed) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  socket.write(head);
  pump();
}

export class HostileServer {
  /** TCP connections accepted so far. */
  connections = 0;
  /** When each connection was accepted (Date.now()). */
  readonly acceptedAt: number[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly mode: HostileMode,
  ) {}

  static async start(mode: HostileMode): Promise<HostileServer> {
    const server = createServer();
    const hostile = new HostileServer(server, mode);
    server.on('connection', (socket) => hostile.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return hostile;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  private serve(socket: Socket): void {
    this.connections += 1;
    this.acceptedAt.push(Date.now());
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const frames = new FrameReader();
    let handshaken = false;
    socket.on('data', (chunk: Buffer) => {
      switch (this.mode) {
        case 'silent':
          return;
        case 'random':
          socket.write(randomBytes(64 * 1024));
          return;
        case 'plain-text':
          socket.end('isro is not executed because it is not in the whitelist.\n');
          return;
        case 'echo':
          socket.write(chunk);
          return;
        case 'handshake-lying-length':
          socket.end(connectResponse(30_000, HUGE));
          return;
        case 'handshake-200mb':
          if (handshaken) return;
          handshaken = true;
          stream(socket, Buffer.from([0x0c, 0x80, 0x00, 0x00]), 200 * 1024 * 1024);
          return;
        case 'expired':
          socket.end(connectResponse(0));
          return;
      }
      for (const frame of frames.push(chunk)) {
        if (!handshaken) {
          handshaken = true;
          socket.write(connectResponse(30_000));
          continue;
        }
        if (frame.length < 8) continue;
        this.answer(socket, frame.readInt32BE(0), frame.readInt32BE(4));
      }
    });
  }

  /** What the post-handshake modes send for one request (xid, opcode). */
  private answer(socket: Socket, xid: number, type: number): void {
    if (this.mode === 'never-replies') return;
    if (this.mode === 'frame-lying-length') {
      const head = Buffer.alloc(20);
      head.writeInt32BE(HUGE, 0);
      head.writeInt32BE(xid, 4);
      socket.write(head);
      return;
    }
    if (type === 11 || type === 100) return; // pings and auth: stay quiet, the request is what counts
    // field-lying-length: a reply header for the right xid, then a body whose first length says 1.5 GB.
    const body = Buffer.alloc(16 + 8);
    body.writeInt32BE(xid, 0);
    body.writeBigInt64BE(1n, 4);
    body.writeInt32BE(0, 12);
    body.writeInt32BE(HUGE, 16);
    socket.write(framed(body));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
