import { promises as fs } from 'node:fs';
import { CliCommand, boolFlag, stringFlag } from '../command';
import { serializeExport } from '../../core/znodes/exportFormat';
import { exportTree } from '../../core/znodes/exporter';
import { CONNECTION_FLAGS_USAGE, pathArg, positionalArg, reportFailure, withSession } from '../zkSession';

/** `zkops export <connect> <path> [-o file]`: the subtree as a zkops-znodes JSON document. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a subtree (data, ACLs, ephemeral flags, optional stats) as JSON to stdout or -o file',
  usage: `zkops export <connect> <path> [-o file] [--stats] ${CONNECTION_FLAGS_USAGE}`,
  async run(args, io) {
    const connect = positionalArg(args, 0, 'connect');
    const path = pathArg(args, 1);
    const file = stringFlag(args, 'o', 'output');
    try {
      const result = await withSession(connect, args, (s) => exportTree(s, path, { stats: boolFlag(args, 'stats') }));
      const text = serializeExport(result.document);
      if (file) {
        const tmp = `${file}.partial`;
        await fs.writeFile(tmp, text, 'utf8');
        await fs.rename(tmp, file);
      } else {
        await io.outBytes(Buffer.from(text, 'utf8'));
      }
      io.err(`exported ${result.document.count} node${result.document.count === 1 ? '' : 's'} from ${path}${file ? ` to ${file}` : ''} in ${Math.round(result.summary.ms)} ms`);
      return 0;
    } catch (err) {
      return reportFailure(io, 'export', err);
    }
  },
};
