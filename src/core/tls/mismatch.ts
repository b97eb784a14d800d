/**
 * Turns what OpenSSL and Node report about a failed TLS connection into a sentence that names the
 * cause: which certificate, which check, what the user can change. Pure (no I/O): unit-tested on
 * the error codes and certificates a real ZooKeeper and Node's tls module produce.
 */
import type { PeerCertificate } from 'node:tls';
import { ConnectMismatch } from '../zk/connectMismatch';
import type { TlsProblemKind, TlsSettings } from './settings';

/** A TLS failure retrying cannot fix, with its kind (settings.ts). */
export class TlsMismatch extends ConnectMismatch {
  constructor(
    readonly kind: TlsProblemKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TlsMismatch';
  }
}

/** Verification codes (X509_V_ERR_*) that mean "signed by nobody this client trusts". */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);

/** Alerts a server sends when it wanted a client certificate and got none, or did not accept it. */
const CLIENT_CERT_ALERTS = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

/** OpenSSL's way of saying the peer sent bytes that are not TLS records. */
export const NOT_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_RECORD_LAYER_FAILURE',
]);

const PROTOCOL_CODES = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_NO_SHARED_CIPHER',
  'ERR_SSL_SSLV3_ALERT_INSUFFICIENT_SECURITY',
]);

/** `CN=… (O=…)` of a certificate's subject or issuer, for messages. */
function nameOf(dn: Partial<Record<string, string | string[]>> | undefined): string {
  if (!dn) return 'unknown';
  const cn = dn['CN'];
  const parts = [cn ? `CN=${String(cn)}` : undefined, dn['O'] ? `O=${String(dn['O'])}` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : 'an unnamed subject';
}

/** Lower-case words of an OpenSSL code, e.g. "self signed cert in chain". */
function words(code: string): string {
  return code
    .replace(/^ERR_SSL_/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function hasCertificate(cert: PeerCertificate | undefined): cert is PeerCertificate {
  return !!cert && typeof cert === 'object' && Object.keys(cert).length > 0;
}

/** Why the server's certificate chain failed verification (`socket.authorizationError`). */
export function explainUnverified(code: string, cert: PeerCertificate | undefined, settings: TlsSettings): TlsMismatch {
  const subject = hasCertificate(cert) ? nameOf(cert.subject) : 'unknown';
  if (code === 'CERT_HAS_EXPIRED' && hasCertificate(cert)) {
    return new TlsMismatch(
      'expired',
      `the server's certificate (${subject}) expired on ${cert.valid_to}; the server needs a renewed certificate`,
    );
  }
  if (code === 'CERT_NOT_YET_VALID' && hasCertificate(cert)) {
    return new TlsMismatch(
      'expired',
      `the server's certificate (${subject}) is not valid before ${cert.valid_from}; check this machine's clock or the certificate`,
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return new TlsMismatch('expired', `the server's certificate ${words(code)}`);
  if (UNTRUSTED.has(code)) {
    const issuer = hasCertificate(cert) ? ` issued by ${nameOf(cert.issuer)}` : '';
    const fix = settings.caFile
      ? `the CA file ${settings.caFile} does not hold the CA that signed it`
      : 'give the CA that signed it (a CA file)';
    return new TlsMismatch(
      'untrusted',
      `the server's certificate (${subject}${issuer}) is not signed by a CA this client trusts (${words(code)}); ${fix}`,
    );
  }
  return new TlsMismatch('untrusted', `the server's certificate (${subject}) failed verification: ${words(code)}`);
}

/** The server's certificate does not carry `expected` (checkServerIdentity's error). */
export function explainIdentity(expected: string, cert: PeerCertificate, settings: TlsSettings): TlsMismatch {
  const names = cert.subjectaltname ? cert.subjectaltname : `no alternative names, subject ${nameOf(cert.subject)}`;
  const fix = settings.serverName
    ? `the server name setting is "${settings.serverName}"; set it to a name the certificate carries`
    : 'connect by a name it carries, or set the server name the certificate was made for';
  return new TlsMismatch('hostname', `the server's certificate is not for "${expected}" (it names ${names}); ${fix}`);
}

/**
 * What a failed handshake or a TLS stream error means, or undefined when it is not a TLS problem
 * (refused, reset, timeout: the usual network trouble, retried as such).
 */
export function explainTlsError(err: unknown, settings: TlsSettings): TlsMismatch | undefined {
  if (err instanceof TlsMismatch) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const hasClientCert = settings.certFile !== undefined;
  if (CLIENT_CERT_ALERTS.has(code)) {
    if (!hasClientCert) {
      return new TlsMismatch(
        'client-cert',
        `the server requires a client certificate (mutual TLS: ssl.clientAuth=need) and none was given (TLS alert: ${words(code)}); give a client certificate and key`,
        { cause: err },
      );
    }
    return new TlsMismatch(
      'client-cert',
      `the server refused this client's certificate ${settings.certFile} (TLS alert: ${words(code)}); is it signed by a CA in the server's trust store, and still valid?`,
      { cause: err },
    );
  }
  if (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE') {
    const why = hasClientCert
      ? 'no protocol version or cipher in common, or it refused the client certificate'
      : 'it may require a client certificate (mutual TLS), or no protocol version or cipher is in common';
    return new TlsMismatch(
      hasClientCert ? 'handshake' : 'client-cert',
      `the server refused the TLS handshake (handshake failure): ${why}`,
      { cause: err },
    );
  }
  if (PROTOCOL_CODES.has(code))
    return new TlsMismatch(
      'handshake',
      `no TLS protocol version or cipher in common with the server (${words(code)}); compare its ssl.protocol and ssl.enabledProtocols`,
      { cause: err },
    );
  if (NOT_TLS_CODES.has(code))
    return new TlsMismatch(
      'not-tls',
      `the server answered the TLS handshake with something that is not TLS (${words(code)}): a plain port?`,
      { cause: err },
    );
  return undefined;
}
