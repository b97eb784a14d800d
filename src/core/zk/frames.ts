/**
 * Our replacement for the library's socket data handler (see libraryPatch.ts for why). It frames
 * the byte stream of the current socket with every length checked before anything is buffered,
 * decodes the connect response itself (handshake.ts), and dispatches every later frame: pings and
 * auth replies to hooks, notifications to the
 * library's watcher manager, replies to the request at the head of the pending queue. Nothing in
 * here may throw out of a socket event: every failure becomes a dropped connection, which fails
 * the outstanding requests with CONNECTIONLOSS and makes the library reconnect.
 */
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ZK_CODES, ZkError } from './errors';
import { handshakeLengthProblem, readConnectResponse } from './handshake';
import { JuteReader } from './jute';
import { HardenHooks, LIB_STATE, LibConnectionManager, LibPacket } from './libraryTypes';
import { describe } from './listeners';
import { withoutChroot } from './paths';
import { Reply, WireRequest, XID, readReply } from './wire';

/**
 * Larger reply frames are refused before they are buffered. The biggest real replies are a few MB
 * (300k children: ~5 MB; a multiRead is packed to ~512 KB expected); a frame is held twice at
 * most (its chunks, then one contiguous copy), so this also bounds the memory one reply costs.
 */
export const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

/**
 * Replaces `cm.onSocketData`. `maxReplyBytes` bounds every frame after the handshake; the
 * connect response is bounded by MAX_HANDSHAKE_BYTES.
 */
export function installFrameHandler(cm: LibConnectionManager, hooks: HardenHooks, maxReplyBytes = DEFAULT_MAX_REPLY_BYTES): void {
  /** The socket whose bytes are buffered: a partial frame never leaks into the next connection. */
  let owner: Duplex | undefined;
  let chunks: Buffer[] = [];
  let buffered = 0;

  const reset = (): void => {
    chunks = [];
    buffered = 0;
  };

  const drop = (message: string): void => {
    reset();
    hooks.onProtocolError(message);
    cm.socket?.destroy();
  };

  /** The first bytes buffered (at least 4, at most 64): only what the length check needs. */
  const head = (): Buffer => {
    const first = chunks[0]!;
    if (first.length >= 4) return first;
    return Buffer.concat(chunks, Math.min(buffered, 64)).subarray(0, Math.min(buffered, 64));
  };

  /** Why a frame of this head cannot be accepted now, before buffering any of it. */
  const lengthProblem = (bytes: Buffer): string | undefined => {
    if (cm.state === LIB_STATE.CONNECTING) return handshakeLengthProblem(bytes);
    const size = bytes.readInt32BE(0);
    if (size < 16) return `frame length ${size} is not plausible (a reply header alone has 16 bytes)`;
    if (size > maxReplyBytes) return `frame length ${size} is over the bound of ${maxReplyBytes} bytes for one reply`;
    return undefined;
  };

  /** The connect response: decoded here with bounded lengths, then the library's state is set as its own code would. */
  const handshake = (frame: Buffer): void => {
    const sent = { zxid: cm.zxid, timeoutMs: cm.sessionTimeout, sessionId: cm.sessionId };
    const result = readConnectResponse(frame, sent);
    if (result.kind === 'malformed') {
      drop(result.message);
      return;
    }
    cm.pendingBuffer = null;
    if (result.kind === 'expired') {
      cm.setState(LIB_STATE.SESSION_EXPIRED);
      return;
    }
    cm.serverAttempts = 0;
    cm.sessionId = result.sessionId;
    cm.sessionPassword = result.password;
    cm.updateTimeout(result.timeoutMs);
    cm.setState(LIB_STATE.CONNECTED);
    cm.onPacketQueueReadable();
    // The library's idle ping needs a net/tls socket's timeout; on other streams the watchdog pings.
    const socket = cm.socket;
    if (socket instanceof Socket) socket.setTimeout(cm.pingTimeout, () => cm.onSocketTimeout());
  };

  const deliver = (packet: LibPacket, reply: Reply): void => {
    const callback = packet.callback;
    if (!callback) return;
    try {
      if (packet.request instanceof WireRequest) callback(null, reply);
      // The library's own packets (SetWatches, closeSession) only look at the error.
      else callback(reply.err === 0 ? null : ZkError.fromCode(reply.err));
    } catch (err) {
      hooks.onWarning(`a reply callback threw: ${describe(err)}`);
    }
  };

  const notify = (body: Buffer): void => {
    const reader = new JuteReader(body);
    const type = reader.int();
    const state = reader.int();
    const path = withoutChroot(reader.ustring() ?? '', cm.chrootPath);
    // Only the four node events exist for standard watches; the watcher manager throws on others.
    if (path === undefined || type < 1 || type > 4) return;
    try {
      cm.watcherManager.emit({ type, state, path });
    } catch (err) {
      hooks.onWarning(`a watcher threw: ${describe(err)}`);
    }
  };

  const handleFrame = (frame: Buffer): void => {
    if (cm.state === LIB_STATE.CONNECTING) {
      handshake(frame);
      return;
    }
    const reply = readReply(frame);
    if (reply.xid === XID.PING) return;
    if (reply.xid === XID.AUTH) {
      if (reply.err === ZK_CODES.AUTHFAILED) cm.setState(LIB_STATE.AUTHENTICATION_FAILED);
      hooks.onAuthReply(reply.err);
      return;
    }
    if (reply.xid === XID.NOTIFICATION) {
      notify(reply.body);
      return;
    }
    // Peek before shifting: on a mismatch the request stays queued and fails with the others.
    const packet = cm.pendingQueue[0];
    const expected = packet?.request.header?.xid;
    if (!packet || expected !== reply.xid) {
      drop(
        packet ? `reply for xid ${reply.xid} while xid ${expected} was expected` : `reply for xid ${reply.xid} with nothing outstanding`,
      );
      return;
    }
    cm.pendingQueue.shift();
    if (reply.zxid > 0n) {
      const zxid = Buffer.alloc(8);
      zxid.writeBigInt64BE(reply.zxid);
      cm.zxid = zxid;
    }
    deliver(packet, reply);
  };

  cm.onSocketData = (chunk: Buffer): void => {
    if (cm.socket !== owner) {
      owner = cm.socket;
      reset();
    }
    chunks.push(chunk);
    buffered += chunk.length;
    try {
      while (buffered >= 4) {
        const first = head();
        const problem = lengthProblem(first);
        if (problem) {
          drop(problem);
          return;
        }
        const size = first.readInt32BE(0);
        if (buffered < 4 + size) return;
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
        const rest = all.subarray(4 + size);
        chunks = rest.length ? [rest] : [];
        buffered = rest.length;
        hooks.onFrame();
        handleFrame(all.subarray(4, 4 + size));
        if (cm.socket !== owner || owner?.destroyed) {
          reset();
          return;
        }
      }
    } catch (err) {
      drop(`could not handle a reply: ${describe(err)}`);
    }
  };
}
