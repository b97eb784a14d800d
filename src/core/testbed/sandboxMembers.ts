import * as fs from 'node:fs';
import * as path from 'node:path';
import { portIsFree } from './ports';
import { forceKill, isAlive, pidsRunning } from './processes';
import { MemberMode, MemberRecord, SERVER_MAIN, Testbed, TestbedRecord } from './testbed';
import type { MemberPorts } from './zooCfg';

/**
 * One sandbox member as `zkops sandbox status` shows it. `down`: no process runs its config;
 * `no-answer`: a process runs but does not answer `srvr` (starting, hung or stopped with SIGSTOP).
 */
export interface SandboxMemberStatus {
  readonly id: number;
  readonly clientPort: number;
  readonly pids: readonly number[];
  readonly mode: MemberMode | 'down';
}

/**
 * Where a member's pid is written: the file `zkServer.sh` uses for the same dataDir, so a member
 * started by `zkops sandbox start` can also be stopped with `zkServer.sh stop <its zoo.cfg>`.
 */
export const pidFileOf = (member: MemberRecord): string => path.join(member.dataDir, 'zookeeper_server.pid');

/**
 * Every live server process of a member: the one the sandbox started and any started by hand with
 * the member's zoo.cfg. Found by command line, so a reused pid is never mistaken for a member.
 */
export function memberPids(member: MemberRecord): number[] {
  return pidsRunning(SERVER_MAIN, member.configPath);
}

/** Refreshes the record's pids from the running processes (a member restarted by hand has a new one). */
export function syncPids(record: TestbedRecord): void {
  for (const member of record.members) {
    member.pid = memberPids(member)[0];
    if (member.pid === undefined) member.paused = false;
  }
}

export async function memberStatuses(record: TestbedRecord, timeoutMs = 1000): Promise<SandboxMemberStatus[]> {
  const bed = Testbed.attach(record);
  return Promise.all(
    record.members.map(async (member) => {
      const pids = memberPids(member);
      const mode = pids.length === 0 ? 'down' : await bed.mode(member.id, timeoutMs);
      return { id: member.id, clientPort: member.ports.client, pids, mode };
    }),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops every process of a member: SIGTERM (SIGCONT first, in case it was paused), SIGKILL after
 * `graceMs`. Resolves to the pids it stopped (empty when the member was not running).
 */
export async function stopMemberProcesses(member: MemberRecord, graceMs = 5000): Promise<number[]> {
  const pids = memberPids(member);
  for (const pid of pids) {
    for (const signal of ['SIGCONT', 'SIGTERM'] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone already
      }
    }
  }
  if (!(await waitGone(pids, graceMs))) {
    pids.forEach(forceKill);
    if (!(await waitGone(pids, 10_000))) throw new Error(`member ${member.id}: pid ${pids.filter(isAlive).join(', ')} survived SIGKILL`);
  }
  member.pid = undefined;
  member.paused = false;
  fs.rmSync(pidFileOf(member), { force: true });
  return pids;
}

/** Why a stopped member cannot start on its ports, or undefined when every port is free. */
export async function portProblem(member: Pick<MemberRecord, 'id' | 'ports'>): Promise<string | undefined> {
  const named = (Object.entries(member.ports) as [keyof MemberPorts, number][]).filter(([, port]) => port > 0);
  for (const [name, port] of named) {
    if (!(await portIsFree(port))) {
      return `member ${member.id} cannot start: its ${name} port 127.0.0.1:${port} is in use by another process`;
    }
  }
  return undefined;
}

/**
 * Starts a member that is not running, with its own zoo.cfg and data, and writes its pid file.
 * Throws with the reason when it runs already or a port of it is taken.
 */
export async function startMemberProcess(record: TestbedRecord, id: number): Promise<number> {
  const bed = Testbed.attach(record);
  const member = bed.member(id);
  const running = memberPids(member);
  if (running.length > 0) throw new Error(`member ${id} is already running (pid ${running.join(', ')})`);
  const problem = await portProblem(member);
  if (problem) throw new Error(problem);
  member.pid = undefined;
  bed.startMember(id);
  const pid = member.pid as number | undefined;
  if (pid === undefined) throw new Error(`member ${id} did not start`);
  fs.writeFileSync(pidFileOf(member), `${pid}\n`);
  return pid;
}
