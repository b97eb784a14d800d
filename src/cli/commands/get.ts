import { CliCommand, UsageError, stringFlag } from '../command';
import { DataView, renderView } from '../../core/znodes/codec';
import { CONNECTION_FLAGS_USAGE, CONNECTION_OPTIONS, connectArg, pathArg, reportFailure, withSession } from '../zkSession';

const VIEWS: readonly DataView[] = ['text', 'json', 'hex', 'base64'];

/** `zkops get <connect> <path>`: the data, raw, so binary values pipe cleanly. */
export const getCommand: CliCommand = {
  name: 'get',
  summary: "print a znode's data to stdout exactly as stored (or --view hex|base64)",
  usage: `zkops get <connect> <path> [--view hex|base64] ${CONNECTION_FLAGS_USAGE}`,
  options: { ...CONNECTION_OPTIONS, view: { type: 'string' } },
  maxPositionals: 2,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const path = pathArg(args, 1);
    const view = stringFlag(args, 'view');
    if (view !== undefined && !VIEWS.includes(view as DataView)) throw new UsageError(`--view must be one of ${VIEWS.join(', ')}`);
    try {
      const data = await withSession(connect, args, io, async (s) => (await s.get(path)).data);
      await io.outBytes(view === undefined ? data : Buffer.from(renderView(data, view as DataView), 'utf8'));
      return 0;
    } catch (err) {
      return reportFailure(io, 'get', err);
    }
  },
};
