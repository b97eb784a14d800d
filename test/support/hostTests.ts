import * as fs from 'node:fs';
import * as path from 'node:path';
import { openBrowser, openWorkbench, outputDir } from './browser';
import { REPO_ROOT, startCodeServer } from './codeServer';
import { withTimeout } from './wait';
import type { HostTestResult } from '../host/suite';

export interface HostRun {
  exitCode: number;
  results: HostTestResult[];
  logs: string;
  /** Errors and warnings the workbench printed to the browser console. */
  consoleErrors: string[];
  /** The extension's "ZooKeeper" output channel (a failed command says why there), last lines first kept. */
  extensionLog: string[];
}

/** The last lines of the "ZooKeeper" output channel, which code-server writes under its user data. */
function readExtensionLog(root: string, maxLines = 400): string[] {
  const logs = path.join(root, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return [];
  const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith('-ZooKeeper.log'));
  return files.flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').split('\n')).slice(-maxLines);
}

/**
 * Runs the suites built into out/host inside a real extension host: code-server loads this repo as
 * the extension under development and out/host/index.js as the tests, through the workbench's
 * `payload` parameter, and reports back through `codeAutomationExit`.
 */
export async function runHostTests(
  env: Record<string, string> = {},
  timeoutMs = 300_000,
  options: { workspace?: string } = {},
): Promise<HostRun> {
  const index = path.join(REPO_ROOT, 'out', 'host', 'index.js');
  if (!fs.existsSync(index)) throw new Error(`${index} is missing: build with node esbuild.mjs --host-tests`);
  const resultsFile = path.join(outputDir(), `host-results-${process.pid}.json`);
  fs.rmSync(resultsFile, { force: true });
  const server = await startCodeServer({
    smokeTestDriver: true,
    workspace: options.workspace,
    env: { ...env, ZKOPS_HOST_RESULTS: resultsFile },
  });
  const browser = await openBrowser();
  // The workbench's own errors (a failed save says why only there and in a toast), for failure reports.
  const consoleErrors: string[] = [];
  browser.page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && consoleErrors.length < 200) consoleErrors.push(m.text().slice(0, 500));
  });
  try {
    const exit = new Promise<{ code: number; logs: string }>((resolve) => {
      void browser.page.exposeFunction('codeAutomationExit', (code: number, logs: unknown) => {
        resolve({ code, logs: JSON.stringify(logs ?? '') });
      });
    });
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(path.join(REPO_ROOT, 'out', 'host', 'index.js'))],
    ]);
    await openWorkbench(
      browser.page,
      `${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(payload)}`,
    );
    const { code, logs } = await withTimeout(exit, timeoutMs, 'the host tests finishing');
    const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostTestResult[]) : [];
    return { exitCode: code, results, logs, consoleErrors, extensionLog: readExtensionLog(server.root) };
  } finally {
    await browser.page.screenshot({ path: path.join(outputDir(), 'host-tests.png') }).catch(() => undefined);
    await browser.close();
    await server.stop();
  }
}
