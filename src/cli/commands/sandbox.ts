import * as fs from 'node:fs';
import { CliCommand, CliIo, UsageError } from '../command';
import { isAlive } from '../../core/testbed/processes';
import { loadSampleData } from '../../core/testbed/sampleData';
import { readSandboxState, sandboxDir, sandboxDown, sandboxStartMember, sandboxStopMember, sandboxUp } from '../../core/testbed/sandbox';
import { memberStatuses } from '../../core/testbed/sandboxMembers';
import { Testbed } from '../../core/testbed/testbed';
import { ZkSession } from '../../core/zk/session';

const usage = [
  'zkops sandbox up|down|status',
  'zkops sandbox stop <id>     stop one member (to practise recovery); its data stays',
  'zkops sandbox start <id>    start a stopped member again with its own config and data',
  'zkops sandbox restart <id>  stop then start one member (the {action} of a recovery --control template)',
].join('\n');

/** The keeper: loads the sample data and keeps its session (and ephemeral nodes) until killed. */
async function keep(connectString: string, readyFile: string): Promise<number> {
  const session = await ZkSession.connect(connectString, { sessionTimeoutMs: 30_000, connectTimeoutMs: 60_000 });
  const count = await loadSampleData(session);
  fs.writeFileSync(readyFile, `${count}\n`);
  // Runs until `zkops sandbox down` kills it by pid.
  return new Promise<number>(() => undefined);
}

function memberId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id < 1) throw new UsageError('which member? give its id (1, 2 or 3)');
  return id;
}

async function up(io: CliIo): Promise<number> {
  // The keeper runs this same CLI, under the same Node flags (e.g. `--import tsx` in tests).
  const keeperCommand = [process.execPath, ...process.execArgv, process.argv[1]!, 'sandbox', 'keeper'];
  const result = await sandboxUp({ keeperCommand });
  const { state } = result;
  if (result.action === 'already-up') io.err(`sandbox already up: every member and the keeper run`);
  else if (result.action === 'repaired')
    io.err(`sandbox up: started member ${result.startedMembers.join(', ') || '(none)'}; the keeper runs`);
  else io.err(`sandbox up: 3 members, sample data under /sandbox; state in ${sandboxDir()}`);
  if (result.portsChanged)
    io.err(`sandbox up: the previous ports were taken, so the connect string changed; ${result.workspace} follows it`);
  for (const warning of result.warnings) io.err(`sandbox up: ${warning}`);
  io.out(state.connectString);
  return 0;
}

async function status(io: CliIo): Promise<number> {
  const state = readSandboxState();
  if (!state) {
    io.out('sandbox: down');
    return 1;
  }
  const members = await memberStatuses(state.testbed);
  io.out(`sandbox: ${state.connectString}`);
  for (const m of members) {
    const shown = m.mode === 'down' ? 'down' : m.mode === 'no-answer' ? 'running, not answering' : m.mode;
    io.out(`  member ${m.id} 127.0.0.1:${m.clientPort} pid ${m.pids.join(',') || '-'} ${shown}`);
  }
  io.out(`  keeper pid ${state.keeperPid ?? '-'} ${state.keeperPid && isAlive(state.keeperPid) ? 'running' : 'gone'}`);
  const serving = members.filter((m) => m.mode === 'leader' || m.mode === 'follower').length;
  return serving === members.length ? 0 : 1;
}

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'start, stop, repair or inspect a local 3-member ZooKeeper ensemble with sample data',
  usage,
  options: {},
  // `keeper <connect> <ready-file>` is the longest form.
  maxPositionals: 3,
  async run(args, io) {
    const [action, ...rest] = args.positional;
    switch (action) {
      case 'up':
        return up(io);
      case 'down': {
        const stopped = await sandboxDown();
        io.err(stopped ? `sandbox down: stopped ${stopped} processes` : 'sandbox down: nothing was running');
        return 0;
      }
      case 'status':
        return status(io);
      case 'stop': {
        const id = memberId(rest[0]);
        const pids = await sandboxStopMember(id);
        io.err(pids.length ? `sandbox: member ${id} stopped (pid ${pids.join(', ')})` : `sandbox: member ${id} was not running`);
        return 0;
      }
      case 'start':
      case 'restart': {
        const id = memberId(rest[0]);
        if (action === 'restart') {
          const pids = await sandboxStopMember(id);
          io.err(pids.length ? `sandbox: member ${id} stopped (pid ${pids.join(', ')})` : `sandbox: member ${id} was not running`);
        }
        const pid = await sandboxStartMember(id);
        const state = readSandboxState();
        const mode = state ? await waitServing(state.testbed, id) : undefined;
        io.err(
          `sandbox: member ${id} started (pid ${pid})${mode ? `, ${mode}` : ', not serving yet: it needs a quorum of running members'}`,
        );
        return 0;
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

/** The member's mode once it serves, when a quorum of members runs; undefined when it cannot serve yet. */
async function waitServing(record: Parameters<typeof Testbed.attach>[0], id: number): Promise<string | undefined> {
  const running = (await memberStatuses(record)).filter((m) => m.mode !== 'down').length;
  if (running * 2 <= record.members.length) return undefined;
  return Testbed.attach(record).waitForServing(id, 30_000);
}
