import { AlertEngine } from '../../core/alerts/engine';
import { formatDuration, formatNumber } from '../../core/alerts/describe';
import { ForecastAnnouncer } from '../../core/alerts/forecastAnnouncer';
import { AlertEvent, Forecast, Severity } from '../../core/alerts/types';
import { HealthPoller, MIN_INTERVAL_MS } from '../../core/health/poller';
import { CliCommand, CliIo, ParsedArgs, UsageError, boolFlag, stringFlag } from '../command';
import { ENSEMBLE_OPTIONS, ensembleArgs } from '../ensembleArgs';
import { TLS_FLAGS_USAGE, TLS_OPTIONS, tlsFrom } from '../tlsArgs';
import { RulesFileError, loadRules } from '../rulesFile';

const usage = [
  'zkops monitor <connect> [--interval S] [--for S] [--rules FILE] [--json]',
  '  Polls the ensemble every S seconds (default 2, at least 0.5) and evaluates the alert rules until',
  '  --for seconds have passed (default: until Ctrl-C). One line per event; with --json one object per',
  '  line: {"type":"alert","state":"pending"|"firing"|"resolved","rule","severity","member","value","at","summary"}',
  '  and {"type":"forecast","rule","member","metric","value","limit","etaSeconds":{"likely","pessimistic"},"at"}',
  '  (a forecast when first computed and when its ETA moves by more than 20 %).',
  '  --rules FILE  changes or adds rules (see zkops rules --help)',
  '  Exit code: 0 nothing fired (or only info), 1 the worst that fired was a warning, 2 a critical fired,',
  '  3 bad arguments or rules file.',
  TLS_FLAGS_USAGE,
].join('\n');

function secondsFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value) || value < min)
    throw new UsageError(`--${name} must be a number of seconds, at least ${min}, not "${text}"`);
  return value;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
/** JSON lines carry only these states (the contract); others show in human output. */
const JSON_STATES = new Set(['pending', 'firing', 'resolved']);

function alertLine(e: AlertEvent, json: boolean): string | null {
  const at = new Date(e.at).toISOString();
  if (json) {
    if (!JSON_STATES.has(e.state)) return null;
    return JSON.stringify({
      type: 'alert',
      state: e.state,
      rule: e.rule,
      severity: e.severity,
      member: e.member,
      value: e.value,
      at,
      summary: e.summary,
    });
  }
  return `${at} ${e.state.toUpperCase().padEnd(8)} ${e.severity.padEnd(8)} ${e.rule} ${e.member ?? '-'}: ${e.summary}`;
}

function forecastLine(f: Forecast, json: boolean): string {
  const at = new Date(f.at).toISOString();
  const likely = Math.round(f.etaSeconds.likely);
  const pessimistic = Math.round(f.etaSeconds.pessimistic);
  if (json) {
    return JSON.stringify({
      type: 'forecast',
      rule: f.rule,
      member: f.member,
      metric: f.metric,
      value: Number(f.value.toFixed(3)),
      limit: f.limit,
      etaSeconds: { likely, pessimistic },
      at,
    });
  }
  return (
    `${at} FORECAST ${f.rule} ${f.member}: ${f.metric} ${formatNumber(f.value)} of ${formatNumber(f.limit)}, ` +
    `limit in ${formatDuration(likely)} (pessimistic ${formatDuration(pessimistic)})`
  );
}

/** Runs until `forMs` passes or SIGINT; resolves the worst severity that fired (or -1). */
function watch(poller: HealthPoller, engine: AlertEngine, io: CliIo, json: boolean, forMs: number | undefined): Promise<number> {
  const announcer = new ForecastAnnouncer();
  let worst = -1;
  return new Promise((resolve) => {
    const off = poller.onUpdate((report) => {
      const result = engine.evaluate({ at: Date.now(), report, store: poller.store });
      for (const e of result.alerts) {
        if (e.state === 'firing') worst = Math.max(worst, RANK[e.severity]);
        const line = alertLine(e, json);
        if (line !== null) io.out(line);
      }
      if (!json) for (const r of result.restarts) io.out(`${new Date(r.at).toISOString()} RESTART  ${r.member}: uptime went down`);
      for (const f of announcer.news(result.forecasts)) io.out(forecastLine(f, json));
    });
    const finish = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', finish);
      off();
      poller.dispose();
      resolve(worst);
    };
    const timer = forMs === undefined ? undefined : setTimeout(finish, forMs);
    process.once('SIGINT', finish);
    poller.start();
  });
}

export const monitorCommand: CliCommand = {
  name: 'monitor',
  summary: 'poll an ensemble and evaluate alert rules and forecasts; exit 0 quiet, 1 warning, 2 critical fired',
  usage,
  options: {
    timeout: ENSEMBLE_OPTIONS.timeout!,
    'admin-ports': ENSEMBLE_OPTIONS['admin-ports']!,
    ...TLS_OPTIONS,
    json: { type: 'boolean' },
    interval: { type: 'string' },
    for: { type: 'string' },
    rules: { type: 'string' },
  },
  maxPositionals: 1,
  usageExitCode: 3,
  async run(args, io) {
    let poller: HealthPoller;
    let engine: AlertEngine;
    let forSeconds: number | undefined;
    try {
      const { connectString, adminPorts, timeoutMs } = ensembleArgs(args);
      const tls = await tlsFrom(args, io);
      const interval = secondsFlag(args, 'interval', MIN_INTERVAL_MS / 1000) ?? 2;
      forSeconds = secondsFlag(args, 'for', 0);
      engine = new AlertEngine(loadRules(stringFlag(args, 'rules')));
      poller = new HealthPoller({ connectString, intervalMs: Math.round(interval * 1000), adminPorts, timeoutMs, tls });
    } catch (err) {
      if (err instanceof UsageError || err instanceof RulesFileError) {
        io.err(`zkops monitor: ${err.message}${err instanceof UsageError ? `\nusage: ${usage}` : ''}`);
        return 3;
      }
      throw err;
    }
    const worst = await watch(poller, engine, io, boolFlag(args, 'json'), forSeconds === undefined ? undefined : forSeconds * 1000);
    return worst < 1 ? 0 : worst;
  },
};
