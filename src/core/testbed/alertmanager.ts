import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePorts } from './ports';

export interface AlertmanagerOptions {
  /**
   * Where Alertmanager sends its notifications (a webhook receiver, e.g. a test's HTTP server).
   * Without it notifications go nowhere; alerts are still held (read them at /api/v2/alerts).
   */
  readonly webhookUrl?: string;
  /** Default /usr/bin/prometheus-alertmanager (Debian's `prometheus-alertmanager`). */
  readonly binary?: string;
  /** How long `start` waits for /-/ready. Default 20 s. */
  readonly readyTimeoutMs?: number;
}

/** Temp folders of test Alertmanagers start with this: the test runner's pid, as PROMETHEUS_TEMP_PREFIX. */
export const ALERTMANAGER_TEMP_PREFIX = `zkops-alertmanager-${process.ppid}-`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The generated config: one route, short waits (so tests see firing and resolved in seconds), one webhook. */
function configText(webhookUrl: string | undefined): string {
  const receiver =
    webhookUrl === undefined
      ? ['  - name: testbed']
      : ['  - name: testbed', '    webhook_configs:', `      - url: ${JSON.stringify(webhookUrl)}`, '        send_resolved: true'];
  return [
    'route:',
    '  receiver: testbed',
    "  group_by: ['alertname', 'cluster', 'member']",
    '  group_wait: 1s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    ...receiver,
    '',
  ].join('\n');
}

/**
 * A real Alertmanager on 127.0.0.1 for tests: generated config, a temp storage dir, clustering
 * off (it would bind 0.0.0.0:9094), stopped by its pid.
 */
export class TestAlertmanager {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(options: AlertmanagerOptions): Promise<TestAlertmanager> {
    const [port] = await freePorts(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), ALERTMANAGER_TEMP_PREFIX));
    const config = path.join(dir, 'alertmanager.yml');
    fs.writeFileSync(config, configText(options.webhookUrl));
    const log = fs.openSync(path.join(dir, 'alertmanager.log'), 'a');
    const child = spawn(
      options.binary ?? '/usr/bin/prometheus-alertmanager',
      [
        `--config.file=${config}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    child.on('error', () => undefined);
    const am = new TestAlertmanager(`http://127.0.0.1:${port}`, child, dir);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
    for (;;) {
      if (child.exitCode !== null) {
        const text = fs.readFileSync(path.join(dir, 'alertmanager.log'), 'utf8');
        am.stop();
        throw new Error(`alertmanager exited (${child.exitCode}): ${text.slice(-500)}`);
      }
      try {
        const res = await fetch(`${am.url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return am;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        am.stop();
        throw new Error('alertmanager not ready in time');
      }
      await sleep(200);
    }
  }

  /** Stops the process by its pid and removes its files. */
  stop(): void {
    if (this.child.pid !== undefined && this.child.exitCode === null) {
      try {
        process.kill(this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
