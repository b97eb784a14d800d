import { CliCommand, boolFlag } from '../command';
import { ENSEMBLE_OPTIONS, ensembleArgs } from '../ensembleArgs';
import { TLS_FLAGS_USAGE, tlsFrom } from '../tlsArgs';
import type { ConnectString } from '../../core/connectString';
import { EnsembleProbe, MemberProbe, probeEnsemble } from '../../core/ensemble/probe';
import { latencyTriple } from '../../core/health/summary';

const usage = [
  'zkops probe <host:port[,host:port...][/chroot]> [--json] [--timeout <ms>] [--admin-ports <port|-,...>]',
  '  Asks every member for its state (4lw srvr, else the AdminServer, else bare TCP), all in parallel.',
  '  --timeout      budget per member in ms (default 1500); the whole probe takes about one budget',
  '  --admin-ports  AdminServer ports in member order ("-" = do not ask); one value applies to all;',
  "                 default: 8080 on each member's host, used only if it serves that member",
  '  Exit code: 0 when every member answered (leader, follower, observer, standalone or',
  '  not-serving), 1 when any is hung, down or unknown, 2 on bad usage.',
  TLS_FLAGS_USAGE,
].join('\n');

/**
 * The `--json` document, one stable shape:
 * `{ connectString, chroot, timeoutMs, startedAt, elapsedMs, allAnswered, members: [...] }` with
 * each member `{ address, host, port, state, answered, source, zxid, latencyMs: {min,avg,max}|null,
 * connections, reason, errorKind, missing: string[], adminPort, version, elapsedMs }`.
 * `state` is one of leader, follower, observer, standalone, not-serving, hung, down, unknown;
 * `source` one of 4lw, admin, tcp, none; `reason` is null for serving members.
 */
export function probeJson(report: EnsembleProbe, connect: ConnectString): unknown {
  return {
    connectString: report.connectString,
    chroot: connect.chroot ?? null,
    timeoutMs: report.timeoutMs,
    startedAt: report.startedAt,
    elapsedMs: report.elapsedMs,
    allAnswered: report.allAnswered,
    members: report.members.map((m) => ({
      address: m.address,
      host: m.host,
      port: m.port,
      state: m.state,
      answered: m.answered,
      source: m.source,
      zxid: m.zxid,
      latencyMs: m.latencyMs ? { min: m.latencyMs.min, avg: m.latencyMs.avg, max: m.latencyMs.max } : null,
      connections: m.connections,
      reason: m.reason,
      errorKind: m.errorKind,
      missing: m.missing,
      adminPort: m.adminPort,
      version: m.version,
      elapsedMs: m.elapsedMs,
    })),
  };
}

/** One aligned row per member under a header; missing values print as `-`. */
export function probeTable(members: readonly MemberProbe[]): string {
  const header = ['ADDRESS', 'STATE', 'SOURCE', 'ZXID', 'LATENCY(min/avg/max)', 'CONNS', 'TIME', 'REASON'];
  const rows = members.map((m) => [
    m.address,
    m.state,
    m.source,
    m.zxid ?? '-',
    m.latencyMs ? latencyTriple(m.latencyMs) : '-',
    m.connections === null ? '-' : String(m.connections),
    `${Math.round(m.elapsedMs)}ms`,
    m.reason ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: 'state of every ensemble member (leader/follower/…/hung/down), each bounded by a timeout',
  usage,
  options: ENSEMBLE_OPTIONS,
  maxPositionals: 1,
  async run(args, io) {
    const { connectString, connect, timeoutMs, adminPorts } = ensembleArgs(args);
    // The table and JSON show nothing from mntr/monitor, so the CLI does not wait for them.
    const tls = await tlsFrom(args, io);
    const report = await probeEnsemble(connectString, { timeoutMs, adminPorts, monitor: false, tls });
    if (boolFlag(args, 'json')) io.out(JSON.stringify(probeJson(report, connect), null, 2));
    else {
      io.out(probeTable(report.members));
      const answered = report.members.filter((m) => m.answered).length;
      io.err(`${answered} of ${report.members.length} members answered in ${Math.round(report.elapsedMs)} ms`);
    }
    return report.allAnswered ? 0 : 1;
  },
};
