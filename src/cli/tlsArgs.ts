/**
 * The TLS options of every command that connects: `--tls-ca`, `--tls-cert`, `--tls-key`,
 * `--tls-servername`, `--tls-insecure` (and `--tls` alone for the public CAs Node ships). The key's
 * passphrase comes from ZKOPS_TLS_PASSPHRASE or `--tls-passphrase-file`, never from the command
 * line (other users of the machine can read argv).
 */
import { TlsClient } from '../core/tls/client';
import { TlsMismatch } from '../core/tls/mismatch';
import { CliIo, InputTooLargeError, ParsedArgs, UsageError, boolFlag, stringFlag } from './command';
import { readCapped } from './input';
import { OptionSpecs } from './options';

export const TLS_OPTIONS: OptionSpecs = {
  tls: { type: 'boolean' },
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-servername': { type: 'string' },
  'tls-insecure': { type: 'boolean' },
  'tls-passphrase-file': { type: 'string' },
};

/** The environment variable with the passphrase of an encrypted `--tls-key`. */
export const TLS_PASSPHRASE_ENV = 'ZKOPS_TLS_PASSPHRASE';

export const TLS_FLAGS_USAGE = [
  "  TLS (a secure client port): --tls-ca <pem> trusts the CA that signed the servers' certificates;",
  '  --tls-cert <pem> --tls-key <pem> for mutual TLS (key passphrase: ZKOPS_TLS_PASSPHRASE or',
  '  --tls-passphrase-file <file>); --tls-servername <name> checks that name instead of the host;',
  '  --tls alone trusts the public CAs Node ships; --tls-insecure skips the certificate check (says so).',
].join('\n');

/** What `--tls-insecure` gives up, printed every time it is used. */
export const INSECURE_WARNING =
  "zkops: WARNING: --tls-insecure turns off checking the servers' TLS certificates and host names. " +
  'The connection is still encrypted, but anyone on the network path can pose as the ensemble and read or change ' +
  'everything this command sends and receives, credentials included. Use --tls-ca <file> instead.';

const MAX_PASSPHRASE_FILE_BYTES = 64 * 1024;

async function passphraseFrom(args: ParsedArgs, io: CliIo): Promise<string | undefined> {
  const file = stringFlag(args, 'tls-passphrase-file');
  if (file === undefined) {
    const env = io.env[TLS_PASSPHRASE_ENV];
    return env === undefined || env === '' ? undefined : env;
  }
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await io.readStdin(MAX_PASSPHRASE_FILE_BYTES) : await readCapped(file, MAX_PASSPHRASE_FILE_BYTES);
  } catch (err) {
    if (err instanceof InputTooLargeError)
      throw new UsageError(`--tls-passphrase-file ${file} is over ${MAX_PASSPHRASE_FILE_BYTES} bytes; it should hold one line`);
    throw new UsageError(`--tls-passphrase-file: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The first line without its ending: `echo secret > file` works.
  return bytes.toString('utf8').split(/\r?\n/, 1)[0] ?? '';
}

/**
 * The TLS client the flags ask for, its files read and checked (a bad file is a usage error
 * naming it), or undefined when no TLS flag is given. `--tls-insecure` is announced on stderr.
 */
export async function tlsFrom(args: ParsedArgs, io: CliIo): Promise<TlsClient | undefined> {
  const caFile = stringFlag(args, 'tls-ca');
  const certFile = stringFlag(args, 'tls-cert');
  const keyFile = stringFlag(args, 'tls-key');
  const serverName = stringFlag(args, 'tls-servername');
  const insecure = boolFlag(args, 'tls-insecure');
  const passphraseFile = stringFlag(args, 'tls-passphrase-file');
  const wanted = boolFlag(args, 'tls') || insecure || [caFile, certFile, keyFile, serverName, passphraseFile].some((v) => v !== undefined);
  if (!wanted) return undefined;
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new UsageError('--tls-cert and --tls-key go together (mutual TLS needs the certificate and its key)');
  if (serverName !== undefined && !/^[A-Za-z0-9.:_-]{1,253}$/.test(serverName))
    throw new UsageError(`--tls-servername ${JSON.stringify(serverName)} is not a host name or address`);
  if (insecure) io.err(INSECURE_WARNING);
  const passphrase = await passphraseFrom(args, io);
  const client = new TlsClient({ caFile, certFile, keyFile, serverName, verify: !insecure }, () => passphrase);
  try {
    await client.load();
  } catch (err) {
    if (err instanceof TlsMismatch) {
      const hint = /passphrase/.test(err.message) ? ` (${TLS_PASSPHRASE_ENV} or --tls-passphrase-file)` : '';
      throw new UsageError(`TLS: ${err.message}${hint}`);
    }
    throw err;
  }
  return client;
}

/** The flag that fixes a TLS failure of this kind, for the line a failed command prints. */
export function tlsHint(cause: unknown): string {
  if (!(cause instanceof TlsMismatch)) return '';
  switch (cause.kind) {
    case 'untrusted':
      return "; trust the CA that signed the servers' certificates with --tls-ca <file>";
    case 'hostname':
      return '; --tls-servername <name> checks a name the certificate carries';
    case 'client-cert':
      return '; give a client certificate the servers trust with --tls-cert <file> --tls-key <file>';
    case 'tls-port':
      return '; add --tls-ca <file> (or --tls for a publicly signed certificate)';
    case 'not-tls':
      return '; leave out the --tls options, or connect to the secure client port';
    default:
      return '';
  }
}
