import { RunLog } from './runLog';
import type { ActStep, Consent, PlannedRunbook, RunEvent, RunStatus, StepContext, StepState, VerifyStep } from './types';

export interface RunOptions {
  /** `plan`: diagnose, then describe every other step without acting or waiting; `run`: act with consent. */
  readonly mode: 'plan' | 'run';
  /** Asked before every act step in `run` mode. */
  readonly consent: Consent;
  readonly onEvent?: (event: RunEvent) => void;
  readonly cluster: string;
  readonly actor: string;
  /** Time between readings of a verify step. Default 500 ms. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly log: RunLog;
  /** Act steps that ran (successfully or not): 0 means nothing was changed. */
  readonly acted: number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Runs a planned runbook step by step. Diagnose steps always run (they only read); act steps run
 * only in `run` mode, after consent, and after their guard passed on a fresh report; verify steps
 * wait, bounded, for their expected state. The first step that fails, times out, is declined or is
 * stopped by its guard ends the run with nothing further done. Never rejects: an executor that
 * throws fails its step.
 */
export async function runRunbook(
  runbook: PlannedRunbook,
  base: Omit<StepContext, 'note' | 'signal'>,
  options: RunOptions,
): Promise<RunResult> {
  const log = new RunLog(runbook, runbook.steps, options.cluster, options.actor);
  const signal = options.signal ?? new AbortController().signal;
  const emit = (event: RunEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener must not break the run.
    }
  };
  const record = (kind: Parameters<RunLog['add']>[0], text: string, step?: string): void =>
    emit({ type: 'log', entry: log.add(kind, text, step) });
  const state = (step: string, s: StepState, summary?: string): void => {
    log.setState(step, s, summary);
    emit({ type: 'step', step, state: s, ...(summary !== undefined ? { summary } : {}) });
  };
  let acted = 0;
  /** One backup per run, written before the first step that can lose data. */
  let backupFile: string | undefined;
  const end = (status: RunStatus): RunResult => {
    log.finish(status);
    record('note', `run ${status}`);
    return { status, log, acted };
  };

  record('note', `${runbook.title}: ${runbook.reason}`);
  if (runbook.refusal) {
    record('outcome', `refused: ${runbook.refusal}`);
    for (const s of runbook.steps) state(s.id, 'skipped');
    return end('refused');
  }

  for (const [index, step] of runbook.steps.entries()) {
    const ctx: StepContext = { ...base, signal, note: (text) => record('note', text, step.id) };
    const skipRest = (): void => {
      for (const later of runbook.steps.slice(index + 1)) state(later.id, 'skipped');
    };
    if (signal.aborted) {
      state(step.id, 'skipped');
      skipRest();
      return end('stopped');
    }
    if (step.kind === 'diagnose') {
      state(step.id, 'running');
      try {
        const finding = await step.run(ctx);
        for (const line of finding.evidence) record('seen', line, step.id);
        record('outcome', finding.summary, step.id);
        state(step.id, finding.ok ? 'done' : 'failed', finding.summary);
        if (!finding.ok) {
          skipRest();
          return end(finding.resolved ? 'completed' : 'failed');
        }
      } catch (err) {
        record('outcome', `could not diagnose: ${describeError(err)}`, step.id);
        state(step.id, 'failed', describeError(err));
        skipRest();
        return end('failed');
      }
      continue;
    }
    if (options.mode === 'plan') {
      if (step.kind === 'act') record('plan', planText(step), step.id);
      else record('plan', `then wait up to ${Math.round(step.timeoutMs / 1000)} s for: ${step.expect}`, step.id);
      state(step.id, 'planned');
      continue;
    }
    const ended = step.kind === 'act' ? await act(step, ctx) : await verify(step, ctx);
    if (ended) {
      skipRest();
      return end(ended);
    }
  }
  return end(options.mode === 'plan' ? 'planned' : 'completed');

  /** Runs one act step; resolves to the run's end status when it ends the run. */
  async function act(step: ActStep, ctx: StepContext): Promise<RunStatus | null> {
    record('plan', planText(step), step.id);
    state(step.id, 'waiting-consent');
    let yes = false;
    try {
      yes = await options.consent({ runbook: runbook.id, step: step.id, title: step.title, plan: step.plan });
    } catch (err) {
      record('note', `consent failed: ${describeError(err)}`, step.id);
    }
    if (!yes) {
      record('outcome', 'declined: nothing was done', step.id);
      state(step.id, 'declined');
      return 'declined';
    }
    record('did', `consent given by ${options.actor}`, step.id);
    state(step.id, 'running');
    if (step.guard) {
      let reason: string | null;
      try {
        reason = step.guard(await ctx.observe());
      } catch (err) {
        reason = `could not read the ensemble's state: ${describeError(err)}`;
      }
      if (reason) {
        record('outcome', `not safe now, stopped before acting: ${reason}`, step.id);
        state(step.id, 'stopped', reason);
        return 'stopped';
      }
    }
    acted++;
    try {
      if (step.plan.losesData) {
        if (!ctx.backup) throw new Error('this step can lose data and no backup can be written here; nothing was done');
        backupFile ??= await ctx.backup();
        record('did', `backup of / written to ${backupFile}`, step.id);
      }
      const outcome = await step.run(ctx);
      for (const line of outcome.detail ?? []) record('did', line, step.id);
      record('outcome', outcome.summary, step.id);
      state(step.id, outcome.ok ? 'done' : 'failed', outcome.summary);
      return outcome.ok ? null : 'failed';
    } catch (err) {
      record('outcome', `failed: ${describeError(err)}`, step.id);
      state(step.id, 'failed', describeError(err));
      return 'failed';
    }
  }

  /** Polls until the expected state, a fatal reading, or the timeout. */
  async function verify(step: VerifyStep, ctx: StepContext): Promise<RunStatus | null> {
    state(step.id, 'running');
    record('note', `waiting up to ${Math.round(step.timeoutMs / 1000)} s for: ${step.expect}`, step.id);
    const deadline = Date.now() + step.timeoutMs;
    let stillWrong: readonly string[];
    for (;;) {
      try {
        const check = await step.check(await ctx.observe(), ctx);
        if (check.ok) {
          record('outcome', check.summary, step.id);
          state(step.id, 'done', check.summary);
          return null;
        }
        stillWrong = check.stillWrong;
        if (check.fatal) {
          record('outcome', `stopped: ${check.fatal}`, step.id);
          for (const line of stillWrong) record('seen', line, step.id);
          state(step.id, 'failed', check.fatal);
          return 'failed';
        }
      } catch (err) {
        stillWrong = [`could not read the ensemble's state: ${describeError(err)}`];
      }
      if (Date.now() >= deadline || signal.aborted) break;
      await sleep(Math.min(options.pollMs ?? 500, Math.max(0, deadline - Date.now())), signal);
    }
    const summary = `not reached within ${Math.round(step.timeoutMs / 1000)} s; still wrong: ${stillWrong.join('; ')}`;
    record('outcome', summary, step.id);
    state(step.id, 'timed-out', summary);
    return 'timed-out';
  }
}

/** An act step's plan in one text: what, where, the command or the manual instruction, the tolerance. */
export function planText(step: ActStep): string {
  const p = step.plan;
  const how = p.command ? `runs \`${p.command}\` on ${p.where}` : p.manual ? `by hand on ${p.where}: ${p.manual}` : `on ${p.where}`;
  return `${p.does} (${how}). ${p.tolerance}${p.losesData ? ' A backup of / is written first.' : ''}`;
}
