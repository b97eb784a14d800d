import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forceKill, isAlive } from './processes';
import { Testbed, TestbedRecord } from './testbed';

/** The sandbox ensemble's state on disk, so `status` and `down` find what `up` started. */
export interface SandboxState {
  readonly testbed: TestbedRecord;
  readonly connectString: string;
  /** The process that holds the sample data's ephemeral nodes alive. */
  keeperPid: number | undefined;
}

/**
 * Where the sandbox keeps its state: `ZKOPS_SANDBOX_DIR`, else `sandbox/` in the same cache folder
 * scripts/*.sh use (`ZKOPS_CACHE`, else `$XDG_CACHE_HOME/zkops`, else `~/.cache/zkops`).
 */
export function sandboxDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.ZKOPS_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'zkops');
  return env.ZKOPS_SANDBOX_DIR ?? path.join(cache, 'sandbox');
}

const stateFile = (dir: string): string => path.join(dir, 'state.json');

export function readSandboxState(dir = sandboxDir()): SandboxState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile(dir), 'utf8')) as SandboxState;
  } catch {
    return undefined;
  }
}

function writeSandboxState(dir: string, state: SandboxState): void {
  fs.writeFileSync(stateFile(dir), JSON.stringify(state, null, 2));
}

export interface SandboxUpOptions {
  dir?: string;
  /** argv that starts the keeper: `[node, cli.js, 'sandbox', 'keeper']`. */
  keeperCommand: readonly string[];
  readyTimeoutMs?: number;
}

/**
 * Starts the 3-member sandbox (detached, so it outlives this command) and a keeper process that
 * loads the sample data and keeps its ephemeral nodes alive. Resolves when the data is loaded.
 */
export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxState> {
  const dir = options.dir ?? sandboxDir();
  const existing = readSandboxState(dir);
  if (existing && existing.testbed.members.some((m) => m.pid !== undefined && isAlive(m.pid))) {
    throw new Error(`the sandbox is already up at ${existing.connectString} (zkops sandbox down stops it)`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const bed = await Testbed.start({ size: 3, baseDir: path.join(dir, 'ensemble'), detached: true, fourLetterWords: 'all' });
  const state: SandboxState = { testbed: bed.record, connectString: bed.connectString, keeperPid: undefined };
  writeSandboxState(dir, state);
  const readyFile = path.join(dir, 'keeper.ready');
  const log = fs.openSync(path.join(dir, 'keeper.log'), 'a');
  const [command, ...args] = options.keeperCommand;
  const keeper = spawn(command!, [...args, bed.connectString, readyFile], { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  keeper.unref();
  state.keeperPid = keeper.pid;
  writeSandboxState(dir, state);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (!fs.existsSync(readyFile)) {
    if (Date.now() > deadline || keeper.pid === undefined || !isAlive(keeper.pid)) {
      await sandboxDown(dir);
      throw new Error(`loading the sample data failed; see ${path.join(dir, 'keeper.log')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return state;
}

/** Stops every sandbox process by pid and removes its data. Resolves to how many it stopped. */
export async function sandboxDown(dir = sandboxDir()): Promise<number> {
  const state = readSandboxState(dir);
  if (!state) return 0;
  let stopped = 0;
  if (state.keeperPid !== undefined && isAlive(state.keeperPid)) {
    forceKill(state.keeperPid);
    stopped++;
  }
  const bed = Testbed.attach(state.testbed);
  stopped += bed.livePids().length;
  await bed.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return stopped;
}
