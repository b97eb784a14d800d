/**
 * The frame handler (src/core/zk/frames.ts) over recorded byte streams, installed on the
 * library's real ConnectionManager with an in-memory stream as its socket: handshakes (good,
 * split, lying, plain text, echo, expired), replies split anywhere, several frames in one chunk,
 * unknown xids, unknown error codes and garbage.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { ZkError } from '../../src/core/zk/errors';
import { installFrameHandler } from '../../src/core/zk/frames';
import { JuteReader } from '../../src/core/zk/jute';
import { libraryConnectionManager, patchExceptionFactory } from '../../src/core/zk/libraryPatch';
import { HardenHooks, LIB_STATE, LibConnectionManager, assertShape } from '../../src/core/zk/libraryTypes';
import { Requests } from '../../src/core/zk/requests';
import { Reply, WireRequest } from '../../src/core/zk/wire';

interface Rig {
  readonly cm: LibConnectionManager;
  readonly socket: PassThrough;
  readonly errors: string[];
  readonly states: number[];
  readonly events: { type: number; state: number; path: string }[];
}

function rig(maxReplyBytes?: number): Rig {
  patchExceptionFactory();
  const cm: unknown = libraryConnectionManager();
  assertShape(cm);
  const socket = new PassThrough();
  socket.resume();
  cm.socket = socket;
  const errors: string[] = [];
  const states: number[] = [];
  const events: Rig['events'] = [];
  cm.on('state', (s: number) => states.push(s));
  cm.watcherManager = { emit: (e) => events.push(e) };
  cm.state = LIB_STATE.CONNECTING;
  const hooks: HardenHooks = {
    isClosed: () => false,
    onAttempt: () => undefined,
    onFrame: () => undefined,
    onAuthReply: () => undefined,
    onProtocolError: (m) => errors.push(m),
    onConnectionError: (m) => errors.push(m),
    onMismatch: (_s, m) => errors.push(m.message),
    onWarning: (m) => errors.push(`warning: ${m}`),
    nextSpinDelay: () => 0,
  };
  installFrameHandler(cm, hooks, maxReplyBytes);
  return { cm, socket, errors, states, events };
}

function frame(body: Buffer): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

function connectResponse(timeoutMs = 30_000, passwordLength = 16, sessionId = 0x42n): Buffer {
  const body = Buffer.alloc(20 + 16);
  body.writeInt32BE(0, 0);
  body.writeInt32BE(timeoutMs, 4);
  body.writeBigInt64BE(sessionId, 8);
  body.writeInt32BE(passwordLength, 16);
  body.fill(7, 20);
  return frame(body);
}

function reply(xid: number, err: number, body: Buffer = Buffer.alloc(0), zxid = 5n): Buffer {
  const head = Buffer.alloc(16);
  head.writeInt32BE(xid, 0);
  head.writeBigInt64BE(zxid, 4);
  head.writeInt32BE(err, 12);
  return frame(Buffer.concat([head, body]));
}

/** A getData reply body: data, then a stat of 68 bytes. */
function dataBody(data: string): Buffer {
  const bytes = Buffer.from(data);
  const out = Buffer.alloc(4 + bytes.length + 68);
  out.writeInt32BE(bytes.length, 0);
  bytes.copy(out, 4);
  return out;
}

/** Queues a getData request with `xid` as if the library had written it; resolves with its callback's arguments. */
function pending(cm: LibConnectionManager, xid: number): Promise<{ error: unknown; reply?: Reply }> {
  const request: WireRequest = new Requests(undefined).getData('/a', false);
  request.header.xid = xid;
  return new Promise((resolve) => {
    cm.pendingQueue.push({ request, callback: (error, r) => resolve({ error, reply: r as Reply | undefined }) });
  });
}

function feed(cm: LibConnectionManager, ...chunks: Buffer[]): void {
  for (const c of chunks) cm.onSocketData(c);
}

/** Every split of `bytes` into single bytes. */
function bytewise(bytes: Buffer): Buffer[] {
  return [...bytes].map((b) => Buffer.from([b]));
}

describe('frames: the handshake', () => {
  test('a connect response fed byte by byte connects with its session id, password and timeout', () => {
    const { cm, errors, states } = rig();
    feed(cm, ...bytewise(connectResponse(12_000)));
    assert.deepEqual(errors, []);
    assert.equal(cm.state, LIB_STATE.CONNECTED);
    assert.deepEqual(states, [LIB_STATE.CONNECTED]);
    assert.equal(cm.sessionId.readBigUInt64BE(0), 0x42n);
    assert.deepEqual(cm.sessionPassword, Buffer.alloc(16, 7));
    assert.equal(cm.sessionTimeout, 12_000);
  });

  test('a password length of 1.5 GB is refused before anything is allocated', () => {
    const { cm, socket, errors } = rig();
    const before = process.memoryUsage().arrayBuffers;
    feed(cm, connectResponse(30_000, 1_500_000_000));
    assert.match(errors[0]!, /malformed handshake: a session password of 1500000000 bytes/);
    assert.ok(socket.destroyed);
    assert.notEqual(cm.state, LIB_STATE.CONNECTED);
    assert.ok(process.memoryUsage().arrayBuffers - before < 10 * 1024 * 1024);
  });

  test('a 200 MB handshake frame is refused on its first four bytes', () => {
    const { cm, errors } = rig();
    feed(cm, Buffer.from([0x0c, 0x80, 0x00, 0x00]));
    assert.match(errors[0]!, /malformed handshake: the reply claims 209715200 bytes/);
  });

  test('plain text is named as such, escaped', () => {
    const { cm, errors } = rig();
    feed(cm, Buffer.from('isro is not executed because it is not in the whitelist.\n'));
    assert.match(errors[0]!, /^not a ZooKeeper server: it answered the handshake with plain text "isro is not executed.*\\\\x0a"$/);
  });

  test('a TLS alert is named: a TLS port answering a plain client', () => {
    const { cm, errors } = rig();
    feed(cm, Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]));
    assert.match(errors[0]!, /answered the handshake with a TLS record: this is a TLS port/);
  });

  test('our own connect request echoed back is named an echo', () => {
    const { cm, errors } = rig();
    const request = Buffer.alloc(44);
    cm.zxid.copy(request, 4);
    request.writeInt32BE(cm.sessionTimeout, 12);
    cm.sessionId.copy(request, 16);
    request.writeInt32BE(16, 24);
    feed(cm, frame(request));
    assert.match(errors[0]!, /echoed our handshake back/);
  });

  test('"expired" for a new session is a malformed handshake; for a resumed session it expires it', () => {
    const fresh = rig();
    feed(fresh.cm, connectResponse(0));
    assert.match(fresh.errors[0]!, /new session's handshake with "session expired" \(timeout 0\)/);
    assert.notEqual(fresh.cm.state, LIB_STATE.SESSION_EXPIRED);

    const resumed = rig();
    resumed.cm.sessionId = Buffer.from('0000000000000042', 'hex');
    feed(resumed.cm, connectResponse(0));
    assert.deepEqual(resumed.errors, []);
    assert.equal(resumed.cm.state, LIB_STATE.SESSION_EXPIRED);
  });

  test('a connect response cut short is malformed, not a crash', () => {
    const { cm, errors } = rig();
    feed(cm, frame(Buffer.alloc(10)));
    assert.match(errors[0]!, /malformed handshake: reply too short/);
  });
});

describe('frames: replies after the handshake', () => {
  const connected = (maxReplyBytes?: number): Rig => {
    const r = rig(maxReplyBytes);
    feed(r.cm, connectResponse());
    assert.equal(r.cm.state, LIB_STATE.CONNECTED);
    return r;
  };

  test('several frames in one chunk: each reply reaches its request in order, the zxid advances', async () => {
    const { cm, errors } = connected();
    const first = pending(cm, 1);
    const second = pending(cm, 2);
    feed(cm, Buffer.concat([reply(-2, 0), reply(1, 0, dataBody('one'), 7n), reply(2, 0, dataBody('two'), 9n)]));
    assert.deepEqual(errors, []);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.error, null);
    assert.equal(a.reply!.xid, 1);
    assert.equal(b.reply!.xid, 2);
    assert.equal(cm.zxid.readBigInt64BE(0), 9n);
    assert.equal(cm.pendingQueue.length, 0);
  });

  test('a reply split at every byte boundary arrives whole', async () => {
    const bytes = reply(1, 0, dataBody('hello'));
    for (let cut = 1; cut < bytes.length; cut++) {
      const { cm } = connected();
      const answer = pending(cm, 1);
      feed(cm, bytes.subarray(0, cut), bytes.subarray(cut));
      const { reply: r } = await answer;
      assert.equal(r!.body.subarray(4, 9).toString(), 'hello', `cut at ${cut}`);
    }
  });

  test('a reply for an unknown xid drops the connection and keeps the outstanding request queued', async () => {
    const { cm, socket, errors } = connected();
    void pending(cm, 1);
    feed(cm, reply(77, 0));
    assert.match(errors[0]!, /reply for xid 77 while xid 1 was expected/);
    assert.ok(socket.destroyed);
    assert.equal(cm.pendingQueue.length, 1);
  });

  test('a reply with nothing outstanding drops the connection', () => {
    const { cm, errors } = connected();
    feed(cm, reply(3, 0));
    assert.match(errors[0]!, /reply for xid 3 with nothing outstanding/);
  });

  test('an unknown error code reaches the request as its code; nothing throws', async () => {
    const { cm, errors } = connected();
    const answer = pending(cm, 1);
    feed(cm, reply(1, -999));
    const { error, reply: r } = await answer;
    assert.equal(error, null);
    assert.equal(r!.err, -999);
    assert.equal(ZkError.fromCode(-999).name, 'UNKNOWN(-999)');
    assert.deepEqual(errors, []);
  });

  test('a notification goes to the watcher manager; an unknown event type is ignored', () => {
    const { cm, events } = connected();
    const body = (type: number): Buffer => {
      const path = Buffer.from('/a/b');
      const out = Buffer.alloc(12 + path.length);
      out.writeInt32BE(type, 0);
      out.writeInt32BE(3, 4);
      out.writeInt32BE(path.length, 8);
      path.copy(out, 12);
      return out;
    };
    feed(cm, reply(-1, 0, body(3)), reply(-1, 0, body(99)));
    assert.deepEqual(events, [{ type: 3, state: 3, path: '/a/b' }]);
  });

  test('garbage: a negative, a too short and an oversized length each drop the connection before buffering', () => {
    for (const [head, pattern] of [
      [-5, /frame length -5 is not plausible/],
      [3, /frame length 3 is not plausible/],
      [1_500_000_000, /frame length 1500000000 is over the bound of 1048576 bytes/],
    ] as const) {
      const { cm, socket, errors } = connected(1024 * 1024);
      const bytes = Buffer.alloc(8);
      bytes.writeInt32BE(head, 0);
      feed(cm, bytes);
      assert.match(errors[0] ?? '', pattern);
      assert.ok(socket.destroyed);
    }
  });

  test('a frame whose fields lie about their lengths is delivered and fails in its decoder, not in the handler', async () => {
    const { cm, errors } = connected();
    const answer = pending(cm, 1);
    const lying = Buffer.alloc(8);
    lying.writeInt32BE(1_500_000_000, 0);
    feed(cm, reply(1, 0, lying));
    const { reply: r } = await answer;
    assert.deepEqual(errors, []);
    const request = new Requests(undefined).getData('/a', false);
    assert.throws(() => request.decode(new JuteReader(r!.body)), /reply too short reading buffer/);
  });

  test('bytes of a previous socket never join the next connection', async () => {
    const { cm } = connected();
    const bytes = reply(1, 0, dataBody('x'));
    feed(cm, bytes.subarray(0, 6));
    const next = new PassThrough();
    next.resume();
    cm.socket = next;
    const answer = pending(cm, 1);
    feed(cm, bytes);
    const { reply: r } = await answer;
    assert.equal(r!.xid, 1);
  });
});
