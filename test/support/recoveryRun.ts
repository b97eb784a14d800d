/**
 * Helpers of the recovery integration tests: an ensemble whose members a control server starts and
 * stops, zkops run in-process with its own state folder, a client writing throughout a run, and a
 * sampler that counts members out of service every 100 ms.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { runCli } from '../../src/cli/main';
import { Testbed } from '../../src/core/testbed/testbed';
import { isZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import { ControlServer, startControlServer } from './memberControl';

/** A state folder for zkops (its ensemble memory and backups), removed by `dispose`. */
export function zkopsState(): {
  dir: string;
  run(...argv: string[]): Promise<{ code: number; out: string; err: string }>;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'zkops-state-'));
  return {
    dir,
    async run(...argv) {
      let out = '';
      let err = '';
      const code = await runCli(argv, {
        out: (t) => (out += `${t}\n`),
        err: (t) => (err += `${t}\n`),
        env: { ...process.env, ZKOPS_STATE_DIR: dir },
      });
      return { code, out, err };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ControlledEnsemble {
  readonly bed: Testbed;
  readonly control: ControlServer;
  readonly state: ReturnType<typeof zkopsState>;
}

/**
 * For one describe block: a `size`-member testbed, a control server over it and a zkops state
 * folder, started before its tests and stopped after them. Read the fields inside tests only.
 */
export function controlledEnsemble(size: number): ControlledEnsemble {
  const parts: { bed?: Testbed; control?: ControlServer; state: ReturnType<typeof zkopsState> } = { state: zkopsState() };
  before(async () => {
    parts.bed = await Testbed.start({ size });
    parts.control = await startControlServer(parts.bed);
  });
  after(async () => {
    await parts.control?.close();
    await parts.bed?.close();
    parts.state.dispose();
  });
  return {
    get bed() {
      assert.ok(parts.bed, 'the testbed did not start');
      return parts.bed;
    },
    get control() {
      assert.ok(parts.control, 'the control server did not start');
      return parts.control;
    },
    state: parts.state,
  };
}

export interface WriteResults {
  readonly ok: string[];
  /** Writes that failed: each with its typed error name and whether it may have applied. */
  readonly failed: { path: string; name: string; mayHaveApplied: boolean | undefined }[];
  /** Failures that were not ZkErrors (must stay empty). */
  readonly untyped: unknown[];
}

/** Creates `<parent>/w-<n>` one after another until stopped. */
export async function startWriter(connect: string, parent: string): Promise<{ session: ZkSession; stop(): Promise<WriteResults> }> {
  const session = await ZkSession.connect(connect, { requestTimeoutMs: 5000 });
  await session.create(parent).catch((err: unknown) => {
    if (!isZkError(err, 'NODEEXISTS')) throw err;
  });
  const results: WriteResults = { ok: [], failed: [], untyped: [] };
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      const path = `${parent}/w-${n}`;
      try {
        await session.create(path, Buffer.from(String(n)));
        results.ok.push(path);
      } catch (err) {
        if (isZkError(err)) results.failed.push({ path, name: err.name, mayHaveApplied: err.mayHaveApplied });
        else results.untyped.push(err);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    session,
    async stop() {
      running = false;
      await loop;
      return results;
    },
  };
}

/**
 * Every 100 ms: which members are out of service, i.e. not running, or restarted (through the
 * control server) and not yet answering srvr in a serving mode. Resolves the most seen at once.
 */
export function startOutageSampler(
  bed: Testbed,
  control: ControlServer,
): { stop(): Promise<{ max: number; samples: number; worst: number[] }> } {
  // id → its pid when the restart began: it is back once a new process serves.
  const restarting = new Map<number, number | undefined>();
  control.onBegin = (action, id) => {
    if (action === 'restart' || action === 'stop') restarting.set(id, bed.member(id).pid);
  };
  let running = true;
  let max = 0;
  let samples = 0;
  let worst: number[] = [];
  const loop = (async () => {
    while (running) {
      const out = new Set<number>();
      for (const m of bed.members) if (!bed.isRunning(m.id)) out.add(m.id);
      for (const [id, pid] of [...restarting]) {
        const fresh = bed.member(id).pid !== pid && bed.isRunning(id);
        const mode = fresh ? await bed.mode(id, 1000) : 'no-answer';
        if (mode === 'leader' || mode === 'follower' || mode === 'observer') restarting.delete(id);
        else out.add(id);
      }
      samples++;
      if (out.size > max) {
        max = out.size;
        worst = [...out];
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      control.onBegin = undefined;
      return { max, samples, worst };
    },
  };
}
