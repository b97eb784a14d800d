/**
 * TLS against real ZooKeeper 3.8 secure client ports (Netty): a 3-member ensemble with mutual TLS
 * (ssl.clientAuth=need, HTTPS AdminServer) and a 1-member one whose certificate expired, both from
 * a PKI made in the test with openssl and keytool. The explorer's calls (ls, get), the health
 * check and the probe work over TLS; each usual mistake ends the connect with TLSERROR naming its
 * cause, never a timeout or "connection loss".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli/main';
import { askAdmin } from '../../src/core/ensemble/adminServer';
import { probeEnsemble } from '../../src/core/ensemble/probe';
import { HealthPoller } from '../../src/core/health/poller';
import { Testbed } from '../../src/core/testbed/testbed';
import { TestPki, createTestPki } from '../../src/core/testbed/tlsPki';
import { TlsClient, TlsOptions } from '../../src/core/tls/client';
import { ZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';

/** Generous: the assertions are about the message, never the time; a hang would still fail. */
const CONNECT_TIMEOUT_MS = 10_000;

async function zkops(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    // `zkops get` writes the value's bytes as they are.
    outBytes: (bytes) => void (out += Buffer.from(bytes).toString('utf8')),
    env: { ...process.env, ...env },
  });
  return { code, out, err };
}

/** The error a connect ends with; fails the test when it connects. */
async function connectError(connect: string, tls: TlsOptions | undefined): Promise<ZkError> {
  const err = await ZkSession.connect(connect, { tls, connectTimeoutMs: CONNECT_TIMEOUT_MS }).then(
    async (session) => {
      await session.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  assert.ok(err instanceof ZkError, `expected a ZkError, got ${String(err)}`);
  assert.equal(err.name, 'TLSERROR', err.message);
  assert.doesNotMatch(err.message, /connection (loss|was lost)|no ZooKeeper server answered/i);
  return err;
}

describe('TLS on the client port of real ensembles', () => {
  let dir: string;
  let pki: TestPki;
  let bed: Testbed;
  let expired: Testbed;
  let secure: string;
  let mutual: TlsClient;
  let flags: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zkops-tls-pki-'));
    pki = await createTestPki(dir);
    const stores = { trustStore: pki.trustStore, password: pki.storePassword, clientAuth: 'need' as const };
    bed = await Testbed.start({ size: 3, tls: { ...stores, keyStore: pki.serverKeyStore } });
    // TLS 1.3: a server that wants a client certificate says so only after the client's handshake ended.
    expired = await Testbed.start({ size: 1, adminServer: false, tls: { ...stores, keyStore: pki.expiredKeyStore, protocol: 'TLSv1.3' } });
    secure = bed.secureConnectString!;
    mutual = new TlsClient({ caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile });
    flags = ['--tls-ca', pki.caFile, '--tls-cert', pki.clientCertFile, '--tls-key', pki.clientKeyFile];
  });
  after(async () => {
    await Promise.all([bed?.close(), expired?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('zkops ls and get over mutual TLS', async () => {
    const session = await ZkSession.connect(secure, { tls: mutual, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    try {
      await session.create('/sealed', Buffer.from('over TLS'));
      await session.create('/sealed/a');
      await session.create('/sealed/b');
    } finally {
      await session.close();
    }
    const ls = await zkops(['ls', secure, '/sealed', ...flags]);
    assert.equal(ls.code, 0, ls.err);
    assert.deepEqual(ls.out.trim().split('\n'), ['a', 'b']);
    const get = await zkops(['get', secure, '/sealed', ...flags]);
    assert.equal(get.code, 0, get.err);
    assert.equal(get.out.trim(), 'over TLS');
  });

  test('an encrypted client key: its passphrase from ZKOPS_TLS_PASSPHRASE; a wrong one names the key file', async () => {
    const encrypted = ['--tls-ca', pki.caFile, '--tls-cert', pki.clientCertFile, '--tls-key', pki.encryptedClientKeyFile];
    const ok = await zkops(['ls', secure, '/', ...encrypted], { ZKOPS_TLS_PASSPHRASE: pki.clientKeyPassphrase });
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^zookeeper$/m);
    const wrong = await zkops(['ls', secure, '/', ...encrypted], { ZKOPS_TLS_PASSPHRASE: 'not it' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /cannot decrypt the key file .*client-encrypted\.key: wrong passphrase/);
    const session = await ZkSession.connect(secure, {
      tls: {
        caFile: pki.caFile,
        certFile: pki.clientCertFile,
        keyFile: pki.encryptedClientKeyFile,
        passphrase: () => pki.clientKeyPassphrase,
      },
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
    });
    await session.close();
  });

  test('zkops health over TLS: four-letter words on the secure ports, the AdminServer over HTTPS, every check passes', async () => {
    const adminPorts = bed.members.map((m) => m.ports.admin).join(',');
    // Every four-letter word is a TLS handshake of its own: a budget for a busy 2-core machine.
    const run = await zkops(['health', secure, '--json', '--timeout', '5000', '--admin-ports', adminPorts, ...flags]);
    const json = JSON.parse(run.out) as {
      status: string;
      members: { state: string }[];
      checks: { id: string; status: string; evidence: string }[];
    };
    assert.equal(run.code, 0, JSON.stringify(json.checks.filter((c) => c.status !== 'pass')));
    assert.equal(json.status, 'pass');
    assert.deepEqual(
      json.members.map((m) => m.state),
      ['up', 'up', 'up'],
    );
    const probe = await probeEnsemble(secure, { tls: mutual, timeoutMs: 5000 });
    assert.deepEqual(
      probe.members.map((m) => m.source),
      ['4lw', '4lw', '4lw'],
    );
    assert.equal(probe.members.filter((m) => m.state === 'leader').length, 1);
    const monitor = await askAdmin('127.0.0.1', bed.members[0]!.ports.admin, 'monitor', { tls: mutual, timeoutMs: 5000 });
    assert.equal(monitor.status, 'ok', JSON.stringify(monitor));
  });

  test("the health poller (the editor's status bar and Ensemble view) over TLS", async () => {
    const poller = new HealthPoller({ connectString: secure, tls: mutual, timeoutMs: 5000 });
    try {
      const report = await poller.pollNow();
      assert.equal(report.status, 'pass', report.summary);
      assert.equal(report.health.members.length, 3);
    } finally {
      poller.dispose();
    }
  });

  test('a plain client on the TLS port: "this is a TLS port", and zkops points at --tls-ca', async () => {
    const err = await connectError(secure, undefined);
    assert.match(err.message, /answers TLS: this is a TLS port \(secureClientPort\)/);
    const run = await zkops(['ls', secure, '/']);
    assert.equal(run.code, 2);
    assert.match(run.err, /TLSERROR: .*this is a TLS port.*; add --tls-ca <file>/);
    const probe = await probeEnsemble(secure, { timeoutMs: 3000, adminPorts: [null, null, null] });
    for (const m of probe.members) assert.match(m.reason ?? '', /the port speaks TLS/, m.address);
  });

  test('a TLS client on a plain port: "this is a plain port"', async () => {
    const err = await connectError(bed.connectString, mutual);
    assert.match(err.message, /this is a plain port \(clientPort\), not a TLS one/);
    const run = await zkops(['ls', bed.connectString, '/', ...flags]);
    assert.equal(run.code, 2);
    assert.match(run.err, /leave out the --tls options, or connect to the secure client port/);
  });

  test('an unknown CA: the certificate, its issuer and the CA file are named; the probe says so too', async () => {
    const err = await connectError(secure, { caFile: pki.otherCaFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile });
    assert.match(
      err.message,
      /the server's certificate \(CN=localhost issued by CN=zkops testbed CA\) is not signed by a CA this client trusts/,
    );
    assert.match(err.message, /other-ca\.pem does not hold the CA that signed it/);
    const stranger = new TlsClient({ caFile: pki.otherCaFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile });
    const probe = await probeEnsemble(secure, { tls: stranger, timeoutMs: 3000, adminPorts: [null, null, null] });
    for (const m of probe.members) {
      assert.equal(m.errorKind, 'tls', m.reason ?? '');
      assert.match(m.reason ?? '', /not signed by a CA this client trusts/);
    }
  });

  test('a wrong host name: the names the certificate carries are listed', async () => {
    const err = await connectError(secure, {
      caFile: pki.caFile,
      certFile: pki.clientCertFile,
      keyFile: pki.clientKeyFile,
      serverName: 'zk.wrong.example',
    });
    assert.match(
      err.message,
      /the server's certificate is not for "zk\.wrong\.example" \(it names IP Address:127\.0\.0\.1, DNS:localhost\)/,
    );
    const run = await zkops(['ls', secure, '/', ...flags, '--tls-servername', 'zk.wrong.example']);
    assert.equal(run.code, 2);
    assert.match(run.err, /--tls-servername <name> checks a name the certificate carries/);
  });

  test('a missing client certificate where the servers require one (TLS 1.2)', async () => {
    const err = await connectError(secure, { caFile: pki.caFile });
    assert.match(err.message, /the server requires a client certificate \(mutual TLS: ssl\.clientAuth=need\) and none was given/);
  });

  test('a client certificate the servers do not trust', async () => {
    const err = await connectError(secure, { caFile: pki.caFile, certFile: pki.strangerCertFile, keyFile: pki.strangerKeyFile });
    assert.match(err.message, /the server refused this client's certificate .*stranger\.pem/);
  });

  test('an expired server certificate: its end date is given', async () => {
    const err = await connectError(expired.secureConnectString!, mutual);
    assert.match(err.message, /the server's certificate \(CN=localhost\) expired on \w{3} +\d+ [\d:]+ \d{4} GMT/);
  });

  test('--tls-insecure says on stderr what it turns off; a TLS 1.3 server then still asks for the missing client certificate', async () => {
    const run = await zkops(['ls', expired.secureConnectString!, '/', '--tls-insecure']);
    assert.match(run.err, /WARNING: --tls-insecure turns off checking the servers' TLS certificates and host names/);
    assert.equal(run.code, 2);
    assert.match(run.err, /TLSERROR: .*the server requires a client certificate/);
    const ok = await zkops([
      'ls',
      expired.secureConnectString!,
      '/',
      '--tls-insecure',
      '--tls-cert',
      pki.clientCertFile,
      '--tls-key',
      pki.clientKeyFile,
    ]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^zookeeper$/m);
  });
});
