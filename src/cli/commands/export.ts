import { promises as fs } from 'node:fs';
import { CliCommand, CliIo, UsageError, boolFlag, stringFlag } from '../command';
import { serializeExport } from '../../core/znodes/exportFormat';
import { MASKED_ACL_POLICIES, MaskedAclError, MaskedAclPolicy, MaskedNode, describeMasked, exportTree } from '../../core/znodes/exporter';
import { CONNECTION_FLAGS_USAGE, CONNECTION_OPTIONS, connectArg, pathArg, reportFailure, timeoutFrom, withSession } from '../zkSession';

/** Per-node lines printed before "… and N more": enough to act on, bounded for huge trees. */
const MAX_MASKED_LINES = 100;

function reportMasked(io: CliIo, nodes: readonly MaskedNode[], verb: string): void {
  for (const node of nodes.slice(0, MAX_MASKED_LINES)) io.err(`zkops export: ${verb} ${describeMasked(node)}`);
  if (nodes.length > MAX_MASKED_LINES) io.err(`zkops export: … and ${nodes.length - MAX_MASKED_LINES} more node(s) with masked ACLs`);
}

/** `zkops export <connect> <path> [-o file]`: the subtree as a zkops-znodes JSON document. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a subtree (data, ACLs, ephemeral flags, optional stats) as JSON to stdout or -o file',
  usage: `zkops export <connect> <path> [-o file] [--stats] [--acl-masked keep|skip|fail] ${CONNECTION_FLAGS_USAGE}`,
  options: { ...CONNECTION_OPTIONS, output: { type: 'string', short: 'o' }, stats: { type: 'boolean' }, 'acl-masked': { type: 'string' } },
  maxPositionals: 2,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const path = pathArg(args, 1);
    const file = stringFlag(args, 'output');
    const masked = stringFlag(args, 'acl-masked') ?? 'fail';
    if (!MASKED_ACL_POLICIES.includes(masked as MaskedAclPolicy))
      throw new UsageError(`--acl-masked must be one of ${MASKED_ACL_POLICIES.join(', ')}`);
    try {
      const result = await withSession(connect, args, io, (s) =>
        exportTree(s, path, { stats: boolFlag(args, 'stats'), maskedAcl: masked as MaskedAclPolicy, stallMs: timeoutFrom(args) }),
      );
      if (result.masked.length) reportMasked(io, result.masked, masked === 'skip' ? 'left out' : 'kept as seen:');
      const text = serializeExport(result.document);
      if (file) {
        const tmp = `${file}.partial`;
        await fs.writeFile(tmp, text, 'utf8');
        await fs.rename(tmp, file);
      } else {
        await io.outBytes(Buffer.from(text, 'utf8'));
      }
      io.err(
        `exported ${result.document.count} node${result.document.count === 1 ? '' : 's'} from ${path}${file ? ` to ${file}` : ''} in ${Math.round(result.summary.ms)} ms`,
      );
      return 0;
    } catch (err) {
      if (err instanceof MaskedAclError) {
        reportMasked(io, err.nodes, 'refused');
        io.err(`zkops export: ${err.message.replace('choose to keep or skip them', 'pass --acl-masked keep|skip')} Nothing was written.`);
        return 2;
      }
      return reportFailure(io, 'export', err);
    }
  },
};
