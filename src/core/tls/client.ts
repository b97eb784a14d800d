/**
 * TLS connections to ZooKeeper members: the ZooKeeper session's socket factory, four-letter words
 * over TLS, and the AdminServer over HTTPS all open their streams here, so they trust the same CA,
 * present the same client certificate and fail with the same words.
 *
 * The handshake runs with Node's automatic rejection off and the checks are made here right after
 * it, before a single byte is written: that keeps the server's certificate in hand to say which
 * certificate failed and why (its dates, its issuer, the names it carries). With `verify: false`
 * the checks are skipped; the stream is still encrypted.
 */
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { sendFourLetterWord } from '../ensemble/fourLetterWord';
import { SocketFactory, SocketTarget, whenReady } from '../zk/socket';
import { TlsMaterial, loadMaterial } from './material';
import { TlsMismatch, explainIdentity, explainTlsError, explainUnverified } from './mismatch';
import type { PassphraseSource, TlsSettings } from './settings';

/** TLS as the options of a session, probe or poller take it: settings with a passphrase, or a client made once and shared. */
export type TlsOptions = TlsClient | (TlsSettings & { readonly passphrase?: PassphraseSource });

/** How long the "is this a plain port?" question may take after a TLS handshake was cut off. */
const PLAIN_PROBE_MS = 1000;

export class TlsClient {
  private material: Promise<TlsMaterial> | undefined;
  /** The ZooKeeper session's way in (ZkSessionOptions.tls, socket.ts). */
  readonly socketFactory: SocketFactory;

  constructor(
    readonly settings: TlsSettings,
    private readonly passphrase?: PassphraseSource,
  ) {
    this.socketFactory = Object.assign((target: SocketTarget, signal: AbortSignal) => this.open(target, signal), {
      // A TLS 1.3 server refuses a client certificate after the client's handshake finished: the
      // alert then arrives on the open stream, not in `open`.
      explainDrop: async (_target: SocketTarget, error: unknown) => this.explain(error),
    });
  }

  /** The client for `options` (itself when it is one), or undefined for no TLS. */
  static from(options: TlsOptions | undefined): TlsClient | undefined {
    // Duck-typed: a second copy of this module (two bundles, ESM beside CJS) makes another class.
    if (options === undefined || options instanceof TlsClient || typeof (options as Partial<TlsClient>).open === 'function')
      return options as TlsClient | undefined;
    const { passphrase, ...settings } = options;
    return new TlsClient(settings, passphrase);
  }

  get verify(): boolean {
    return this.settings.verify !== false;
  }

  /** Reads and checks the files (once; again after a failure, e.g. a passphrase set since). */
  load(): Promise<TlsMaterial> {
    if (!this.material) {
      const loading = Promise.resolve(this.passphrase?.()).then((passphrase) => loadMaterial(this.settings, passphrase));
      this.material = loading;
      loading.catch(() => {
        if (this.material === loading) this.material = undefined;
      });
    }
    return this.material;
  }

  /** The TLS problem an error on an open stream means (a TLS 1.3 alert after the handshake), if any. */
  explain(err: unknown): TlsMismatch | undefined {
    return explainTlsError(err, this.settings);
  }

  /**
   * A TLS stream to `target` whose certificate checks passed, or a rejection naming why: a
   * TlsMismatch when the settings and the server do not fit, the plain network error otherwise.
   * `onTcpConnect` tells a caller that tells "down" from "hung" that TCP got through.
   */
  async open(target: SocketTarget, signal: AbortSignal, onTcpConnect?: () => void): Promise<tls.TLSSocket> {
    const { context } = await this.load();
    if (signal.aborted) throw new Error(String(signal.reason ?? 'aborted'));
    const name = this.settings.serverName ?? target.host;
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      secureContext: context,
      // SNI carries host names only (RFC 6066); an address is checked below all the same.
      servername: isIP(name) ? undefined : name,
      rejectUnauthorized: false,
    });
    socket.setNoDelay(true);
    if (onTcpConnect) socket.once('connect', onTcpConnect);
    try {
      await whenReady(socket, 'secureConnect', signal);
    } catch (err) {
      throw (await this.explainCutOff(target, err, signal)) ?? explainTlsError(err, this.settings) ?? err;
    }
    const problem = this.check(socket, name);
    if (problem) {
      socket.destroy();
      throw problem;
    }
    return socket;
  }

  /** The certificate checks `rejectUnauthorized` would have made, with the certificate in hand. */
  private check(socket: tls.TLSSocket, name: string): TlsMismatch | undefined {
    if (!this.verify) return undefined;
    const cert = socket.getPeerCertificate();
    // With a server name given, Node checks it itself and reports ERR_TLS_CERT_ALTNAME_INVALID here.
    const code = String(socket.authorizationError ?? '');
    if (!socket.authorized && code !== 'ERR_TLS_CERT_ALTNAME_INVALID') return explainUnverified(code, cert, this.settings);
    return tls.checkServerIdentity(name, cert) ? explainIdentity(name, cert, this.settings) : undefined;
  }

  /**
   * A server that closes a TLS handshake without an alert is most likely a plain ZooKeeper port
   * (it read our ClientHello as a packet length and hung up). Asked in clear text, a plain port
   * answers `srvr` (or says it is not whitelisted): then that is the cause, named.
   */
  private async explainCutOff(target: SocketTarget, err: unknown, signal: AbortSignal): Promise<TlsMismatch | undefined> {
    if ((err as { code?: unknown } | null)?.code !== 'ECONNRESET' || signal.aborted) return undefined;
    const reply = await sendFourLetterWord(target.host, target.port, 'srvr', { timeoutMs: PLAIN_PROBE_MS, maxBytes: 4096 });
    if (!reply.ok || reply.text.trim() === '') return undefined;
    return new TlsMismatch(
      'not-tls',
      'the server closed the TLS handshake and answers in clear text: this is a plain port (clientPort), not a TLS one (secureClientPort)',
      { cause: err },
    );
  }

  /** Settings only: no key material and no passphrase end up in a comparison key or a log. */
  toJSON(): { tls: TlsSettings } {
    return { tls: this.settings };
  }
}
