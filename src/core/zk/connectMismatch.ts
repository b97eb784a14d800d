/**
 * The error of socket.ts's contract for a connection that cannot work; in a file of its own so
 * that src/core/tls can extend it without an import cycle through socket.ts.
 */

/**
 * A connection failure that retrying cannot fix: the client's settings do not match the server
 * (TLS against a plain port and the reverse, a certificate the client does not trust, a client
 * certificate the server requires). A connect gives up as soon as every server failed like this,
 * with this message, instead of retrying until its timeout.
 */
export class ConnectMismatch extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectMismatch';
  }
}
