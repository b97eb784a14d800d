/**
 * What the znode commands share: credentials (ZKOPS_AUTH, `--auth-file`, or `--auth` with a
 * warning), a bounded `--timeout`, reading connect-string and path arguments, and turning
 * failures into a clear line on stderr with exit code 2.
 */
import { ConnectStringError, parseConnectString } from '../core/connectString';
import { isZkError } from '../core/zk/errors';
import { pathProblem } from '../core/zk/paths';
import { ZkSession } from '../core/zk/session';
import { CliIo, InputTooLargeError, ParsedArgs, UsageError, stringFlag } from './command';
import { readCapped } from './input';
import { OptionSpecs, intOption } from './options';
import { TLS_FLAGS_USAGE, TLS_OPTIONS, tlsFrom, tlsHint } from './tlsArgs';

/** How long a command waits for the first connection unless `--timeout` says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** How long one request may take unless `--timeout` says otherwise. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export const CONNECTION_FLAGS_USAGE =
  '[--auth-file file|-] [--timeout ms] [--tls-ca file] [--tls-cert file --tls-key file] [--tls-servername name] [--tls-insecure]   (or ZKOPS_AUTH=user:password)\n' +
  TLS_FLAGS_USAGE;

/** The options every command that opens a session takes. */
export const CONNECTION_OPTIONS: OptionSpecs = {
  auth: { type: 'string' },
  'auth-file': { type: 'string' },
  timeout: { type: 'string' },
  ...TLS_OPTIONS,
};

/** The environment variable that carries `user:password` without putting it on the command line. */
export const AUTH_ENV = 'ZKOPS_AUTH';

/** A credentials file holds one line; anything bigger is not one. */
const MAX_AUTH_FILE_BYTES = 64 * 1024;

/** `--timeout` of the znode commands: milliseconds for the connection and for each request; undefined when not given. */
export function timeoutFrom(args: ParsedArgs): number | undefined {
  const text = stringFlag(args, 'timeout');
  return text === undefined ? undefined : intOption(text, '--timeout', 100, 600_000, 'milliseconds');
}

function digestCredential(text: string, source: string): { scheme: string; auth: string } {
  if (!/^[^:\s][^:]*:.+$/s.test(text)) throw new UsageError(`${source} needs user:password (ZooKeeper digest authentication)`);
  return { scheme: 'digest', auth: text };
}

async function readAuthFile(file: string, io: CliIo): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await io.readStdin(MAX_AUTH_FILE_BYTES) : await readCapped(file, MAX_AUTH_FILE_BYTES);
  } catch (err) {
    if (err instanceof InputTooLargeError)
      throw new UsageError(`--auth-file ${file} is over ${MAX_AUTH_FILE_BYTES} bytes; it should hold one user:password line`);
    throw new UsageError(`--auth-file: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The first line, without its line ending: `echo user:pw > file` works.
  return bytes.toString('utf8').split(/\r?\n/, 1)[0] ?? '';
}

/**
 * The digest credentials to connect with, from (first match) `--auth-file`, `--auth` or
 * ZKOPS_AUTH. `--auth` still works but warns: a password in argv is readable by every user on
 * the machine (`ps`, /proc/<pid>/cmdline), and npx's wrapper processes repeat it.
 */
export async function credentialsFrom(args: ParsedArgs, io: CliIo): Promise<{ scheme: string; auth: string }[]> {
  const file = stringFlag(args, 'auth-file');
  const inline = stringFlag(args, 'auth');
  if (file !== undefined && inline !== undefined) throw new UsageError('give either --auth-file or --auth, not both');
  if (file !== undefined) return [digestCredential(await readAuthFile(file, io), `--auth-file ${file}`)];
  if (inline !== undefined) {
    io.err(
      `zkops: warning: --auth puts the password on the command line, where other users of this machine can read it ` +
        `(ps, /proc); use ${AUTH_ENV}=user:password or --auth-file <file> instead`,
    );
    return [digestCredential(inline, '--auth')];
  }
  const env = io.env[AUTH_ENV];
  if (env !== undefined && env !== '') return [digestCredential(env, AUTH_ENV)];
  return [];
}

/** Connects to `connect` (chroot allowed), runs `fn`, always closes. */
export async function withSession<T>(connect: string, args: ParsedArgs, io: CliIo, fn: (session: ZkSession) => Promise<T>): Promise<T> {
  // --timeout bounds the connect and every request alike (a server that never replies must not hold a command longer).
  const timeoutMs = timeoutFrom(args);
  const connectTimeoutMs = timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const session = await ZkSession.connect(connect, {
    connectTimeoutMs,
    requestTimeoutMs: timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    auth: await credentialsFrom(args, io),
    tls: await tlsFrom(args, io),
    failFastAfterMs: connectTimeoutMs,
  });
  let unanswered = false;
  try {
    return await fn(session);
  } catch (err) {
    unanswered = isZkError(err, 'OPERATIONTIMEOUT');
    throw err;
  } finally {
    // A server that let a request time out would hold the exit for the close's grace too.
    await session.close({ graceMs: unanswered ? 0 : undefined });
  }
}

/** The positional argument `index` as a znode path; a usage error names what is wrong. */
export function pathArg(args: ParsedArgs, index: number, what = 'path'): string {
  const path = args.positional[index];
  if (path === undefined) throw new UsageError(`missing <${what}>`);
  const problem = pathProblem(path);
  if (problem) throw new UsageError(`<${what}> ${JSON.stringify(path)}: ${problem}`);
  return path;
}

export function positionalArg(args: ParsedArgs, index: number, what: string): string {
  const value = args.positional[index];
  if (value === undefined || value === '') throw new UsageError(`missing <${what}>`);
  return value;
}

/** The positional argument `index` as a connect string, checked before anything connects. */
export function connectArg(args: ParsedArgs, index: number, what = 'connect'): string {
  const value = positionalArg(args, index, what);
  try {
    parseConnectString(value);
  } catch (err) {
    if (err instanceof ConnectStringError) throw new UsageError(`bad connect string ${JSON.stringify(value)}: ${err.message}`);
    throw err;
  }
  return value;
}

/**
 * Prints a failure on stderr in words a user can act on; returns exit code 2. A UsageError (a bad
 * --timeout or --auth-file found while connecting) is thrown on, so main prints it with the usage.
 */
export function reportFailure(io: CliIo, command: string, err: unknown): number {
  if (err instanceof UsageError) throw err;
  let message = isZkError(err) ? `${err.name}: ${err.message}` : err instanceof Error ? err.message : String(err);
  if (isZkError(err, 'NOAUTH')) message += `; pass credentials with ${AUTH_ENV}=user:password or --auth-file <file>`;
  if (isZkError(err, 'AUTHFAILED')) message += `; check the user:password in ${AUTH_ENV} or --auth-file`;
  if (isZkError(err, 'TLSERROR')) message += tlsHint(err.cause);
  io.err(`zkops ${command}: ${message}`);
  return 2;
}
