/**
 * Reads a TlsSettings' files once into a Node SecureContext, checking what Node would accept
 * silently or report obscurely: a CA file with no certificate in it, a certificate without its key,
 * a key that belongs to another certificate, an encrypted key with a wrong or missing passphrase.
 * Every failure is a TlsMismatch of kind `setup` naming the file.
 */
import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';
import { TlsMismatch } from './mismatch';
import type { TlsSettings } from './settings';

/** A PEM certificate or key is a few KB; a chain of a dozen a few dozen KB. */
const MAX_FILE_BYTES = 1024 * 1024;

export interface TlsMaterial {
  readonly context: tls.SecureContext;
}

async function readPem(file: string, what: string, marker: RegExp, hint: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
    throw new TlsMismatch('setup', `cannot read the ${what} ${file}: ${why}`);
  }
  if (bytes.length > MAX_FILE_BYTES) throw new TlsMismatch('setup', `the ${what} ${file} is over 1 MB; a PEM file is a few KB`);
  if (!marker.test(bytes.toString('latin1')))
    throw new TlsMismatch('setup', `the ${what} ${file} is not in PEM form (no ${hint} block)${pemHint(what)}`);
  return bytes;
}

function pemHint(what: string): string {
  if (what === 'CA file') return "; export a Java truststore's CA with keytool -exportcert -rfc";
  return '; convert a PKCS12 keystore with openssl pkcs12 -nodes';
}

/** Loads and checks the files of `settings`; `passphrase` decrypts an encrypted key. */
export async function loadMaterial(settings: TlsSettings, passphrase: string | undefined): Promise<TlsMaterial> {
  const { caFile, certFile, keyFile } = settings;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new TlsMismatch(
      'setup',
      certFile
        ? `the client certificate ${certFile} needs its private key (a key file)`
        : `the key file ${keyFile} needs its client certificate (a certificate file)`,
    );
  }
  const [ca, cert, key] = await Promise.all([
    caFile === undefined ? undefined : readPem(caFile, 'CA file', /-----BEGIN (TRUSTED )?CERTIFICATE-----/, '-----BEGIN CERTIFICATE-----'),
    certFile === undefined
      ? undefined
      : readPem(certFile, 'client certificate', /-----BEGIN CERTIFICATE-----/, '-----BEGIN CERTIFICATE-----'),
    keyFile === undefined ? undefined : readPem(keyFile, 'key file', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, '-----BEGIN … PRIVATE KEY-----'),
  ]);
  const encrypted = key !== undefined && /ENCRYPTED/.test(key.toString('latin1'));
  if (encrypted && !passphrase) throw new TlsMismatch('setup', `the key file ${keyFile} is encrypted and no passphrase was given`);
  try {
    return { context: tls.createSecureContext({ ca, cert, key, passphrase: encrypted ? passphrase : undefined }) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_OSSL_BAD_DECRYPT') throw new TlsMismatch('setup', `cannot decrypt the key file ${keyFile}: wrong passphrase`);
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH')
      throw new TlsMismatch('setup', `the key file ${keyFile} does not belong to the client certificate ${certFile}`);
    throw new TlsMismatch('setup', `the TLS files could not be used: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
