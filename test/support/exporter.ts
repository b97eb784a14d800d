import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { TestAlertmanager } from '../../src/core/testbed/alertmanager';
import { TestPrometheus } from '../../src/core/testbed/prometheus';
import { Testbed } from '../../src/core/testbed/testbed';
import { zkops } from './healthWait';

/** The bundled CLI, as users run it. */
export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface RunningExporter {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  readonly output: () => string;
}

/** Starts `zkops exporter` (polling every second) as a child and resolves with its URL once it says where it serves. */
export function startExporter(connect: string): Promise<RunningExporter> {
  const child = spawn(process.execPath, [CLI, 'exporter', connect, '--listen', '127.0.0.1:0', '--interval', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (output += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (output += t));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the exporter did not start within 20 s: ${output}`));
    }, 20_000);
    const check = (): void => {
      const match = /serving (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the exporter exited (${code}): ${output}`));
    });
  });
}

/** Stops an exporter by its pid. */
export function stopExporter(exporter: RunningExporter | undefined): void {
  if (exporter && exporter.child.exitCode === null) exporter.child.kill('SIGKILL');
}

/**
 * The team's monitoring on real parts for one describe block: a 3-member testbed, `zkops exporter`
 * over it, Debian's Alertmanager, and Debian's Prometheus scraping the exporter every second (job
 * `job`) with `zkops rules --prometheus` loaded and sending to that Alertmanager. Started before the
 * block's tests, stopped (by pid) after them; read the fields inside tests only.
 */
export function exporterStack(job: string): {
  readonly bed: Testbed;
  readonly exporter: RunningExporter;
  readonly alertmanager: TestAlertmanager;
  readonly prometheus: TestPrometheus;
} {
  const parts: { bed?: Testbed; exporter?: RunningExporter; alertmanager?: TestAlertmanager; prometheus?: TestPrometheus } = {};
  before(async () => {
    parts.bed = await Testbed.start({ size: 3 });
    parts.exporter = await startExporter(parts.bed.connectString);
    const rules = await zkops('rules', '--prometheus');
    assert.equal(rules.code, 0, rules.err);
    parts.alertmanager = await TestAlertmanager.start({});
    parts.prometheus = await TestPrometheus.start({
      jobs: [{ job, targets: [new URL(parts.exporter.url).host] }],
      ruleFiles: [rules.out],
      alertmanagerUrl: parts.alertmanager.url,
    });
  });
  after(async () => {
    stopExporter(parts.exporter);
    await parts.prometheus?.stop();
    parts.alertmanager?.stop();
    await parts.bed?.close();
  });
  const started = <T>(part: T | undefined, what: string): T => {
    assert.ok(part, `${what} did not start`);
    return part;
  };
  return {
    get bed() {
      return started(parts.bed, 'the testbed');
    },
    get exporter() {
      return started(parts.exporter, 'the exporter');
    },
    get alertmanager() {
      return started(parts.alertmanager, 'Alertmanager');
    },
    get prometheus() {
      return started(parts.prometheus, 'Prometheus');
    },
  };
}
