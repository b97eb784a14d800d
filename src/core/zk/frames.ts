/**
 * Our replacement for the library's socket data handler (see libraryPatch.ts for why). It frames
 * the byte stream of the current socket, hands the connect response to the library's own code,
 * and dispatches every later frame: pings and auth replies to hooks, notifications to the
 * library's watcher manager, replies to the request at the head of the pending queue. Nothing in
 * here may throw out of a socket event: every failure becomes a dropped connection, which fails
 * the outstanding requests with CONNECTIONLOSS and makes the library reconnect.
 */
import type { Socket } from 'node:net';
import { ZK_CODES, ZkError } from './errors';
import { JuteReader } from './jute';
import { HardenHooks, LIB_STATE, LibConnectionManager, LibPacket } from './libraryTypes';
import { describe } from './listeners';
import { withoutChroot } from './paths';
import { Reply, WireRequest, XID, readReply } from './wire';

/** Larger frames mean a corrupt stream (the biggest real replies are a few MB). */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;

export function installFrameHandler(cm: LibConnectionManager, hooks: HardenHooks): void {
  const libraryHandler = cm.onSocketData;
  /** The socket whose bytes are buffered: a partial frame never leaks into the next connection. */
  let owner: Socket | undefined;
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

  const frameLength = (): number => {
    const first = chunks[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    return Buffer.concat(chunks, buffered).readInt32BE(0);
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
      // The connect response: the library's code stores session id, password and timeout.
      const framed = Buffer.allocUnsafe(4 + frame.length);
      framed.writeInt32BE(frame.length, 0);
      frame.copy(framed, 4);
      cm.pendingBuffer = null;
      libraryHandler.call(cm, framed);
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
      drop(packet ? `reply for xid ${reply.xid} while xid ${expected} was expected` : `reply for xid ${reply.xid} with nothing outstanding`);
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
        const size = frameLength();
        if (size < 0 || size > MAX_FRAME_BYTES) {
          drop(`frame length ${size} is not plausible`);
          return;
        }
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
