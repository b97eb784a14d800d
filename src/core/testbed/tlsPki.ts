/**
 * A throw-away public-key infrastructure for TLS testbeds, made with the tools a ZooKeeper host
 * has: `openssl` for keys and certificates, Java's `keytool` for what Java reads (the truststore)
 * and for a certificate that expired days ago (openssl 3.0 cannot back-date one). Everything goes
 * into one folder; nothing is trusted outside it.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** keytool starts a JVM per call: slow on a busy machine, but bounded. */
const TOOL_TIMEOUT_MS = 60_000;

export interface TestPki {
  readonly dir: string;
  /** The password of every PKCS12 store here (a test secret). */
  readonly storePassword: string;
  /** PEM of the CA that signed every certificate below: what a client trusts. */
  readonly caFile: string;
  /** PEM of another CA that signed nothing here: "an unknown CA" to a client that trusts only it. */
  readonly otherCaFile: string;
  /** PKCS12 keystore of a server certificate for 127.0.0.1 and localhost, valid 30 days. */
  readonly serverKeyStore: string;
  /** PKCS12 keystore of a server certificate (same names) that expired eight days ago. */
  readonly expiredKeyStore: string;
  /** PKCS12 truststore holding the CA: what the servers trust client certificates by. */
  readonly trustStore: string;
  /** PEM client certificate and its unencrypted key (mutual TLS). */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** The same key encrypted with `clientKeyPassphrase`. */
  readonly encryptedClientKeyFile: string;
  readonly clientKeyPassphrase: string;
  /** PEM client certificate and key signed by the other CA: a certificate the servers do not trust. */
  readonly strangerCertFile: string;
  readonly strangerKeyFile: string;
}

async function openssl(dir: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: TOOL_TIMEOUT_MS });
}

async function keytool(dir: string, ...args: string[]): Promise<void> {
  await run(process.env.KEYTOOL ?? 'keytool', args, { cwd: dir, timeout: TOOL_TIMEOUT_MS });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function makeCa(dir: string, name: string, subject: string): Promise<void> {
  await openssl(
    dir,
    'req',
    '-x509',
    ...EC_KEY,
    '-days',
    '30',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  );
}

/** A key and a certificate signed by `ca`; `san` adds subjectAltName (servers). */
async function makeSigned(dir: string, name: string, ca: string, subject: string, san?: string): Promise<void> {
  await openssl(dir, 'req', '-new', ...EC_KEY, '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
  const ext = [`extendedKeyUsage=${san ? 'serverAuth,clientAuth' : 'clientAuth'}`, ...(san ? [`subjectAltName=${san}`] : [])];
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${ext.join('\n')}\n`);
  await openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  );
}

/** A PKCS12 keystore with the key, its certificate and the CA (the chain a server presents). */
async function keyStore(dir: string, name: string, password: string): Promise<string> {
  await openssl(
    dir,
    'pkcs12',
    '-export',
    '-in',
    `${name}.pem`,
    '-inkey',
    `${name}.key`,
    '-certfile',
    'ca.pem',
    '-name',
    'server',
    '-out',
    `${name}.p12`,
    '-passout',
    `pass:${password}`,
  );
  return path.join(dir, `${name}.p12`);
}

/** Creates every file of a TestPki in `dir` (made if missing). Needs openssl and keytool on PATH. */
export async function createTestPki(dir: string): Promise<TestPki> {
  fs.mkdirSync(dir, { recursive: true });
  const storePassword = 'testbed-store';
  const clientKeyPassphrase = 'testbed-key-passphrase';
  const san = 'IP:127.0.0.1,DNS:localhost';
  await Promise.all([makeCa(dir, 'ca', '/CN=zkops testbed CA'), makeCa(dir, 'other-ca', '/CN=zkops stranger CA')]);
  await Promise.all([
    makeSigned(dir, 'server', 'ca', '/CN=localhost', san),
    makeSigned(dir, 'client', 'ca', '/CN=zkops client'),
    makeSigned(dir, 'stranger', 'other-ca', '/CN=zkops stranger'),
    openssl(dir, 'req', '-new', ...EC_KEY, '-subj', '/CN=localhost', '-keyout', 'expired.key', '-out', 'expired.csr'),
    openssl(
      dir,
      'pkcs12',
      '-export',
      '-in',
      'ca.pem',
      '-inkey',
      'ca.key',
      '-name',
      'ca',
      '-out',
      'ca.p12',
      '-passout',
      `pass:${storePassword}`,
    ),
  ]);
  await Promise.all([
    // keytool signs with a start date in the past: valid for two days, ended eight days ago.
    keytool(
      dir,
      '-gencert',
      '-alias',
      'ca',
      '-keystore',
      'ca.p12',
      '-storetype',
      'PKCS12',
      '-storepass',
      storePassword,
      '-infile',
      'expired.csr',
      '-outfile',
      'expired.pem',
      '-rfc',
      '-startdate',
      '-10d',
      '-validity',
      '2',
      '-ext',
      `SAN=${san}`,
      '-ext',
      'EKU=serverAuth,clientAuth',
    ),
    keytool(
      dir,
      '-importcert',
      '-noprompt',
      '-alias',
      'ca',
      '-file',
      'ca.pem',
      '-keystore',
      'trust.p12',
      '-storetype',
      'PKCS12',
      '-storepass',
      storePassword,
    ),
    openssl(dir, 'pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${clientKeyPassphrase}`, '-out', 'client-encrypted.key'),
  ]);
  const [serverKeyStore, expiredKeyStore] = await Promise.all([
    keyStore(dir, 'server', storePassword),
    keyStore(dir, 'expired', storePassword),
  ]);
  const file = (name: string): string => path.join(dir, name);
  return {
    dir,
    storePassword,
    caFile: file('ca.pem'),
    otherCaFile: file('other-ca.pem'),
    serverKeyStore,
    expiredKeyStore,
    trustStore: file('trust.p12'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client.key'),
    encryptedClientKeyFile: file('client-encrypted.key'),
    clientKeyPassphrase,
    strangerCertFile: file('stranger.pem'),
    strangerKeyFile: file('stranger.key'),
  };
}
