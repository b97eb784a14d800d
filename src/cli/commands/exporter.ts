import { DEFAULT_LISTEN, MetricsExporter } from '../../core/exporter/exporterServer';
import { CliCommand, CliIo, ParsedArgs, UsageError, stringFlag } from '../command';
import { ENSEMBLE_OPTIONS, ensembleArgs, intervalFlag } from '../ensembleArgs';
import { TLS_FLAGS_USAGE, TLS_OPTIONS, tlsFrom } from '../tlsArgs';
import { intOption } from '../options';

const DEFAULT_INTERVAL_MS = 5000;

const usage = [
  'zkops exporter <connect> [--listen 127.0.0.1:9141] [--interval S] [--timeout MS] [--admin-ports P,...]',
  '  Serves /metrics in the Prometheus text format for every member of the ensemble (label "member"),',
  "  under the names of ZooKeeper's PrometheusMetricsProvider (mntr keys without zk_; summaries as",
  '  _sum/_count; *_ms timings as *_seconds), read over 4lw or the AdminServer, so ensembles without the',
  '  provider can be scraped; plus zkops_member_state{member,state}, zkops_leaders, zkops_leader_id,',
  '  zkops_quorum, zkops_quorum_margin, zkops_zxid_lag{member} and more. /metrics answers from the last poll (503',
  '  before the first); /-/healthy answers 200 while it runs. Ctrl-C or SIGTERM stops it.',
  `  --listen    host:port to serve on (default ${DEFAULT_LISTEN.host}:${DEFAULT_LISTEN.port}; port 0 picks a free one)`,
  `  --interval  seconds between polls of every member (default ${DEFAULT_INTERVAL_MS / 1000}, at least 0.5)`,
  '  Exit code: 0 stopped by a signal; 1 cannot listen; 2 bad arguments.',
  TLS_FLAGS_USAGE,
].join('\n');

/** `host:port` or `[v6]:port`. */
function listenFlag(args: ParsedArgs): { host: string; port: number } {
  const text = stringFlag(args, 'listen');
  if (text === undefined) return DEFAULT_LISTEN;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--listen must be host:port (e.g. 127.0.0.1:9141 or [::1]:9141), not "${text}"`);
  return { host: (match[1] ?? match[2])!, port: intOption(match[3]!, '--listen port', 0, 65535) };
}

/** Serves until SIGINT or SIGTERM, then stops polling and listening. */
function serveUntilSignal(exporter: MetricsExporter): Promise<number> {
  return new Promise((resolve) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      void exporter.close().then(() => resolve(0));
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
}

export const exporterCommand: CliCommand = {
  name: 'exporter',
  summary: "serve every member's metrics to Prometheus (/metrics, provider names, derived state)",
  usage,
  options: {
    timeout: ENSEMBLE_OPTIONS.timeout!,
    'admin-ports': ENSEMBLE_OPTIONS['admin-ports']!,
    ...TLS_OPTIONS,
    listen: { type: 'string' },
    interval: { type: 'string' },
  },
  maxPositionals: 1,
  async run(args, io: CliIo) {
    const { connectString, adminPorts, timeoutMs } = ensembleArgs(args);
    const tls = await tlsFrom(args, io);
    const intervalMs = intervalFlag(args, DEFAULT_INTERVAL_MS);
    const { host, port } = listenFlag(args);
    let exporter: MetricsExporter;
    try {
      exporter = await MetricsExporter.start({ connectString, intervalMs, timeoutMs, adminPorts, host, port, tls });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'EADDRINUSE'
          ? 'the address is in use'
          : code === 'EADDRNOTAVAIL'
            ? 'no such local address'
            : code === 'EACCES'
              ? 'permission denied'
              : err instanceof Error
                ? err.message
                : String(err);
      io.err(`zkops exporter: cannot listen on ${host}:${port}: ${why}`);
      return 1;
    }
    io.out(`zkops exporter: serving ${exporter.url}/metrics for ${connectString}, polling every ${intervalMs / 1000} s`);
    return serveUntilSignal(exporter);
  },
};
