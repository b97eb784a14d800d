/**
 * The one option parser of every `zkops` command, on Node's `util.parseArgs`. Each command
 * declares its options; anything else (an unknown flag, an extra argument, a flag without its
 * value, a value given to a switch) is a UsageError, so main prints it with the usage and exits 2.
 *
 * `util.parseArgs` runs in its lenient mode and this module judges its tokens, because the strict
 * mode's messages name the option as declared (`-o, --output <value>`), not as typed, and call a
 * negative number an "ambiguous" option.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { ParsedArgs, UsageError } from './command';

/** One option: a switch (`--json`) or one that takes a value (`--timeout 500`, `-o file`). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter alias, e.g. `o` for `-o`. */
  readonly short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** `-5` and `-0.5` are values (a clear range error follows), `-x` and `--json` are not. */
function looksLikeNumber(text: string): boolean {
  return /^-\d/.test(text);
}

/**
 * Parses `argv` against `specs`. Positionals keep their order; `--` ends the options; a lone `-`
 * is a value (stdin, "none"). A value option takes the next argument or `--name=value`. More
 * than `maxPositionals` positionals is a UsageError naming the first extra one.
 */
export function parseCommandLine(argv: readonly string[], specs: OptionSpecs, maxPositionals = Number.POSITIVE_INFINITY): ParsedArgs {
  const { tokens } = nodeParseArgs({ args: [...argv], options: specs, strict: false, allowPositionals: true, tokens: true });
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positional.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${token.rawName}`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      flags.set(token.name, true);
      continue;
    }
    const value = token.value;
    const dashed = value !== undefined && !token.inlineValue && value.length > 1 && value.startsWith('-') && !looksLikeNumber(value);
    if (value === undefined || dashed) throw new UsageError(`${token.rawName} needs a value`);
    flags.set(token.name, value);
    repeated.set(token.name, [...(repeated.get(token.name) ?? []), value]);
  }
  if (positional.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positional[maxPositionals])}`);
  }
  return { positional, flags, repeated };
}

/**
 * A whole decimal number in [min, max] from a flag's text, or a UsageError that names the flag
 * and the range. Every command parses numbers with this, so `0x3e8`, `1e3`, ` 5` and `-5` are
 * refused the same way everywhere.
 */
export function intOption(text: string, flag: string, min: number, max: number, unit = ''): number {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}
