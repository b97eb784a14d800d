/**
 * The TLS client's pure parts: the words for every failure OpenSSL and Node report, the checks on
 * the user's files (real PEM files made with openssl here), and what may leave the client.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { TlsClient } from '../../src/core/tls/client';
import { loadMaterial } from '../../src/core/tls/material';
import { TlsMismatch, explainIdentity, explainTlsError, explainUnverified } from '../../src/core/tls/mismatch';

const cert = {
  subject: { CN: 'zk1.example' },
  issuer: { CN: 'Corp CA', O: 'Corp' },
  valid_from: 'Nov 23 07:43:50 2026 GMT',
  valid_to: 'Nov 25 07:43:50 2026 GMT',
  subjectaltname: 'DNS:zk1.example, IP Address:10.0.0.1',
} as unknown as PeerCertificate;

test('an unverified server certificate: expired, not yet valid, untrusted (with or without a CA file)', () => {
  const expired = explainUnverified('CERT_HAS_EXPIRED', cert, {});
  assert.equal(expired.kind, 'expired');
  assert.match(expired.message, /certificate \(CN=zk1\.example\) expired on Nov 25 07:43:50 2026 GMT/);
  assert.match(explainUnverified('CERT_NOT_YET_VALID', cert, {}).message, /not valid before Nov 23 .*clock/);
  for (const code of [
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  ]) {
    const m = explainUnverified(code, cert, { caFile: '/etc/zk/ca.pem' });
    assert.equal(m.kind, 'untrusted', code);
    assert.match(m.message, /\(CN=zk1\.example issued by CN=Corp CA, O=Corp\) is not signed by a CA this client trusts/);
    assert.match(m.message, /the CA file \/etc\/zk\/ca\.pem does not hold the CA that signed it/);
  }
  assert.match(explainUnverified('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', cert, {}).message, /give the CA that signed it \(a CA file\)/);
  assert.match(explainUnverified('CERT_REVOKED', cert, {}).message, /failed verification: cert revoked/);
});

test('a host name mismatch lists the names the certificate carries and says which setting to change', () => {
  const plain = explainIdentity('10.0.0.2', cert, {});
  assert.equal(plain.kind, 'hostname');
  assert.match(
    plain.message,
    /is not for "10\.0\.0\.2" \(it names DNS:zk1\.example, IP Address:10\.0\.0\.1\); connect by a name it carries/,
  );
  assert.match(explainIdentity('zk.other', cert, { serverName: 'zk.other' }).message, /the server name setting is "zk\.other"/);
  const bare = { subject: { CN: 'only-cn' } } as unknown as PeerCertificate;
  assert.match(explainIdentity('x', bare, {}).message, /it names no alternative names, subject CN=only-cn/);
});

test('handshake alerts: a missing or refused client certificate, protocols, a peer that is not TLS; network errors are not TLS problems', () => {
  const alert = (code: string): Error => Object.assign(new Error(code), { code });
  const missing = explainTlsError(alert('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), {});
  assert.equal(missing?.kind, 'client-cert');
  assert.match(missing.message, /requires a client certificate .* none was given/);
  const refused = explainTlsError(alert('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), { certFile: '/c.pem', keyFile: '/k.pem' });
  assert.match(refused!.message, /refused this client's certificate \/c\.pem \(TLS alert: tlsv13 alert certificate required\)/);
  assert.match(explainTlsError(alert('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'), {})!.message, /may require a client certificate/);
  assert.equal(explainTlsError(alert('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'), {})?.kind, 'handshake');
  assert.equal(explainTlsError(alert('ERR_SSL_WRONG_VERSION_NUMBER'), {})?.kind, 'not-tls');
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) assert.equal(explainTlsError(alert(code), {}), undefined, code);
  assert.equal(explainTlsError(new Error('no code'), {}), undefined);
  const own = new TlsMismatch('expired', 'x');
  assert.equal(explainTlsError(own, {}), own);
});

describe('the files of a TLS setting', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zkops-tls-unit-'));
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    execFileSync('openssl', ['req', '-x509', ...ec, '-days', '1', '-subj', '/CN=a', '-keyout', file('a.key'), '-out', file('a.pem')], {
      stdio: 'ignore',
    });
    execFileSync('openssl', ['req', '-x509', ...ec, '-days', '1', '-subj', '/CN=b', '-keyout', file('b.key'), '-out', file('b.pem')], {
      stdio: 'ignore',
    });
    execFileSync('openssl', ['pkey', '-in', file('a.key'), '-aes256', '-passout', 'pass:right', '-out', file('a-enc.key')], {
      stdio: 'ignore',
    });
    writeFileSync(file('junk.pem'), 'not a certificate\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const setupError = async (promise: Promise<unknown>): Promise<string> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof TlsMismatch, String(err));
    assert.equal(err.kind, 'setup');
    return err.message;
  };

  test('good files load; an encrypted key with its passphrase loads', async () => {
    await loadMaterial({ caFile: file('b.pem'), certFile: file('a.pem'), keyFile: file('a.key') }, undefined);
    await loadMaterial({ certFile: file('a.pem'), keyFile: file('a-enc.key') }, 'right');
  });

  test('each bad file is named with what is wrong with it', async () => {
    assert.match(
      await setupError(loadMaterial({ caFile: file('none.pem') }, undefined)),
      /cannot read the CA file .*none\.pem: no such file/,
    );
    assert.match(
      await setupError(loadMaterial({ caFile: file('junk.pem') }, undefined)),
      /CA file .*junk\.pem is not in PEM form .*keytool -exportcert -rfc/,
    );
    assert.match(
      await setupError(loadMaterial({ certFile: file('a.pem') }, undefined)),
      /client certificate .*a\.pem needs its private key/,
    );
    assert.match(await setupError(loadMaterial({ keyFile: file('a.key') }, undefined)), /key file .*a\.key needs its client certificate/);
    assert.match(
      await setupError(loadMaterial({ certFile: file('a.pem'), keyFile: file('b.key') }, undefined)),
      /key file .*b\.key does not belong to the client certificate .*a\.pem/,
    );
    assert.match(
      await setupError(loadMaterial({ certFile: file('a.pem'), keyFile: file('a-enc.key') }, undefined)),
      /a-enc\.key is encrypted and no passphrase was given/,
    );
    assert.match(
      await setupError(loadMaterial({ certFile: file('a.pem'), keyFile: file('a-enc.key') }, 'wrong')),
      /cannot decrypt the key file .*a-enc\.key: wrong passphrase/,
    );
  });

  test('a failed load is tried again (a passphrase set since); a good one is kept', async () => {
    let passphrase: string | undefined;
    let asked = 0;
    const client = new TlsClient({ certFile: file('a.pem'), keyFile: file('a-enc.key') }, () => {
      asked += 1;
      return passphrase;
    });
    await setupError(client.load());
    passphrase = 'right';
    await client.load();
    await client.load();
    assert.equal(asked, 2);
  });
});

test('a TlsClient serialises to its settings only (comparison keys, logs): no key material, no passphrase', () => {
  const client = TlsClient.from({ caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem', passphrase: () => 'secret' })!;
  const json = JSON.stringify({ target: 'x', tls: client });
  assert.equal(json, '{"target":"x","tls":{"tls":{"caFile":"/ca.pem","certFile":"/c.pem","keyFile":"/k.pem"}}}');
  assert.equal(TlsClient.from(client), client);
  assert.equal(TlsClient.from(undefined), undefined);
  assert.equal(client.verify, true);
  assert.equal(new TlsClient({ verify: false }).verify, false);
});
