import type { OptionSpecs } from './options';

/** One `zkops` subcommand. `run` resolves to the process exit code; it never calls process.exit. */
export interface CliCommand {
  readonly name: string;
  /** One line for `zkops help`. */
  readonly summary: string;
  /** Usage line(s) shown on bad arguments. */
  readonly usage: string;
  /** Every option the command takes; any other is refused with the usage (exit 2). */
  readonly options: OptionSpecs;
  /** Most positional arguments the command takes; more are refused with the usage. */
  readonly maxPositionals: number;
  /** Exit code of bad usage (an unknown option, a missing argument): 2 unless the command's contract says otherwise. */
  readonly usageExitCode?: number;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** A command's terminal: text lines, raw bytes and stdin. */
export interface CliIo {
  /** A line (or lines) on stdout; a newline is added when missing. */
  out(text: string): void;
  /** A line (or lines) on stderr; a newline is added when missing. */
  err(text: string): void;
  /** Bytes on stdout exactly as given (no newline), so binary values pipe cleanly. */
  outBytes(data: Uint8Array): void | Promise<void>;
  /** All of stdin, as bytes; over `maxBytes` (when given) it stops reading and rejects with InputTooLargeError. */
  readStdin(maxBytes?: number): Promise<Buffer>;
  /** The environment (ZKOPS_AUTH). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** An input (file or stdin) over the size the command accepts; nothing past the cap was read. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  constructor(
    readonly what: string,
    readonly maxBytes: number,
  ) {
    super(`${what} is over ${maxBytes} bytes`);
  }
}

/** What `runCli` takes: text output is required; bytes and stdin default to the process's. */
export type CliIoInput = Pick<CliIo, 'out' | 'err'> & Partial<Pick<CliIo, 'outBytes' | 'readStdin' | 'env'>>;

export interface ParsedArgs {
  /** Positional arguments, in order. */
  readonly positional: string[];
  /** `--flag value`, `--flag=value`, or `true` for a bare `--flag`. */
  readonly flags: ReadonlyMap<string, string | true>;
  /** Every value of each value option, in order, for options that may repeat (`--add a --add b`). */
  readonly repeated?: ReadonlyMap<string, readonly string[]>;
}

/** All values given for a repeatable value option, in order. */
export function repeatedFlag(args: ParsedArgs, name: string): readonly string[] {
  return args.repeated?.get(name) ?? [];
}

/** Thrown for bad command-line input; main prints the message and the usage, exit code 2. */
export class UsageError extends Error {}

/** A flag's string value, or undefined; a bare flag where a value is needed is a usage error. */
export function stringFlag(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = args.flags.get(name);
    if (value === true) throw new UsageError(`--${name} needs a value`);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true || args.flags.get(name) === 'true';
}
