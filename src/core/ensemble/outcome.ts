/**
 * The typed outcomes shared by the four-letter-word client, the AdminServer client and their
 * parsers. Nothing in src/core/ensemble throws for a bad server or a bad reply: every answer is
 * one of these, so a poller can treat members uniformly.
 */

/** Why an exchange produced no usable reply at the transport level. */
export type TransportFailureKind =
  /** Nothing listens on the port (ECONNREFUSED): the process is down. */
  | 'refused'
  /** No route, unknown host, network down: the member cannot be reached. */
  | 'unreachable'
  /** The TCP handshake did not complete in time: host down or traffic filtered. */
  | 'connect-timeout'
  /** The connection was accepted but the reply did not complete in time: a hung (e.g. SIGSTOPped) server. */
  | 'timeout'
  /** The peer reset the connection, possibly after part of a reply. */
  | 'reset'
  /** The reply exceeded the size cap. */
  | 'too-large'
  /** AdminServer: an HTTP status other than 200. */
  | 'http-status'
  /** TLS could not be set up: the message names the cause (certificate, client certificate, a plain port). */
  | 'tls'
  | 'error';

export interface TransportFailure {
  readonly kind: TransportFailureKind;
  readonly message: string;
  /** Whether a TCP connection was established before the failure (a hung server says yes). */
  readonly connected: boolean;
  /** Reply bytes received before the failure. */
  readonly bytes: number;
  /** HTTP status for `http-status`. */
  readonly httpStatus?: number;
}

/** A reply that arrived but is not a usable value. */
export type ReplyProblem =
  /** "<word> is not executed because it is not in the whitelist." */
  | { readonly status: 'not-whitelisted'; readonly message: string }
  /** "This ZooKeeper instance is not currently serving requests": alive, but no quorum. */
  | { readonly status: 'not-serving'; readonly message: string }
  /** Empty, truncated past recognition, or not ZooKeeper at all. */
  | { readonly status: 'unparseable'; readonly message: string }
  /** AdminServer answered 200 with an `error` (e.g. "Unknown command: nope"). */
  | { readonly status: 'command-error'; readonly message: string };

/** What a parser makes of one reply text or JSON document. */
export type Parsed<T> = { readonly status: 'ok'; readonly value: T } | ReplyProblem;

/** One request's result: the parsed reply or the transport failure, and how long it took. */
export type Outcome<T> = (Parsed<T> | { readonly status: 'failed'; readonly failure: TransportFailure }) & {
  readonly elapsedMs: number;
};

export const NOT_SERVING_TEXT = 'This ZooKeeper instance is not currently serving requests';
const NOT_WHITELISTED_SUFFIX = 'is not executed because it is not in the whitelist.';

/**
 * Recognises the two replies that look like text but mean "no answer": a word outside the
 * whitelist, and a server without quorum. Applies to 4lw text and to AdminServer `error` strings.
 */
export function replyProblemOf(text: string): ReplyProblem | undefined {
  const trimmed = text.trim();
  // Both sentences are short; a long reply that merely contains them is data, not the outcome.
  if (trimmed.length > 200) return undefined;
  if (trimmed.startsWith(NOT_SERVING_TEXT)) return { status: 'not-serving', message: NOT_SERVING_TEXT };
  if (trimmed.endsWith(NOT_WHITELISTED_SUFFIX)) return { status: 'not-whitelisted', message: trimmed };
  return undefined;
}

export function unparseable(message: string): ReplyProblem {
  return { status: 'unparseable', message };
}

/** A short, single-line excerpt of a reply for messages. */
export function excerpt(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** An object with no prototype, so keys such as `__proto__` from a reply are plain data. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
