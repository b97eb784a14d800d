/**
 * What the recovery commands (rolling-restart, recover) share: a health source that also feeds
 * the ensemble memory kept between runs, the runbook's events printed as they happen, and the
 * result as text or as one JSON document (schema `zkops-runbook/1`).
 */
import * as os from 'node:os';
import type { HealthReport } from '../core/health/report';
import { memberLine, quorumLine } from '../core/recovery/ensembleState';
import type { EnsembleMemory } from '../core/recovery/memory';
import { loadMemory, saveMemory, stateDir } from '../core/recovery/memoryFile';
import { HealthSource, ownHealthSource } from '../core/recovery/observe';
import type { RunResult } from '../core/recovery/runner';
import type { RunEvent } from '../core/recovery/types';
import type { CliIo } from './command';

/** `zkops (alice@host)`: who ran a runbook, for its log. */
export function cliActor(): string {
  let user = 'unknown user';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (containers): keep the placeholder
  }
  return `zkops (${user}@${os.hostname()})`;
}

export interface CliEnsemble {
  readonly source: HealthSource;
  readonly memory: EnsembleMemory;
  readonly dir: string;
  /** Saves the memory and releases the source. */
  close(): Promise<void>;
}

/** A health source over `connect` whose every report also updates the remembered state. */
export async function openCliEnsemble(connect: string, io: CliIo): Promise<CliEnsemble> {
  const dir = stateDir(io.env);
  const memory = await loadMemory(dir, connect);
  const own = ownHealthSource(connect);
  const source: HealthSource = {
    async observe() {
      const report = await own.observe();
      memory.observe(report);
      return report;
    },
    dispose: () => own.dispose(),
  };
  return {
    source,
    memory,
    dir,
    async close() {
      own.dispose();
      await saveMemory(dir, connect, memory).catch((err: unknown) =>
        io.err(`zkops: could not save the ensemble memory in ${dir}: ${err instanceof Error ? err.message : String(err)}`),
      );
    },
  };
}

/** Prints one runbook event as a line (text mode): log entries only; step states are in them. */
export function printEvent(io: CliIo, event: RunEvent): void {
  if (event.type !== 'log') return;
  const e = event.entry;
  const time = e.at.slice(11, 19);
  io.out(`${time} ${e.step ? `[${e.step}] ` : ''}${e.kind}: ${e.text}`);
}

/** The state of the ensemble in a few lines, for the end of a run. */
export function stateLines(report: HealthReport, memory?: EnsembleMemory): string[] {
  return [quorumLine(report.health), ...report.health.members.map((m) => `  ${memberLine(m, memory)}`)];
}

/** The `--json` document of a run. */
export function runJson(command: string, result: RunResult, exitCode: number, final: HealthReport | null, memory?: EnsembleMemory): object {
  return {
    schema: 'zkops-runbook/1',
    command,
    exitCode,
    status: result.status,
    acted: result.acted,
    ...result.log.toJSON(),
    state: final
      ? {
          summary: final.summary,
          quorum: final.health.quorum,
          canLose: final.health.canLose,
          members: stateLines(final, memory)
            .slice(1)
            .map((l) => l.trim()),
        }
      : null,
  };
}
