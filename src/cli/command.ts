/** One `zkops` subcommand. `run` resolves to the process exit code; it never calls process.exit. */
export interface CliCommand {
  readonly name: string;
  /** One line for `zkops help`. */
  readonly summary: string;
  /** Usage line(s) shown on bad arguments. */
  readonly usage: string;
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
  /** All of stdin, as bytes. */
  readStdin(): Promise<Buffer>;
}

/** What `runCli` takes: text output is required; bytes and stdin default to the process's. */
export type CliIoInput = Pick<CliIo, 'out' | 'err'> & Partial<Pick<CliIo, 'outBytes' | 'readStdin'>>;

export interface ParsedArgs {
  /** Positional arguments, in order. */
  readonly positional: string[];
  /** `--flag value`, `--flag=value`, or `true` for a bare `--flag`. */
  readonly flags: ReadonlyMap<string, string | true>;
}

/** Thrown for bad command-line input; main prints the message and the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Splits argv into positionals and flags. `booleanFlags` names flags that never take a value, so
 * `--json foo` keeps `foo` positional. A lone `-` is a value (stdin, "none"), never a flag.
 */
export function parseArgs(argv: readonly string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        flags.set(arg.slice(2, eq), arg.slice(eq + 1));
        continue;
      }
      const name = arg.slice(2);
      const next = argv[i + 1];
      if (!booleanFlags.includes(name) && next !== undefined && (next === '-' || !next.startsWith('-'))) {
        flags.set(name, next);
        i++;
      } else {
        flags.set(name, true);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length === 2) {
      const next = argv[i + 1];
      if (!booleanFlags.includes(arg.slice(1)) && next !== undefined && (next === '-' || !next.startsWith('-'))) {
        flags.set(arg.slice(1), next);
        i++;
      } else {
        flags.set(arg.slice(1), true);
      }
      continue;
    }
    positional.push(arg);
  }
  return { positional, flags };
}

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
