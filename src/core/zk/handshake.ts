/**
 * The ZooKeeper connect response, decoded by us with every length checked before anything is
 * allocated (node-zookeeper-client allocated whatever password length a server claimed: a
 * well-formed reply claiming 1.5 GB cost 4.8 GB of memory). Also names what a peer that is not
 * ZooKeeper did instead: plain text, garbage, an echo of our own request, a fake "expired".
 */
import { JuteError, JuteReader } from './jute';

/** A connect response is 36 bytes (37 with the read-only flag); anything near this bound is not one. */
export const MAX_HANDSHAKE_BYTES = 1024;
/** ZooKeeper's session password is 16 bytes. */
export const MAX_PASSWORD_BYTES = 64;
const CONNECT_REQUEST_BYTES = 44;

/** What our connect request carried (the library sends these fields). */
export interface SentHandshake {
  readonly zxid: Buffer;
  readonly timeoutMs: number;
  readonly sessionId: Buffer;
}

export type Handshake =
  | { readonly kind: 'session'; readonly timeoutMs: number; readonly sessionId: Buffer; readonly password: Buffer }
  | { readonly kind: 'expired' }
  | { readonly kind: 'malformed'; readonly message: string };

const NOT_ZK = 'not a ZooKeeper server?';

/** Printable ASCII text (and line breaks): what a 4lw reply, HTTP or SSH banner looks like. */
function looksLikeText(bytes: Buffer): boolean {
  return bytes.length > 0 && bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09);
}

/** A short, escaped excerpt of text a peer sent (never shown raw: it could hold terminal escapes). */
function excerpt(bytes: Buffer): string {
  const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const text = bytes
    .subarray(0, 60)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, hex);
  return JSON.stringify(bytes.length > 60 ? `${text}…` : text);
}

/**
 * Why a frame announced while waiting for the connect response is refused before buffering it,
 * or undefined when its length is plausible. `head` holds the first bytes received (≥ 4).
 */
export function handshakeLengthProblem(head: Buffer): string | undefined {
  const size = head.readInt32BE(0);
  if (size >= 0 && size <= MAX_HANDSHAKE_BYTES) return undefined;
  // A TLS record (alert 0x15 or handshake 0x16, version 3.x): a TLS port answering a plain client.
  if ((head[0] === 0x15 || head[0] === 0x16) && head[1] === 0x03) {
    return 'the server answered the handshake with a TLS record: this is a TLS port; connect with TLS (a CA file to trust its certificate)';
  }
  if (looksLikeText(head.subarray(0, Math.min(head.length, 16)))) {
    return `not a ZooKeeper server: it answered the handshake with plain text ${excerpt(head)}`;
  }
  return `malformed handshake: the reply claims ${size} bytes where a ZooKeeper connect response has 36 (${NOT_ZK})`;
}

function isZero(b: Buffer): boolean {
  return b.every((x) => x === 0);
}

function isEcho(frame: Buffer, sent: SentHandshake): boolean {
  return (
    frame.length >= CONNECT_REQUEST_BYTES &&
    frame.subarray(4, 12).equals(sent.zxid) &&
    frame.readInt32BE(12) === sent.timeoutMs &&
    frame.subarray(16, 24).equals(sent.sessionId)
  );
}

/** Decodes a connect response frame (without its length prefix). */
export function readConnectResponse(frame: Buffer, sent: SentHandshake): Handshake {
  if (isEcho(frame, sent)) return { kind: 'malformed', message: 'the server echoed our handshake back (an echo service, not ZooKeeper)' };
  try {
    const reader = new JuteReader(frame);
    reader.int(); // protocol version: ignored, as ZooKeeper's own client does
    const timeoutMs = reader.int();
    const sessionId = Buffer.from(frame.subarray(8, 16));
    reader.long();
    const passwordLength = reader.int();
    if (passwordLength < 0 || passwordLength > MAX_PASSWORD_BYTES) {
      const message = `malformed handshake: a session password of ${passwordLength} bytes (ZooKeeper's has 16; ${NOT_ZK})`;
      return { kind: 'malformed', message };
    }
    if (reader.remaining < passwordLength) {
      return { kind: 'malformed', message: `malformed handshake: the reply ends inside the session password (${NOT_ZK})` };
    }
    const password = Buffer.from(frame.subarray(20, 20 + passwordLength));
    if (timeoutMs > 0) return { kind: 'session', timeoutMs, sessionId, password };
    if (!isZero(sent.sessionId)) return { kind: 'expired' };
    // ZooKeeper answers timeout 0 only to a request that resumes a session it no longer has.
    const message =
      `the server answered a new session's handshake with "session expired" (timeout ${timeoutMs}); ` +
      `ZooKeeper never does that (${NOT_ZK})`;
    return { kind: 'malformed', message };
  } catch (err) {
    const why = err instanceof JuteError ? err.message : String(err);
    return { kind: 'malformed', message: `malformed handshake: ${why} (${NOT_ZK})` };
  }
}
