import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConnectString } from '../connectString';
import { EnsembleMemory, EnsembleMemoryData } from './memory';

/*
 * The CLI's memory between runs: one small JSON file per ensemble (named by a hash of its sorted
 * member addresses) under the zkops state folder. Holds ids, roles, last zxids and a znode count,
 * nothing secret.
 */

/** `$ZKOPS_STATE_DIR`, else `$XDG_STATE_HOME/zkops`, else `~/.local/state/zkops`. */
export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env['ZKOPS_STATE_DIR']) return env['ZKOPS_STATE_DIR'];
  return path.join(env['XDG_STATE_HOME'] || path.join(os.homedir(), '.local', 'state'), 'zkops');
}

function memoryPath(dir: string, connect: string): string {
  const servers = parseConnectString(connect)
    .servers.map((s) => `${s.host.toLowerCase()}:${s.port}`)
    .sort();
  const key = createHash('sha256').update(servers.join(',')).digest('hex').slice(0, 16);
  return path.join(dir, 'recovery', `${key}.json`);
}

/** The remembered state of `connect`'s ensemble; empty when none (or unreadable: memory is a hint). */
export async function loadMemory(dir: string, connect: string): Promise<EnsembleMemory> {
  try {
    const data = JSON.parse(await fs.readFile(memoryPath(dir, connect), 'utf8')) as EnsembleMemoryData;
    if (typeof data !== 'object' || data === null || typeof data.members !== 'object') return new EnsembleMemory();
    return new EnsembleMemory(data);
  } catch {
    return new EnsembleMemory();
  }
}

export async function saveMemory(dir: string, connect: string, memory: EnsembleMemory): Promise<void> {
  const file = memoryPath(dir, connect);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.partial`;
  await fs.writeFile(tmp, JSON.stringify(memory.toJSON(), null, 1), 'utf8');
  await fs.rename(tmp, file);
}
