/**
 * What a user configures to reach a secure client port (`secureClientPort` on a server with
 * NettyServerCnxnFactory): file paths and switches only, never key material or a passphrase, so a
 * TlsSettings value can go into settings, logs and comparison keys. The passphrase of an
 * encrypted key comes from a secret store through a `PassphraseSource`.
 */

export interface TlsSettings {
  /** PEM file with the CA certificate(s) that signed the servers' certificates; absent: Node's bundled public CAs. */
  readonly caFile?: string;
  /** PEM client certificate for mutual TLS (`ssl.clientAuth=need` on the server); needs `keyFile`. */
  readonly certFile?: string;
  /** PEM private key of `certFile`; may be encrypted (the passphrase then comes from a PassphraseSource). */
  readonly keyFile?: string;
  /** The name the servers' certificates must carry; default the host of each server in the connect string. */
  readonly serverName?: string;
  /** Check the servers' certificates and names. Default true; false keeps encryption but anyone can pose as the server. */
  readonly verify?: boolean;
}

/** Where the key's passphrase comes from (an environment variable, a file, the editor's secret storage). */
export type PassphraseSource = () => Promise<string | undefined> | string | undefined;

/** The problem kinds a TLS failure is sorted into, so a front end can name its own fix (a flag, a setting). */
export type TlsProblemKind =
  /** The client's own files: unreadable, not PEM, a key that does not fit, a wrong passphrase. */
  | 'setup'
  /** The server's certificate is not signed by a CA the client trusts. */
  | 'untrusted'
  /** The server's certificate is expired or not valid yet. */
  | 'expired'
  /** The server's certificate does not name the host (or the configured server name). */
  | 'hostname'
  /** The server requires a client certificate, or refused the one given. */
  | 'client-cert'
  /** The port does not speak TLS (a plain clientPort). */
  | 'not-tls'
  /** A plain client reached a port that speaks TLS. */
  | 'tls-port'
  /** No protocol version or cipher in common, or another handshake refusal. */
  | 'handshake';
