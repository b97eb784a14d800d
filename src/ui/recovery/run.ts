import { RunLog } from '../../core/recovery/runLog';
import type { RunResult } from '../../core/recovery/runner';
import type { ConsentRequest, PlannedRunbook, RunEvent, RunStatus, StepState } from '../../core/recovery/types';
import type { ConsentContext } from './consentText';

/*
 * One runbook run as the editor shows it: a live copy of its log, rebuilt from the runner's events
 * (the runner's own log is handed over only at the end), what it waits for now, how it ended, and
 * the consent question it waits on. No vscode import.
 */

/** Where a run's consent questions are answered: the dashboard's buttons, or a modal dialog. */
export type ConsentFrontEnd = 'dashboard' | 'dialog';

/** An act step's question, waiting for the user's answer. */
export interface WaitingConsent {
  readonly request: ConsentRequest;
  readonly ctx: ConsentContext;
}

let counter = 0;

export class RunbookRun {
  /** Unique in this window; names the run's document. */
  readonly id = `run-${++counter}`;
  readonly log: RunLog;
  /** A short line on what happens now ("waiting for your consent: …"), empty once ended. */
  now = 'starting';
  status: RunStatus | null = null;
  /** Act steps that ran: 0 means nothing was changed. */
  acted = 0;
  /** Resolves when the run ended (never rejects). */
  readonly done: Promise<RunResult>;
  private readonly listeners = new Set<() => void>();
  readonly abort = new AbortController();
  /** The consent question waiting for an answer, or null. */
  waiting: WaitingConsent | null = null;
  private answerWaiting: ((yes: boolean) => void) | undefined;

  constructor(
    readonly clusterId: string,
    readonly clusterName: string,
    readonly runbook: PlannedRunbook,
    connect: string,
    actor: string,
    /** Why it was opened: an alert on a member, the palette. */
    readonly openedFor: string | null,
    /** Where its questions are answered; a dashboard run whose panel closes is handed to the dialog. */
    public consentIn: ConsentFrontEnd,
    start: (run: RunbookRun) => Promise<RunResult>,
  ) {
    this.log = new RunLog(runbook, runbook.steps, connect, actor);
    // Stopping the run while it waits for consent is a no: nothing further is done.
    this.abort.signal.addEventListener('abort', () => this.settle(false), { once: true });
    this.done = start(this).then(
      (result) => this.finish(result),
      // runRunbook never rejects; anything else failing here still ends the run visibly.
      (err: unknown) => {
        this.log.add('outcome', `the run failed: ${err instanceof Error ? err.message : String(err)}`);
        this.log.finish('failed');
        this.status = 'failed';
        this.now = '';
        this.changed();
        return { status: 'failed' as const, log: this.log, acted: this.acted };
      },
    );
  }

  get running(): boolean {
    return this.status === null;
  }

  /** Applies one event of the runner to the live log. */
  apply(event: RunEvent): void {
    if (event.type === 'log') {
      this.log.entries.push(event.entry);
    } else {
      this.log.setState(event.step, event.state, event.summary);
      this.now = describeNow(this.log.steps.find((s) => s.id === event.step)?.title ?? event.step, event.state);
    }
    this.changed();
  }

  /**
   * The one consent mechanism: the act step's question waits here until `answer` (the dashboard's
   * buttons, or the modal's result) or the run is stopped (a no). Resolves to the answer.
   */
  askConsent(request: ConsentRequest, ctx: ConsentContext): Promise<boolean> {
    if (this.abort.signal.aborted) return Promise.resolve(false);
    this.settle(false);
    return new Promise<boolean>((resolve) => {
      this.waiting = { request, ctx };
      this.answerWaiting = resolve;
      this.changed();
    });
  }

  /** Answers the waiting question of `step`; false when no such question waits (answered already, or another step). */
  answer(step: string, yes: boolean): boolean {
    if (this.waiting?.request.step !== step) return false;
    this.settle(yes);
    return true;
  }

  private settle(yes: boolean): void {
    const resolve = this.answerWaiting;
    if (!resolve) return;
    this.answerWaiting = undefined;
    this.waiting = null;
    resolve(yes);
    this.changed();
  }

  private finish(result: RunResult): RunResult {
    // The runner's log is the record: same entries, plus its own start/end times and status.
    this.log.entries.splice(0, this.log.entries.length, ...result.log.entries);
    for (const s of result.log.steps) this.log.setState(s.id, s.state, s.summary ?? undefined);
    this.log.finish(result.status);
    this.status = result.status;
    this.acted = result.acted;
    this.now = '';
    this.changed();
    return result;
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // A failing view must not stop the run.
      }
    }
  }

  /** Stops the run: a running command is killed, nothing further is done. */
  stop(): void {
    this.abort.abort();
  }
}

function describeNow(title: string, state: StepState): string {
  switch (state) {
    case 'waiting-consent':
      return `waiting for your consent: ${title}`;
    case 'running':
      return `running: ${title}`;
    default:
      return `${title}: ${state}`;
  }
}
