import { runHealthCheck } from '../../core/health/healthCheck';
import { reportToJson, reportToMarkdown } from '../../core/health/report';
import { CliCommand, boolFlag } from '../command';
import { ENSEMBLE_OPTIONS, ensembleArgs } from '../ensembleArgs';
import { TLS_FLAGS_USAGE, tlsFrom } from '../tlsArgs';

const usage = [
  'zkops health <host:port[,host:port...][/chroot]> [--json] [--timeout <ms>] [--admin-ports <port|-,...>]',
  '  Probes every member once (plus conf, cons and /zookeeper/config) and runs 30 health checks:',
  '  quorum, leader, split brain, hung/down members, lag, drift, versions, limits. Prints the report',
  '  as markdown, or with --json as one object: {schema, status, exitCode, summary, ensemble,',
  '  checks: [{id, title, status, evidence, advice}], members: [...], notes}.',
  '  --timeout      budget per member in ms (default 1500); the check takes at most about two budgets',
  '  --admin-ports  AdminServer ports in member order ("-" = do not ask); one value applies to all',
  '  Exit code: 0 every check passed; 1 the worst is a warning (serving but degraded, e.g. a member',
  '  down while quorum holds); 2 a check failed (no quorum, no leader, split brain, nothing answers)',
  '  or bad usage.',
  TLS_FLAGS_USAGE,
].join('\n');

export const healthCommand: CliCommand = {
  name: 'health',
  summary: 'health report of an ensemble (30 checks); exit 0 healthy, 1 degraded, 2 failing',
  usage,
  options: ENSEMBLE_OPTIONS,
  maxPositionals: 1,
  async run(args, io) {
    const { connectString, timeoutMs, adminPorts } = ensembleArgs(args);
    const tls = await tlsFrom(args, io);
    const report = await runHealthCheck(connectString, { timeoutMs, adminPorts, tls });
    io.out(boolFlag(args, 'json') ? JSON.stringify(reportToJson(report), null, 2) : reportToMarkdown(report));
    return report.exitCode;
  },
};
