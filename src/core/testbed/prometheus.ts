import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePorts } from './ports';

export interface PrometheusScrapeJob {
  readonly job: string;
  /** `host:port` targets, all on loopback in tests. */
  readonly targets: readonly string[];
  readonly metricsPath?: string;
}

export interface PrometheusOptions {
  readonly jobs: readonly PrometheusScrapeJob[];
  /** Rules files' contents (e.g. `zkops rules --prometheus`), written next to the config. */
  readonly ruleFiles?: readonly string[];
  /** `http://host:port` of an Alertmanager to send firing alerts to. */
  readonly alertmanagerUrl?: string;
  /** Scrape and rule evaluation interval in seconds. Default 1: tests see a change within seconds. */
  readonly intervalSeconds?: number;
  /** Default /usr/bin/prometheus (Debian's `prometheus`). */
  readonly binary?: string;
  /** How long `start` waits for /-/ready. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

/**
 * Temp folders of test Prometheus servers start with this; it names the test runner (the parent
 * of every test file's process), so the leftover check at the end of a run finds this run's only.
 */
export const PROMETHEUS_TEMP_PREFIX = `zkops-prometheus-${process.ppid}-`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** A YAML double-quoted scalar (JSON's escaping is valid YAML). */
const q = (s: string): string => JSON.stringify(s);

function configText(options: PrometheusOptions, ruleFiles: readonly string[]): string {
  const interval = `${options.intervalSeconds ?? 1}s`;
  const lines = ['global:', `  scrape_interval: ${interval}`, `  scrape_timeout: ${interval}`, `  evaluation_interval: ${interval}`];
  if (ruleFiles.length > 0) lines.push('rule_files:', ...ruleFiles.map((f) => `  - ${q(f)}`));
  if (options.alertmanagerUrl) {
    const url = new URL(options.alertmanagerUrl);
    lines.push('alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: [${q(url.host)}]`);
  }
  lines.push('scrape_configs:');
  for (const job of options.jobs) {
    lines.push(`  - job_name: ${q(job.job)}`);
    if (job.metricsPath) lines.push(`    metrics_path: ${q(job.metricsPath)}`);
    lines.push('    static_configs:', `      - targets: [${job.targets.map(q).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test that dies without its after() hook must not leave a Prometheus running. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
  });
}

/**
 * A real Prometheus (Debian's) on 127.0.0.1 for tests: a generated config (scrape jobs, rules
 * files, an Alertmanager), a temp TSDB, short intervals; stopped by its pid.
 */
export class TestPrometheus {
  private constructor(
    /** `http://127.0.0.1:port`. */
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(options: PrometheusOptions): Promise<TestPrometheus> {
    const [port] = await freePorts(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), PROMETHEUS_TEMP_PREFIX));
    const ruleFiles = (options.ruleFiles ?? []).map((text, i) => {
      const file = path.join(dir, `rules-${i}.yml`);
      fs.writeFileSync(file, text);
      return file;
    });
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(config, configText(options, ruleFiles));
    const logPath = path.join(dir, 'prometheus.log');
    const log = fs.openSync(logPath, 'a');
    installExitHook();
    const child = spawn(
      options.binary ?? '/usr/bin/prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    live.add(child);
    child.on('error', () => undefined);
    child.on('exit', () => live.delete(child));
    const prometheus = new TestPrometheus(`http://127.0.0.1:${port}`, child, dir);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) {
        const text = fs.readFileSync(logPath, 'utf8');
        await prometheus.stop();
        throw new Error(`prometheus exited (${child.exitCode}): ${text.slice(-800)}`);
      }
      try {
        const res = await fetch(`${prometheus.url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return prometheus;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await prometheus.stop();
        throw new Error(`prometheus not ready within ${options.readyTimeoutMs ?? 30_000} ms`);
      }
      await sleep(200);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Kills the process by its pid, waits (bounded) for it to exit, then removes its files. */
  async stop(): Promise<void> {
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await Promise.race([exited, sleep(5000)]);
    }
    live.delete(this.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
