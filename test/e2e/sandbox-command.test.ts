// README's first command, run as a user runs it: `npm run sandbox` from a shell (none of the outer
// npm's exported state), code-server instead of a local `code`, a cache of its own so a developer's
// own sandbox is never touched. Proves the product starts on a machine like this one: the sandbox
// ensemble comes up, the workbench opens, and the status bar reports the ensemble.
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { freePorts } from '../../src/core/testbed/ports';
import { HeadlessBrowser, openBrowser, openWorkbench, outputDir } from '../support/browser';
import { E2E_MARKER, REPO_ROOT, codeServerInstall } from '../support/codeServer';
import { sleep } from '../support/wait';

let cache = '';
let child: ChildProcess | undefined;
let browser: HeadlessBrowser | undefined;
let port = 0;
let logPath = '';

/** The environment of a user's shell: nothing npm exports to the scripts it runs. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function healthz(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function sandboxCli(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'sandbox', ...args], {
    env: shellEnv({ ZKOPS_CACHE: cache }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

before(async () => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), `${E2E_MARKER}sandbox-cache-`));
  // Share this run's code-server install (its cold install is proven by `npm test` itself in CI)
  // but nothing else: the sandbox state and profile live in this fresh cache.
  const installDir = path.resolve(path.dirname(codeServerInstall().entry), '..', '..', '..', '..');
  fs.symlinkSync(installDir, path.join(cache, path.basename(installDir)));
  port = (await freePorts(1))[0]!;
  logPath = path.join(outputDir(), 'sandbox-command.log');
  const log = fs.openSync(logPath, 'w');
  child = spawn('npm', ['run', 'sandbox'], {
    cwd: REPO_ROOT,
    env: shellEnv({ ZKOPS_CACHE: cache, ZKOPS_USE_CODE_SERVER: '1', ZKOPS_SANDBOX_PORT: String(port) }),
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  child.on('error', () => undefined);
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (cache) {
    sandboxCli(['down']);
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('npm run sandbox starts the ensemble and opens the extension on it', async () => {
  const url = `http://127.0.0.1:${port}`;
  // Build, sandbox up, package and install: bounded, and it fails with the script's own output.
  const deadline = Date.now() + 240_000;
  while (!(await healthz(url))) {
    const exited = child!.exitCode !== null || child!.signalCode !== null;
    if (exited || Date.now() > deadline) {
      assert.fail(
        `npm run sandbox did not serve the workbench (${exited ? 'it exited' : 'timed out'}):\n${fs.readFileSync(logPath, 'utf8').slice(-3000)}`,
      );
    }
    await sleep(500);
  }
  const status = sandboxCli(['status']);
  assert.equal(status.status, 0, status.out);
  const workspace = path.join(cache, 'sandbox-workspace');
  const page = browser!.page;
  await openWorkbench(page, `${url}/?folder=${encodeURIComponent(workspace)}`);
  const item = page.locator('.statusbar-item', { hasText: /ZK sandbox: leader/ });
  await item.waitFor({ timeout: 90_000 });
  await page.screenshot({ path: path.join(outputDir(), 'sandbox-command.png') });
  assert.match((await item.textContent()) ?? '', /3\/3/);
});
