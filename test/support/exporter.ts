import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

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
