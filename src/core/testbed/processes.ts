import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Every server process the testbed starts carries these system properties on its command line, so
 * leftovers can be found by scanning /proc even after the process that started them is gone.
 */
export const RUN_PROPERTY = '-Dzkops.testbed.run=';
export const OWNER_PROPERTY = '-Dzkops.testbed.owner=';
/** Owner tag of sandbox servers, which outlive the command that started them on purpose. */
export const DETACHED_OWNER = 'detached';

export interface TestbedProcess {
  readonly pid: number;
  readonly run: string;
  readonly owner: string;
}

function commandLine(pid: string): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

/** All live testbed servers on this machine (Linux /proc; empty elsewhere). */
export function listTestbedProcesses(): TestbedProcess[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: TestbedProcess[] = [];
  for (const pid of pids) {
    const args = commandLine(pid);
    const run = args?.find((a) => a.startsWith(RUN_PROPERTY))?.slice(RUN_PROPERTY.length);
    const owner = args?.find((a) => a.startsWith(OWNER_PROPERTY))?.slice(OWNER_PROPERTY.length);
    if (run && owner && !isZombie(pid)) found.push({ pid: Number(pid), run, owner });
  }
  return found;
}

/**
 * A zombie that has fully exited. When the JVM's main thread ends first the process shows as a
 * zombie while other threads still hold its sockets, so a zombie counts as gone only once no
 * thread is left.
 */
function isZombie(pid: string): boolean {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const zombie = /^State:\s+Z/m.test(status);
    const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? '1');
    return zombie && threads <= 1;
  } catch {
    return true;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(String(pid));
  } catch {
    return false;
  }
}

/** Prefix of the temp folders testbeds create; each holds an OWNER_FILE naming its owner pid. */
export const TEMP_PREFIX = 'zkops-testbed-';
export const OWNER_FILE = 'owner.pid';

/** Removes temp testbed folders whose owner died without cleaning up. */
function reapOrphanDirs(): void {
  let names: string[];
  try {
    names = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(os.tmpdir(), name);
    let owner: number;
    try {
      owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (owner > 0 && !isAlive(owner)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Kills servers whose owning process died without cleaning up (kill -9 of a test runner). Returns
 * how many it killed. Detached (sandbox) servers are left alone.
 */
export function reapOrphans(): number {
  let killed = 0;
  for (const proc of listTestbedProcesses()) {
    if (proc.owner === DETACHED_OWNER) continue;
    if (isAlive(Number(proc.owner))) continue;
    forceKill(proc.pid);
    killed++;
  }
  reapOrphanDirs();
  return killed;
}

/** SIGKILL that tolerates a process already gone. A stopped process dies of SIGKILL too. */
export function forceKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Live processes whose command line runs `mainClass` with `argument` (a member's zoo.cfg path), so
 * a server restarted by hand, outside the testbed, is still found. Linux /proc; empty elsewhere.
 */
export function pidsRunning(mainClass: string, argument: string): number[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    const args = commandLine(pid);
    return args?.includes(mainClass) && args.includes(argument) && isAlive(Number(pid)) ? [Number(pid)] : [];
  });
}
