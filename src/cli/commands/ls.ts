import { CliCommand } from '../command';
import { sortNatural } from '../../core/znodes/naturalSort';
import { CONNECTION_FLAGS_USAGE, CONNECTION_OPTIONS, connectArg, pathArg, reportFailure, withSession } from '../zkSession';

/** `zkops ls <connect> <path>`: child names, one per line, in natural order. */
export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'list the children of a znode, one name per line, naturally sorted',
  usage: `zkops ls <connect> <path> ${CONNECTION_FLAGS_USAGE}`,
  options: CONNECTION_OPTIONS,
  maxPositionals: 2,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const path = pathArg(args, 1);
    try {
      const names = await withSession(connect, args, io, async (s) => sortNatural((await s.children(path)).children));
      if (names.length) io.out(names.join('\n'));
      return 0;
    } catch (err) {
      return reportFailure(io, 'ls', err);
    }
  },
};
