import { promises as fs } from 'node:fs';
import { CliCommand, UsageError, boolFlag, stringFlag } from '../command';
import { parseExportBytes } from '../../core/znodes/exportFormat';
import { CONFLICT_POLICIES, ConflictPolicy, describeStep } from '../../core/znodes/importPlan';
import { ImportConflictError, ImportRefusedError, describeImport, importTree } from '../../core/znodes/importer';
import {
  CONNECTION_FLAGS_USAGE,
  CONNECTION_OPTIONS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  connectArg,
  pathArg,
  positionalArg,
  reportFailure,
  timeoutFrom,
  withSession,
} from '../zkSession';

/** How long an import waits for its ensemble to come back to read back writes of unknown outcome. */
const VERIFY_WITHIN_MS = 30_000;

/** `zkops import <connect> <file> <path>`: restores an export under <path>. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import an export file (- for stdin) under a path; --dry-run lists what would change',
  usage:
    'zkops import <connect> <file|-> <path> [--on-conflict skip|overwrite|fail] [--dry-run] [--include-ephemeral] [--force-depth] ' +
    CONNECTION_FLAGS_USAGE,
  options: {
    ...CONNECTION_OPTIONS,
    'on-conflict': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'include-ephemeral': { type: 'boolean' },
    'force-depth': { type: 'boolean' },
  },
  maxPositionals: 3,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const file = positionalArg(args, 1, 'file');
    const path = pathArg(args, 2);
    const policy = stringFlag(args, 'on-conflict') ?? 'fail';
    if (!CONFLICT_POLICIES.includes(policy as ConflictPolicy))
      throw new UsageError(`--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')}`);
    if (file === '-' && stringFlag(args, 'auth-file') === '-')
      throw new UsageError('stdin cannot carry both the export file and --auth-file -');
    const dryRun = boolFlag(args, 'dry-run');
    try {
      const bytes = file === '-' ? await io.readStdin() : await fs.readFile(file);
      const doc = parseExportBytes(bytes);
      const result = await withSession(connect, args, io, (s) =>
        importTree(s, doc, path, {
          onConflict: policy as ConflictPolicy,
          dryRun,
          includeEphemeral: boolFlag(args, 'include-ephemeral'),
          forceDepth: boolFlag(args, 'force-depth'),
          verifyWithinMs: Math.max(VERIFY_WITHIN_MS, timeoutFrom(args) ?? DEFAULT_CONNECT_TIMEOUT_MS),
          // Said at once: the wait for the ensemble can be long, and a silent pause looks like a hang.
          onReadBack: (n, ms) =>
            io.err(
              `zkops import: ${n} write${n === 1 ? '' : 's'} may have applied; reading back once the ensemble answers (up to ${Math.round(ms / 1000)} s)`,
            ),
        }),
      );
      const lines = describeImport(result);
      io.out(lines.join('\n'));
      if (dryRun && result.plan.problems.length) {
        io.err(
          `zkops import: a real import would refuse: ${result.plan.problems.length} problem(s) found before writing (listed as "invalid")`,
        );
        return 2;
      }
      if (dryRun && result.plan.counts.conflict)
        io.err(`zkops import: a real import would refuse: ${result.plan.counts.conflict} conflict(s) with --on-conflict fail`);
      // The summary also goes to stderr, so it is seen when stdout is redirected or piped away.
      if (!dryRun) io.err(`zkops import: ${lines[lines.length - 1]}`);
      const c = result.counts;
      return c.failed || c.unknown || c['not-attempted'] ? 2 : 0;
    } catch (err) {
      if (err instanceof ImportConflictError) io.out(err.conflicts.map((c) => describeStep(c, false)).join('\n'));
      if (err instanceof ImportRefusedError) io.out(err.problems.map((p) => `invalid ${p.path}: ${p.message}`).join('\n'));
      return reportFailure(io, 'import', err);
    }
  },
};
