import { promises as fs } from 'node:fs';
import { CliCommand, UsageError, boolFlag, stringFlag } from '../command';
import { parseExportBytes } from '../../core/znodes/exportFormat';
import { CONFLICT_POLICIES, ConflictPolicy, describeStep } from '../../core/znodes/importPlan';
import { ImportConflictError, describeImport, importTree } from '../../core/znodes/importer';
import { CONNECTION_FLAGS_USAGE, pathArg, positionalArg, reportFailure, withSession } from '../zkSession';

/** `zkops import <connect> <file> <path>`: restores an export under <path>. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import an export file (- for stdin) under a path; --dry-run lists what would change',
  usage: `zkops import <connect> <file|-> <path> [--on-conflict skip|overwrite|fail] [--dry-run] [--include-ephemeral] ${CONNECTION_FLAGS_USAGE}`,
  async run(args, io) {
    const connect = positionalArg(args, 0, 'connect');
    const file = positionalArg(args, 1, 'file');
    const path = pathArg(args, 2);
    const policy = stringFlag(args, 'on-conflict') ?? 'fail';
    if (!CONFLICT_POLICIES.includes(policy as ConflictPolicy)) throw new UsageError(`--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')}`);
    const dryRun = boolFlag(args, 'dry-run');
    try {
      const bytes = file === '-' ? await io.readStdin() : await fs.readFile(file);
      const doc = parseExportBytes(bytes);
      const result = await withSession(connect, args, (s) =>
        importTree(s, doc, path, { onConflict: policy as ConflictPolicy, dryRun, includeEphemeral: boolFlag(args, 'include-ephemeral') }),
      );
      io.out(describeImport(result).join('\n'));
      if (dryRun && result.plan.counts.conflict) io.err(`zkops import: a real import would refuse: ${result.plan.counts.conflict} conflict(s) with --on-conflict fail`);
      return result.counts.failed || result.counts['not-attempted'] ? 2 : 0;
    } catch (err) {
      if (err instanceof ImportConflictError) io.out(err.conflicts.map((c) => describeStep(c, false)).join('\n'));
      return reportFailure(io, 'import', err);
    }
  },
};
