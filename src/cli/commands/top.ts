import { PolledClusterMonitor } from '../../core/health/clusterMonitor';
import { HealthPoller } from '../../core/health/poller';
import type { HealthReport } from '../../core/health/report';
import { formatTopTable, topRows } from '../../core/health/topTable';
import { CliCommand, CliIo, boolFlag } from '../command';
import { ENSEMBLE_OPTIONS, EnsembleArgs, ensembleArgs, intervalFlag } from '../ensembleArgs';
import { TLS_FLAGS_USAGE, TLS_OPTIONS, tlsFrom } from '../tlsArgs';

const usage = [
  'zkops top <host:port[,host:port...]> [--interval <seconds>] [--once] [--timeout <ms>] [--admin-ports <port|-,...>]',
  '  A live table of every member: role, state (hung and down included), zxid lag behind the leader,',
  '  latency over the last minute, outstanding requests, connections, packets per second in/out.',
  '  Members a reconfig adds or removes are followed. Refreshed in place; q or Ctrl-C quits.',
  '  --interval  seconds between polls (default 2, at least 0.5)',
  '  --once      print one table and exit: 0 when every member answered, 1 otherwise',
  TLS_FLAGS_USAGE,
].join('\n');

const allAnswered = (report: HealthReport): boolean =>
  report.health.members.every((m) => m.condition === 'up' || m.condition === 'not-serving' || m.condition === 'read-only');

/**
 * One table: a round over every member; when the membership it reads reveals members the connect
 * string lacks (or drops some), one more round over the new list (at most two more).
 */
async function once(args: EnsembleArgs, io: CliIo): Promise<number> {
  const poller = new HealthPoller({
    connectString: args.connectString,
    adminPorts: args.adminPorts,
    timeoutMs: args.timeoutMs,
    tls: args.tls,
  });
  try {
    let report = await poller.pollNow();
    for (let i = 0; i < 2 && report.health.members.length !== poller.targets.length; i++) report = await poller.pollNow();
    io.out(formatTopTable(topRows(report, poller.store)));
    io.err(report.summary);
    return allAnswered(report) ? 0 : 1;
  } finally {
    poller.dispose();
  }
}

/** The live view: redraws on every report until q, Ctrl-C or SIGTERM. */
function live(args: EnsembleArgs, intervalMs: number, io: CliIo): Promise<number> {
  const tty = process.stdout.isTTY === true;
  const monitor = new PolledClusterMonitor('top', { storeIntervalMs: intervalMs });
  return new Promise<number>((resolve) => {
    const stdin = process.stdin;
    const onKey = (data: Buffer): void => {
      const key = data.toString('utf8');
      if (key === 'q' || key === 'Q' || key === '\u0003') finish();
    };
    const finish = (): void => {
      monitor.dispose();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      if (stdin.isTTY) {
        stdin.off('data', onKey);
        stdin.setRawMode(false);
        stdin.pause();
      }
      if (tty) process.stdout.write('\u001b[?25h');
      resolve(0);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (stdin.isTTY) {
      stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', onKey);
    }
    monitor.onReport((report) => {
      const table = formatTopTable(topRows(report, monitor.store));
      const head = `zkops top ${args.connectString} · ${report.summary} · every ${intervalMs / 1000} s · ${new Date().toLocaleTimeString()} · q quits`;
      // In place on a terminal (home, clear below); one table after another when piped.
      if (tty) process.stdout.write(`\u001b[?25l\u001b[H\u001b[2J${head}\n\n${table}\n`);
      else io.out(`${head}\n${table}\n`);
    });
    monitor.run(
      { connectString: args.connectString, adminPorts: args.adminPorts, timeoutMs: args.timeoutMs, ...(args.tls ? { tls: args.tls } : {}) },
      intervalMs,
    );
  });
}

export const topCommand: CliCommand = {
  name: 'top',
  summary: 'live table of every member (role, state, lag, latency, outstanding, connections, packets/s)',
  usage,
  options: {
    timeout: ENSEMBLE_OPTIONS.timeout!,
    'admin-ports': ENSEMBLE_OPTIONS['admin-ports']!,
    ...TLS_OPTIONS,
    interval: { type: 'string' },
    once: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(args, io) {
    const parsed = { ...ensembleArgs(args), tls: await tlsFrom(args, io) };
    const intervalMs = intervalFlag(args, 2000);
    return boolFlag(args, 'once') ? once(parsed, io) : live(parsed, intervalMs, io);
  },
};
