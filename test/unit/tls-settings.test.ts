/**
 * Where TLS settings come from: a cluster's `tls` entry in settings, and the `--tls-*` flags of
 * zkops (with the loud `--tls-insecure` and a passphrase that never comes from argv).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CliIo, UsageError } from '../../src/cli/command';
import { parseCommandLine } from '../../src/cli/options';
import { INSECURE_WARNING, TLS_OPTIONS, tlsFrom, tlsHint } from '../../src/cli/tlsArgs';
import { parseClusterConfig, tlsSettingsOf, toSettingsEntry } from '../../src/core/clusters/clusterConfig';
import { TlsMismatch } from '../../src/core/tls/mismatch';

test("a cluster's tls entry: validated, kept by the settings round trip, ~/ expanded", () => {
  const raw = {
    name: 'secure',
    connectString: 'zk1:2281',
    tls: { ca: '~/pki/ca.pem', cert: '/etc/zk/c.pem', key: '/etc/zk/k.pem', serverName: 'zk.internal' },
  };
  const result = parseClusterConfig(raw);
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.deepEqual(toSettingsEntry(result.config).tls, raw.tls);
  assert.deepEqual(tlsSettingsOf(result.config, '/home/u'), {
    caFile: '/home/u/pki/ca.pem',
    certFile: '/etc/zk/c.pem',
    keyFile: '/etc/zk/k.pem',
    serverName: 'zk.internal',
    verify: true,
  });
  const plain = parseClusterConfig({ name: 'p', connectString: 'h:1' });
  assert.ok(plain.ok);
  assert.equal(tlsSettingsOf(plain.config), undefined);
  const off = parseClusterConfig({ name: 'o', connectString: 'h:1', tls: { verify: false } });
  assert.ok(off.ok);
  assert.equal(tlsSettingsOf(off.config)?.verify, false);
});

test('bad tls entries say what is wrong; a passphrase is refused in settings', () => {
  const cases: [unknown, RegExp][] = [
    [true, /tls must be an object/],
    [{ ca: 'relative/ca.pem' }, /tls\.ca must be an absolute file path/],
    [{ cert: '/c.pem' }, /tls\.cert and tls\.key go together/],
    [{ verify: 'no' }, /tls\.verify must be true or false/],
    [{ serverName: 'a b' }, /tls\.serverName must be a host name/],
    [{ keyPassphrase: 'x' }, /passphrase does not belong in settings/],
    [{ cafile: '/ca.pem' }, /unknown key\(s\) cafile/],
  ];
  for (const [tls, message] of cases) {
    const result = parseClusterConfig({ name: 'x', connectString: 'h:1', tls });
    assert.equal(result.ok, false, JSON.stringify(tls));
    assert.match(result.ok ? '' : result.error, message);
  }
});

describe('zkops --tls-* flags', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zkops-tls-flags-'));
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
    execFileSync(
      'openssl',
      ['req', '-x509', ...ec, '-nodes', '-days', '1', '-subj', '/CN=a', '-keyout', join(dir, 'a.key'), '-out', join(dir, 'a.pem')],
      { stdio: 'ignore' },
    );
    execFileSync('openssl', ['pkey', '-in', join(dir, 'a.key'), '-aes256', '-passout', 'pass:sesame', '-out', join(dir, 'enc.key')], {
      stdio: 'ignore',
    });
    writeFileSync(join(dir, 'pass'), 'sesame\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (
    argv: string[],
    env: Record<string, string> = {},
  ): Promise<{ tls: Awaited<ReturnType<typeof tlsFrom>>; err: string[] }> => {
    const err: string[] = [];
    const io = {
      out: () => undefined,
      err: (t: string) => err.push(t),
      env,
      outBytes: () => undefined,
      readStdin: async () => Buffer.alloc(0),
    } as CliIo;
    return { tls: await tlsFrom(parseCommandLine(argv, TLS_OPTIONS), io), err };
  };

  test('no flag, no TLS; --tls alone trusts the public CAs', async () => {
    assert.equal((await run([])).tls, undefined);
    const { tls, err } = await run(['--tls']);
    assert.deepEqual(tls?.settings, { caFile: undefined, certFile: undefined, keyFile: undefined, serverName: undefined, verify: true });
    assert.deepEqual(err, []);
  });

  test('--tls-insecure turns verification off and says loudly what that gives up', async () => {
    const { tls, err } = await run(['--tls-insecure']);
    assert.equal(tls?.verify, false);
    assert.deepEqual(err, [INSECURE_WARNING]);
    assert.match(INSECURE_WARNING, /WARNING.*certificates and host names.*pose as the ensemble/);
  });

  test('the passphrase of an encrypted key from ZKOPS_TLS_PASSPHRASE or --tls-passphrase-file', async () => {
    const key = ['--tls-cert', join(dir, 'a.pem'), '--tls-key', join(dir, 'enc.key')];
    assert.ok((await run(key, { ZKOPS_TLS_PASSPHRASE: 'sesame' })).tls);
    assert.ok((await run([...key, '--tls-passphrase-file', join(dir, 'pass')])).tls);
    await assert.rejects(
      run(key),
      (e: unknown) =>
        e instanceof UsageError &&
        /enc\.key is encrypted and no passphrase was given \(ZKOPS_TLS_PASSPHRASE or --tls-passphrase-file\)/.test(e.message),
    );
    assert.equal(TLS_OPTIONS['tls-passphrase'], undefined, 'no flag carries the passphrase itself');
  });

  test('bad combinations and files are usage errors naming the flag or file', async () => {
    await assert.rejects(run(['--tls-cert', join(dir, 'a.pem')]), /--tls-cert and --tls-key go together/);
    await assert.rejects(run(['--tls-ca', join(dir, 'missing.pem')]), /TLS: cannot read the CA file .*missing\.pem: no such file/);
    await assert.rejects(run(['--tls-servername', 'has space']), /--tls-servername "has space" is not a host name/);
  });

  test('each kind of TLS failure points at the flag that fixes it', () => {
    assert.match(tlsHint(new TlsMismatch('untrusted', 'x')), /--tls-ca <file>/);
    assert.match(tlsHint(new TlsMismatch('hostname', 'x')), /--tls-servername <name>/);
    assert.match(tlsHint(new TlsMismatch('client-cert', 'x')), /--tls-cert <file> --tls-key <file>/);
    assert.match(tlsHint(new TlsMismatch('tls-port', 'x')), /add --tls-ca <file>/);
    assert.match(tlsHint(new TlsMismatch('not-tls', 'x')), /leave out the --tls options/);
    assert.equal(tlsHint(new Error('x')), '');
  });
});
