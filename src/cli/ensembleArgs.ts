import { ConnectString, ConnectStringError, parseConnectString } from '../core/connectString';
import { MIN_INTERVAL_MS } from '../core/health/poller';
import { ParsedArgs, UsageError, stringFlag } from './command';
import { OptionSpecs, intOption } from './options';
import type { TlsClient } from '../core/tls/client';
import { TLS_OPTIONS } from './tlsArgs';

/** The options of the commands that look at a whole ensemble (probe, health). */
export const ENSEMBLE_OPTIONS: OptionSpecs = {
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  'admin-ports': { type: 'string' },
  ...TLS_OPTIONS,
};

/**
 * `--admin-ports 8080,8081,-`: AdminServer ports in connect-string order, `-` for "do not ask";
 * one value applies to every member. Undefined when the flag is absent.
 */
export function adminPortsFlag(args: ParsedArgs, members: number): (number | null)[] | undefined {
  const text = stringFlag(args, 'admin-ports');
  if (text === undefined) return undefined;
  const ports = text.split(',').map((p) => (p.trim() === '-' ? null : intOption(p.trim(), '--admin-ports entry', 1, 65535)));
  if (ports.length === 1) return Array.from({ length: members }, () => ports[0]!);
  if (ports.length !== members) throw new UsageError(`--admin-ports lists ${ports.length} ports for ${members} members`);
  return ports;
}

/** What commands that look at a whole ensemble (probe, health) take: one connect string and budgets. */
export interface EnsembleArgs {
  /** As typed (trimmed), for the report. */
  readonly connectString: string;
  readonly connect: ConnectString;
  readonly timeoutMs: number | undefined;
  readonly adminPorts: (number | null)[] | undefined;
  /** From the --tls-* flags (tlsArgs.ts); set by commands after `ensembleArgs`, which reads no files. */
  readonly tls?: TlsClient;
}

/** Parses `<connect> [--timeout ms] [--admin-ports …]`; bad input is a UsageError (exit 2). */
export function ensembleArgs(args: ParsedArgs): EnsembleArgs {
  if (args.positional.length !== 1) {
    throw new UsageError(args.positional.length === 0 ? 'which connect string?' : 'expected one connect string (join members with commas)');
  }
  const connectString = args.positional[0]!.trim();
  let connect: ConnectString;
  try {
    connect = parseConnectString(connectString);
  } catch (err) {
    if (err instanceof ConnectStringError) throw new UsageError(`bad connect string: ${err.message}`);
    throw err;
  }
  const timeoutText = stringFlag(args, 'timeout');
  const timeoutMs = timeoutText === undefined ? undefined : intOption(timeoutText, '--timeout', 1, 600_000, 'milliseconds');
  return { connectString, connect, timeoutMs, adminPorts: adminPortsFlag(args, connect.servers.length) };
}

/** `--interval <seconds>` of the polling commands (top, exporter), in ms: 0.5 to 3600 s. */
export function intervalFlag(args: ParsedArgs, defaultMs: number): number {
  const text = stringFlag(args, 'interval');
  if (text === undefined) return defaultMs;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds * 1000 < MIN_INTERVAL_MS || seconds > 3600) {
    throw new UsageError(`--interval must be a number of seconds from 0.5 to 3600, not "${text}"`);
  }
  return Math.round(seconds * 1000);
}
