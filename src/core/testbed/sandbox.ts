import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forceKill, isAlive } from './processes';
import { pidFileOf, portProblem, startMemberProcess, stopMemberProcesses, syncPids } from './sandboxMembers';
import { sandboxWorkspaceDir, writeSandboxWorkspace } from './sandboxWorkspace';
import { Testbed, TestbedRecord } from './testbed';
import type { MemberPorts } from './zooCfg';

/** The sandbox ensemble's state on disk, so `status`, `start`, `stop` and `down` find what `up` started. */
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
/** The ports of the last sandbox; kept by `down` so the next `up` reuses them (same connect string). */
const portsFile = (dir: string): string => path.join(dir, 'ports.json');

export function readSandboxState(dir = sandboxDir()): SandboxState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile(dir), 'utf8')) as SandboxState;
  } catch {
    return undefined;
  }
}

export function writeSandboxState(dir: string, state: SandboxState): void {
  fs.writeFileSync(stateFile(dir), JSON.stringify(state, null, 2));
}

function readSavedPorts(dir: string): MemberPorts[] | undefined {
  try {
    const ports = JSON.parse(fs.readFileSync(portsFile(dir), 'utf8')) as unknown;
    const valid = (p: unknown): p is MemberPorts =>
      typeof p === 'object' &&
      p !== null &&
      ['client', 'quorum', 'election', 'admin'].every((k) => Number.isInteger((p as Record<string, unknown>)[k]));
    return Array.isArray(ports) && ports.length === 3 && ports.every(valid) ? ports : undefined;
  } catch {
    return undefined;
  }
}

/** The saved ports when every one of them is free now; otherwise undefined (new ones get picked). */
async function reusablePorts(dir: string): Promise<MemberPorts[] | undefined> {
  const saved = readSavedPorts(dir);
  if (!saved) return undefined;
  for (const [i, ports] of saved.entries()) {
    if (await portProblem({ id: i + 1, ports })) return undefined;
  }
  return saved;
}

export interface SandboxUpOptions {
  dir?: string;
  /** argv that starts the keeper: `[node, cli.js, 'sandbox', 'keeper']`. */
  keeperCommand: readonly string[];
  readyTimeoutMs?: number;
  /** The workspace `npm run sandbox` opens; its settings follow the sandbox's connect string. */
  workspace?: string;
}

export interface SandboxUpResult {
  readonly state: SandboxState;
  /** `started`: a new sandbox; `repaired`: members (or the keeper) that had died were started; `already-up`: nothing to do. */
  readonly action: 'started' | 'repaired' | 'already-up';
  /** Members this call started. */
  readonly startedMembers: readonly number[];
  /** A new sandbox whose ports differ from the last one's (a saved port was taken). */
  readonly portsChanged: boolean;
  readonly workspace: string;
  readonly warnings: readonly string[];
}

async function startKeeper(dir: string, state: SandboxState, options: SandboxUpOptions): Promise<void> {
  const readyFile = path.join(dir, 'keeper.ready');
  fs.rmSync(readyFile, { force: true });
  const log = fs.openSync(path.join(dir, 'keeper.log'), 'a');
  const [command, ...args] = options.keeperCommand;
  const keeper = spawn(command!, [...args, state.connectString, readyFile], { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  keeper.unref();
  state.keeperPid = keeper.pid;
  writeSandboxState(dir, state);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (!fs.existsSync(readyFile)) {
    if (Date.now() > deadline || keeper.pid === undefined || !isAlive(keeper.pid)) {
      throw new Error(`loading the sample data failed; see ${path.join(dir, 'keeper.log')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Brings up the sandbox from what is on disk: members that died are started again with their own
 * config and data (a port taken by another process is reported as such), and the keeper too.
 */
async function repair(dir: string, state: SandboxState, options: SandboxUpOptions, workspace: string): Promise<SandboxUpResult> {
  syncPids(state.testbed);
  const dead = state.testbed.members.filter((m) => m.pid === undefined);
  const keeperAlive = state.keeperPid !== undefined && isAlive(state.keeperPid);
  const warnings = writeSandboxWorkspace(workspace, state.testbed, state.connectString);
  if (dead.length === 0 && keeperAlive) {
    writeSandboxState(dir, state);
    return { state, action: 'already-up', startedMembers: [], portsChanged: false, workspace, warnings };
  }
  for (const member of dead) await startMemberProcess(state.testbed, member.id);
  writeSandboxState(dir, state);
  await Testbed.attach(state.testbed).waitForLeader(60_000);
  if (!keeperAlive) await startKeeper(dir, state, options);
  return { state, action: 'repaired', startedMembers: dead.map((m) => m.id), portsChanged: false, workspace, warnings };
}

/**
 * Starts the 3-member sandbox (detached, so it outlives this command) on the ports of the last
 * sandbox when they are free, and a keeper process that loads the sample data and keeps its
 * ephemeral nodes alive; resolves when the data is loaded. When a sandbox is on disk already, it
 * is repaired instead (dead members and keeper started), or left alone when all of it runs.
 */
export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxUpResult> {
  const dir = options.dir ?? sandboxDir();
  const workspace = options.workspace ?? sandboxWorkspaceDir(dir);
  const existing = readSandboxState(dir);
  if (existing && fs.existsSync(existing.testbed.baseDir)) return repair(dir, existing, options, workspace);
  const saved = readSavedPorts(dir);
  const ports = await reusablePorts(dir);
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (name !== path.basename(portsFile(dir))) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  const bed = await Testbed.start({ size: 3, baseDir: path.join(dir, 'ensemble'), detached: true, fourLetterWords: 'all', ports });
  for (const member of bed.members) if (member.pid !== undefined) fs.writeFileSync(pidFileOf(member), `${member.pid}\n`);
  fs.writeFileSync(
    portsFile(dir),
    JSON.stringify(
      bed.members.map((m) => m.ports),
      null,
      2,
    ),
  );
  const state: SandboxState = { testbed: bed.record, connectString: bed.connectString, keeperPid: undefined };
  writeSandboxState(dir, state);
  try {
    await startKeeper(dir, state, options);
  } catch (err) {
    await sandboxDown(dir);
    throw err;
  }
  const warnings = writeSandboxWorkspace(workspace, bed.record, state.connectString);
  return { state, action: 'started', startedMembers: bed.members.map((m) => m.id), portsChanged: !!saved && !ports, workspace, warnings };
}

/**
 * Stops every sandbox process (members found by their zoo.cfg, so ones restarted by hand too, and
 * the keeper) and removes its data, keeping only the ports for the next `up`. Resolves to how many
 * processes it stopped.
 */
export async function sandboxDown(dir = sandboxDir()): Promise<number> {
  const state = readSandboxState(dir);
  if (!state) return 0;
  let stopped = 0;
  if (state.keeperPid !== undefined && isAlive(state.keeperPid)) {
    forceKill(state.keeperPid);
    stopped++;
  }
  const stoppedPids = await Promise.all(state.testbed.members.map((m) => stopMemberProcesses(m, 0)));
  stopped += stoppedPids.flat().length;
  for (const name of fs.readdirSync(dir)) {
    if (name !== path.basename(portsFile(dir))) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  return stopped;
}

/** Stops one member by pid (graceful, then SIGKILL) so a user can practise recovery; its data stays. */
export async function sandboxStopMember(id: number, dir = sandboxDir()): Promise<number[]> {
  const state = requireState(dir);
  const member = state.testbed.members.find((m) => m.id === id);
  if (!member) throw new Error(`the sandbox has members ${state.testbed.members.map((m) => m.id).join(', ')}, not ${id}`);
  const pids = await stopMemberProcesses(member);
  writeSandboxState(dir, state);
  return pids;
}

/** Starts one stopped member with its own config and data. Resolves to its pid. */
export async function sandboxStartMember(id: number, dir = sandboxDir()): Promise<number> {
  const state = requireState(dir);
  if (!state.testbed.members.some((m) => m.id === id)) {
    throw new Error(`the sandbox has members ${state.testbed.members.map((m) => m.id).join(', ')}, not ${id}`);
  }
  syncPids(state.testbed);
  const pid = await startMemberProcess(state.testbed, id);
  writeSandboxState(dir, state);
  return pid;
}

function requireState(dir: string): SandboxState {
  const state = readSandboxState(dir);
  if (!state) throw new Error('the sandbox is not up (zkops sandbox up starts it)');
  return state;
}
