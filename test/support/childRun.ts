/**
 * Runs `node dist/cli.js …` as a child process and measures it: exit code, output, wall time and
 * peak RSS (written by the peakRss.cjs preload at exit). A child that outlives `killAfterMs` is
 * killed by its pid and reported as such, so a hang fails the test instead of stalling the run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** The CLI bundle `npm test` builds (esbuild.mjs) before any test runs: what users run. */
export const BUILT_CLI = join(ROOT, 'dist/cli.js');
const PRELOAD = join(__dirname, 'peakRss.cjs');

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
  /** Date.now() when the child had exited. */
  readonly endedAt: number;
  /** Peak resident set size in MB; NaN when the child was killed before it could say. */
  readonly peakMb: number;
  readonly killed: boolean;
}

export async function runCliChild(args: readonly string[], killAfterMs: number): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zkops-child-'));
  const rssFile = join(dir, 'rss');
  const started = Date.now();
  const child = spawn(process.execPath, ['--require', PRELOAD, BUILT_CLI, ...args], {
    env: { ...process.env, ZKOPS_PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (out = (out + t).slice(-20_000)));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err = (err + t).slice(-20_000)));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, killAfterMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (c, s) => done([c, s])));
  clearTimeout(timer);
  const endedAt = Date.now();
  const ms = endedAt - started;
  let peakMb = Number.NaN;
  try {
    peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  } catch {
    // killed before exit: no figure
  }
  rmSync(dir, { recursive: true, force: true });
  return { code, signal, out, err, ms, endedAt, peakMb, killed };
}
