/**
 * What the znode commands share: connecting with `--auth user:password` and a bounded
 * `--timeout`, reading a path argument, and turning failures into a clear line on stderr with
 * exit code 2.
 */
import { isZkError } from '../core/zk/errors';
import { pathProblem } from '../core/zk/paths';
import { ZkSession } from '../core/zk/session';
import { CliIo, ParsedArgs, UsageError, stringFlag } from './command';

/** How long a command waits for the first connection unless `--timeout` says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** How long one request may take unless `--timeout` says otherwise. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export const CONNECTION_FLAGS_USAGE = '[--auth user:password] [--timeout ms]';

function timeoutFrom(args: ParsedArgs): number | undefined {
  const text = stringFlag(args, 'timeout');
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) throw new UsageError(`--timeout must be milliseconds between 100 and 600000, got "${text}"`);
  return ms;
}

function authFrom(args: ParsedArgs): { scheme: string; auth: string }[] {
  const auth = stringFlag(args, 'auth');
  if (auth === undefined) return [];
  if (!/^[^:]+:.*$/.test(auth)) throw new UsageError('--auth needs user:password (ZooKeeper digest authentication)');
  return [{ scheme: 'digest', auth }];
}

/** Connects to `connect` (chroot allowed), runs `fn`, always closes. */
export async function withSession<T>(connect: string, args: ParsedArgs, fn: (session: ZkSession) => Promise<T>): Promise<T> {
  // --timeout bounds the connect and every request alike (a server that never replies must not hold a command longer).
  const timeoutMs = timeoutFrom(args);
  const connectTimeoutMs = timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const session = await ZkSession.connect(connect, {
    connectTimeoutMs,
    requestTimeoutMs: timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    auth: authFrom(args),
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

/** Prints a failure on stderr in words a user can act on; returns exit code 2. */
export function reportFailure(io: CliIo, command: string, err: unknown): number {
  let message = isZkError(err) ? `${err.name}: ${err.message}` : err instanceof Error ? err.message : String(err);
  if (isZkError(err, 'NOAUTH')) message += '; pass credentials with --auth user:password';
  if (isZkError(err, 'AUTHFAILED')) message += '; check the --auth user:password';
  io.err(`zkops ${command}: ${message}`);
  return 2;
}
