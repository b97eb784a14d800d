import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliCommand, CliIo, InputTooLargeError, UsageError, boolFlag, stringFlag } from '../command';
import { Finding, worstSeverity } from '../../core/config/findings';
import { lintText } from '../../core/config/lint';
import { kindFromFileName } from '../../core/config/model';
import { parseConfig } from '../../core/config/parser';
import { MAX_CONFIG_BYTES, configTooLargeMessage } from '../../core/config/size';
import { isVersion } from '../../core/config/version';
import { readCapped } from '../input';

const usage = 'zkops lint <file>... [--json] [--zk-version <3.x>] [--kind static|dynamic]   (use - for stdin)';

export interface LintCliOptions {
  readonly json: boolean;
  readonly zookeeperVersion?: string;
  readonly kind?: 'static' | 'dynamic';
}

/** Reads the dynamic file a static config names, so membership checks see the real servers. */
function companionText(text: string, file: string): string | undefined {
  const entry = parseConfig(text)
    .entries.filter((e) => e.key === 'dynamicConfigFile')
    .pop();
  if (!entry?.value) return undefined;
  const candidates = path.isAbsolute(entry.value) ? [entry.value] : [entry.value, path.join(path.dirname(file), entry.value)];
  for (const candidate of candidates) {
    try {
      if (fs.statSync(candidate).size > MAX_CONFIG_BYTES) return undefined;
      return fs.readFileSync(candidate, 'utf8');
    } catch {
      // Not there from here: lint without it.
    }
  }
  return undefined;
}

/** Text of at most MAX_CONFIG_BYTES; a reader that ignored the cap (tests) is caught here. */
function capped(bytes: Buffer, what: string): string {
  if (bytes.length > MAX_CONFIG_BYTES) throw new InputTooLargeError(what, MAX_CONFIG_BYTES);
  return bytes.toString('utf8');
}

/** `file:line:col: severity: message [rule]`, 1-based, one line per finding. */
export function formatFinding(file: string, f: Finding): string {
  const message = f.message.replace(/\s*\n\s*/g, ' ');
  return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${message} [${f.rule}]`;
}

/**
 * Lints each file and prints its findings. Resolves to the exit code: 2 when any finding is an
 * error or a file cannot be read, 1 when the worst is a warning, 0 otherwise.
 */
export async function lintFiles(
  files: readonly string[],
  io: CliIo,
  options: LintCliOptions,
  readStdin = async (): Promise<string> => capped(await io.readStdin(MAX_CONFIG_BYTES), '<stdin>'),
): Promise<number> {
  let code = 0;
  const json: { file: string; findings: Finding[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await readStdin() : capped(await readCapped(file, MAX_CONFIG_BYTES), file);
    } catch (err) {
      if (err instanceof InputTooLargeError) {
        io.err(`zkops lint: ${configTooLargeMessage(file === '-' ? '<stdin>' : file)}`);
        code = 2;
        continue;
      }
      const reason = err instanceof Error ? err.message : String(err);
      io.err(`zkops lint: cannot read ${file}: ${reason}`);
      code = 2;
      continue;
    }
    const label = file === '-' ? '<stdin>' : file;
    const findings = lintText(text, {
      kind: options.kind ?? (file === '-' ? 'static' : kindFromFileName(file)),
      zookeeperVersion: options.zookeeperVersion,
      dynamicConfigText: file === '-' ? undefined : companionText(text, file),
    });
    if (options.json) json.push({ file: label, findings });
    else for (const f of findings) io.out(formatFinding(label, f));
    const worst = worstSeverity(findings);
    code = Math.max(code, worst === 'error' ? 2 : worst === 'warning' ? 1 : 0);
  }
  if (options.json) io.out(JSON.stringify(json, null, 2));
  return code;
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check zoo.cfg and dynamic config files: file:line:col: severity: message; exit 0/1/2',
  usage,
  options: { json: { type: 'boolean' }, 'zk-version': { type: 'string' }, kind: { type: 'string' } },
  maxPositionals: Number.POSITIVE_INFINITY,
  async run(args, io) {
    if (!args.positional.length) throw new UsageError('which file(s)?');
    const version = stringFlag(args, 'zk-version');
    if (version !== undefined && !isVersion(version))
      throw new UsageError(`--zk-version wants a release like 3.8 or 3.6.2, not "${version}"`);
    const kind = stringFlag(args, 'kind');
    if (kind !== undefined && kind !== 'static' && kind !== 'dynamic') throw new UsageError('--kind is static or dynamic');
    return lintFiles(args.positional, io, { json: boolFlag(args, 'json'), zookeeperVersion: version, kind });
  },
};
