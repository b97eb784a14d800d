import * as fs from 'node:fs';
import { CliCommand, UsageError } from '../command';
import { isAlive } from '../../core/testbed/processes';
import { loadSampleData } from '../../core/testbed/sampleData';
import { readSandboxState, sandboxDir, sandboxDown, sandboxUp } from '../../core/testbed/sandbox';
import { Testbed } from '../../core/testbed/testbed';
import { ZkSession } from '../../core/zk/session';

const usage = 'zkops sandbox up|down|status';

/** The keeper: loads the sample data and keeps its session (and ephemeral nodes) until killed. */
async function keep(connectString: string, readyFile: string): Promise<number> {
  const session = await ZkSession.connect(connectString, { sessionTimeoutMs: 30_000, connectTimeoutMs: 60_000 });
  const count = await loadSampleData(session);
  fs.writeFileSync(readyFile, `${count}\n`);
  // Runs until `zkops sandbox down` kills it by pid.
  return new Promise<number>(() => undefined);
}

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'start, stop or inspect a local 3-member ZooKeeper ensemble with sample data',
  usage,
  options: {},
  // `keeper <connect> <ready-file>` is the longest form.
  maxPositionals: 3,
  async run(args, io) {
    const [action, ...rest] = args.positional;
    switch (action) {
      case 'up': {
        const state = await sandboxUp({ keeperCommand: [process.execPath, process.argv[1]!, 'sandbox', 'keeper'] });
        io.err(`sandbox up: 3 members, sample data under /sandbox; state in ${sandboxDir()}`);
        io.out(state.connectString);
        return 0;
      }
      case 'down': {
        const stopped = await sandboxDown();
        io.err(stopped ? `sandbox down: stopped ${stopped} processes` : 'sandbox down: nothing was running');
        return 0;
      }
      case 'status': {
        const state = readSandboxState();
        if (!state) {
          io.out('sandbox: down');
          return 1;
        }
        const bed = Testbed.attach(state.testbed);
        const modes = await bed.modes();
        io.out(`sandbox: ${state.connectString}`);
        for (const m of bed.members) io.out(`  member ${m.id} 127.0.0.1:${m.ports.client} pid ${m.pid ?? '-'} ${modes.get(m.id)}`);
        io.out(`  keeper pid ${state.keeperPid ?? '-'} ${state.keeperPid && isAlive(state.keeperPid) ? 'running' : 'gone'}`);
        const serving = [...modes.values()].filter((m) => m === 'leader' || m === 'follower').length;
        return serving === bed.members.length ? 0 : 1;
      }
      case 'keeper': {
        const [connectString, readyFile] = rest;
        if (!connectString || !readyFile) throw new UsageError('keeper needs <connect> <ready-file>');
        return keep(connectString, readyFile);
      }
      default:
        throw new UsageError(action ? `unknown action "${action}"` : 'which action?');
    }
  },
};
