import { cfg, key, prop } from './define';
import type { KeySpec, PatternSpec } from './types';

/** Four-letter words, ACLs, super users and SASL. */
export const securityKeys: readonly KeySpec[] = [
  prop(
    '4lw.commands.whitelist',
    'fourLetterWords',
    'security',
    'Comma-separated four-letter words the client port answers, or * for all. srvr is always allowed; everything else is refused unless listed.',
    { default: 'srvr', since: '3.5.3' },
  ),
  prop(
    'skipACL',
    'yesno',
    'unsafe',
    'Skips every ACL check: faster, but anyone who can connect can read, change and reconfigure everything. Only the exact text "yes" turns it on.',
    { default: 'no' },
  ),
  prop(
    'DigestAuthenticationProvider.superDigest',
    'string',
    'security',
    'Digest (super:base64(sha1(super:password))) of the super user, who bypasses all ACLs and may reconfigure. ' +
      'Digest passwords cross the network in clear text unless the client port uses TLS.',
    { since: '3.2.0' },
  ),
  prop(
    'DigestAuthenticationProvider.enabled',
    'boolean',
    'security',
    'Whether the digest authentication provider is loaded; turning it off when unused keeps misleading entries out of audit logs.',
    { default: 'true', since: '3.7.0' },
  ),
  prop(
    'DigestAuthenticationProvider.digestAlg',
    'string',
    'security',
    'Hash algorithm for digest ACLs and superDigest. Must match on every server; changing it means regenerating digests.',
    { default: 'SHA1', since: '3.7.0' },
  ),
  prop(
    'X509AuthenticationProvider.superUser',
    'string',
    'security',
    'X.500 principal of a TLS client certificate that is treated as the super user.',
  ),
  prop(
    'superUser',
    'string',
    'security',
    'SASL principal treated as the super user. Several can be given as superUser.1, superUser.2, ...',
  ),
  prop(
    'ssl.authProvider',
    'string',
    'tls',
    'Authentication scheme used for TLS clients; a custom scheme also needs authProvider.<scheme> naming its class.',
    { default: 'x509' },
  ),
  prop(
    'ensembleAuthName',
    'list',
    'security',
    'Comma-separated names of this ensemble; clients using the "ensemble" scheme with another name are refused, which stops them joining the wrong cluster.',
    { since: '3.6.0' },
  ),
  prop(
    'sessionRequireClientSASLAuth',
    'boolean',
    'sasl',
    'Refuse sessions from clients that have not authenticated with SASL. Same as enforce.auth.enabled=true with enforce.auth.schemes=sasl.',
    { default: 'false', since: '3.6.0' },
  ),
  prop(
    'enforce.auth.enabled',
    'boolean',
    'security',
    'Refuse sessions from clients that have not authenticated with one of enforce.auth.schemes.',
    { default: 'false', since: '3.7.0' },
  ),
  prop(
    'enforce.auth.schemes',
    'list',
    'security',
    'Comma-separated authentication schemes accepted when enforce.auth.enabled is true (e.g. sasl, digest, x509).',
    { since: '3.7.0' },
  ),
  prop(
    'allowSaslFailedClients',
    'boolean',
    'sasl',
    'Let clients whose SASL authentication failed carry on unauthenticated. Overruled by enforced authentication.',
    { default: 'false' },
  ),
  prop(
    'kerberos.removeHostFromPrincipal',
    'boolean',
    'sasl',
    'Drop the host part of Kerberos client principals (zk/host@REALM becomes zk@REALM).',
    { default: 'false' },
  ),
  prop(
    'kerberos.removeRealmFromPrincipal',
    'boolean',
    'sasl',
    'Drop the realm of Kerberos client principals (zk/host@REALM becomes zk/host).',
    { default: 'false' },
  ),
  prop(
    'kerberos.canonicalizeHostNames',
    'boolean',
    'sasl',
    'Canonicalize host names from server.N lines, so CNAMEs work with Kerberos between servers.',
    { default: 'false', since: '3.7.0' },
  ),
  cfg('quorum.auth.enableSasl', 'boolean', 'sasl', 'Enables SASL authentication between servers.', {
    strict: true,
    default: 'false',
    since: '3.4.10',
  }),
  cfg(
    'quorum.auth.learnerRequireSasl',
    'boolean',
    'sasl',
    'This server, as a learner, sends SASL credentials to the leader. Needs quorum.auth.enableSasl.',
    { strict: true, default: 'false', since: '3.4.10' },
  ),
  cfg(
    'quorum.auth.serverRequireSasl',
    'boolean',
    'sasl',
    'This server, as leader, refuses learners without SASL credentials. Needs quorum.auth.enableSasl and quorum.auth.learnerRequireSasl.',
    { strict: true, default: 'false', since: '3.4.10' },
  ),
  cfg('quorum.auth.learner.saslLoginContext', 'string', 'sasl', 'JAAS login section used by this server as a learner.', {
    default: 'QuorumLearner',
    since: '3.4.10',
  }),
  cfg('quorum.auth.server.saslLoginContext', 'string', 'sasl', 'JAAS login section used by this server as leader.', {
    default: 'QuorumServer',
    since: '3.4.10',
  }),
  cfg(
    'quorum.auth.kerberos.servicePrincipal',
    'string',
    'sasl',
    "Kerberos service principal of the servers; _HOST is replaced by each server's host name.",
    { default: 'zkquorum/localhost', since: '3.4.10' },
  ),
  cfg('quorum.cnxn.threads.size', 'int', 'sasl', 'Threads handling quorum connection set-up (and SASL handshakes) at once.', {
    unit: 'count',
    min: 1,
    default: '20',
    since: '3.4.10',
  }),
  cfg('sslQuorum', 'boolean', 'tls', 'Encrypt traffic between servers (quorum and election) with TLS using the ssl.quorum.* stores.', {
    strict: true,
    default: 'false',
    since: '3.5.5',
  }),
  cfg(
    'portUnification',
    'boolean',
    'tls',
    'Quorum ports accept both TLS and plaintext, for moving a running ensemble to TLS without downtime.',
    { strict: true, default: 'false', since: '3.5.5' },
  ),
  cfg('sslQuorumReloadCertFiles', 'boolean', 'tls', 'Reload the quorum key and trust stores when their files change, without a restart.', {
    strict: true,
    default: 'false',
    since: '3.5.5',
  }),
  prop(
    'client.portUnification',
    'boolean',
    'tls',
    'The plaintext client port also accepts TLS connections, using the secure client port settings.',
    { default: 'false' },
  ),
  prop('client.certReload', 'boolean', 'tls', 'Reload the client-facing key and trust stores when their files change.', {
    default: 'false',
    since: '3.7.2',
  }),
  prop(
    'serverCnxnFactory',
    'class',
    'tls',
    'Client connection implementation. TLS needs org.apache.zookeeper.server.NettyServerCnxnFactory.',
    { default: 'org.apache.zookeeper.server.NIOServerCnxnFactory' },
  ),
  prop('ssl.sslProvider', 'string', 'tls', 'TLS implementation for client connections: JDK, or OPENSSL through netty-tcnative.', {
    default: 'JDK',
    since: '3.9.0',
  }),
  prop(
    'fips-mode',
    'boolean',
    'tls',
    "FIPS compatibility: disables ZooKeeper's own trust manager, so quorum hostname verification is unavailable.",
    { defaultNote: 'true from 3.9.0, false in 3.8', since: '3.8.2' },
  ),
  prop(
    'netty.server.earlyDropSecureConnectionHandshakes',
    'boolean',
    'tls',
    'Drop TCP connections before the TLS handshake while the server is still starting; such a server then does not answer ruok.',
    { default: 'false', since: '3.7.1' },
  ),
  prop(
    'netty.server.outstandingHandshake.limit',
    'int',
    'tls',
    'Most TLS handshakes in flight; further connections are refused, which avoids a herd of handshake timeouts.',
    { unit: 'count', min: 1, docName: 'outstandingHandshake.limit' },
  ),
  prop(
    'netty.advancedFlowControl.enabled',
    'boolean',
    'performance',
    'Netty reads from clients only as fast as the request pipeline drains, avoiding direct-buffer exhaustion.',
    { default: 'false', docName: 'advancedFlowControlEnabled' },
  ),
];

/** The same TLS settings exist for clients (ssl.) and between servers (ssl.quorum.). */
function tlsKeys(prefix: 'ssl.' | 'ssl.quorum.'): KeySpec[] {
  const who = prefix === 'ssl.' ? 'client' : 'quorum';
  const p = (name: string, type: KeySpec['type'], description: string, extra: Partial<KeySpec> = {}): KeySpec =>
    prop(prefix + name, type, 'tls', description, { since: '3.5.5', ...extra });
  return [
    p('keyStore.location', 'path', `Key store with this server's certificate and key for ${who} TLS.`),
    p('keyStore.password', 'string', `Password of the ${who} key store.`),
    p('keyStore.passwordPath', 'path', `File holding the ${who} key store password; wins over keyStore.password.`, { since: '3.8.0' }),
    p('keyStore.type', 'enum', `Format of the ${who} key store; detected from the file name when absent.`, {
      values: ['JKS', 'PEM', 'PKCS12', 'BCFKS'],
      caseInsensitive: true,
    }),
    p('trustStore.location', 'path', `Trust store with the certificates accepted from ${who === 'client' ? 'clients' : 'other servers'}.`),
    p('trustStore.password', 'string', `Password of the ${who} trust store.`),
    p('trustStore.passwordPath', 'path', `File holding the ${who} trust store password; wins over trustStore.password.`, {
      since: '3.8.0',
    }),
    p('trustStore.type', 'enum', `Format of the ${who} trust store; detected from the file name when absent.`, {
      values: ['JKS', 'PEM', 'PKCS12', 'BCFKS'],
      caseInsensitive: true,
    }),
    p('protocol', 'string', `TLS protocol for ${who} connections.`, { default: 'TLSv1.2' }),
    p('enabledProtocols', 'list', `Comma-separated TLS protocols allowed for ${who} connections.`, { defaultNote: 'the protocol setting' }),
    p('ciphersuites', 'list', `Comma-separated cipher suites allowed for ${who} connections.`, {
      defaultNote: "the Java runtime's defaults",
    }),
    p('context.supplier.class', 'class', `Class that supplies a ready SSLContext for ${who} TLS (e.g. a hardware key store).`),
    p(
      'hostnameVerification',
      'boolean',
      `Check that the peer certificate matches its host name on ${who} connections. Turn off only for tests.`,
      { default: 'true' },
    ),
    p('crl', 'boolean', `Check certificate revocation lists on ${who} connections.`, { default: 'false' }),
    p('ocsp', 'boolean', `Check certificates online (OCSP) on ${who} connections.`, { default: 'false' }),
    p('clientAuth', 'enum', `Whether ${who} TLS peers must present a certificate: none, want or need.`, {
      values: ['none', 'want', 'need'],
      caseInsensitive: true,
      default: 'need',
    }),
    p(
      'handshakeDetectionTimeoutMillis',
      'int',
      `How long a port-unified ${who} port waits for the first bytes to tell TLS from plaintext.`,
      { unit: 'ms', min: 1, default: '5000' },
    ),
  ];
}

export const tlsStoreKeys: readonly KeySpec[] = [...tlsKeys('ssl.'), ...tlsKeys('ssl.quorum.')];

export const securityPatterns: readonly PatternSpec[] = [
  {
    ...key(
      'authProvider.N',
      'class',
      'security',
      'sysprop',
      'Loads an authentication provider class, e.g. authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider for SASL clients.',
    ),
    pattern: /^authProvider\.(.+)$/,
    snippet: 'authProvider.${1:1}=${2:org.apache.zookeeper.server.auth.SASLAuthenticationProvider}',
  },
  {
    ...key('superUser.N', 'string', 'security', 'sysprop', 'One more SASL principal treated as the super user.'),
    pattern: /^superUser\.(.+)$/,
    snippet: 'superUser.${1:1}=${2:admin}',
  },
];
