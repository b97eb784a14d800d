import { CliCommand, boolFlag } from '../command';
import { describeDifference, diffTrees } from '../../core/znodes/treeDiff';
import { CONNECTION_FLAGS_USAGE, CONNECTION_OPTIONS, connectArg, pathArg, reportFailure, withSession } from '../zkSession';

/** `zkops diff <connect> <path> <connect2> <path2>`: exit 0 when equal, 1 when different, 2 on error. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare two subtrees (one cluster or two): exit 0 equal, 1 different, 2 error',
  usage: `zkops diff <connect> <path> <connect2> <path2> [--ignore-acl] ${CONNECTION_FLAGS_USAGE}`,
  options: { ...CONNECTION_OPTIONS, 'ignore-acl': { type: 'boolean' } },
  maxPositionals: 4,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const path = pathArg(args, 1);
    const connect2 = connectArg(args, 2, 'connect2');
    const path2 = pathArg(args, 3, 'path2');
    try {
      const diff = await withSession(connect, args, io, (left) =>
        withSession(connect2, args, io, (right) =>
          diffTrees({ session: left, root: path }, { session: right, root: path2 }, { acl: !boolFlag(args, 'ignore-acl') }),
        ),
      );
      if (diff.equal) return 0;
      io.out(diff.differences.map(describeDifference).join('\n'));
      const c = diff.counts;
      io.err(`${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.unchanged} unchanged`);
      return 1;
    } catch (err) {
      return reportFailure(io, 'diff', err);
    }
  },
};
