import type { HealthReport } from '../health/report';
import type { MemberControl } from './control';

/*
 * The vocabulary of guided recovery: a runbook is data (id, title, what it is for) plus steps, each
 * of one of three kinds with its own executor:
 *   diagnose  reads state and shows the evidence it used; never changes anything;
 *   act       one change, described (what, where, the command, the fault tolerance it leaves)
 *             before it runs, and run only with consent;
 *   verify    waits, bounded, for an expected health state; on timeout says what is still wrong.
 * Nothing here imports vscode: the CLI prints the events, the editor renders them.
 */

export type StepKind = 'diagnose' | 'act' | 'verify';

/**
 * A step's state as a checklist shows it. `planned`: described but not run (a dry run or a plan
 * without consent); `declined`: the user said no; `stopped`: its guard found it unsafe to act now.
 */
export type StepState =
  'pending' | 'running' | 'waiting-consent' | 'done' | 'failed' | 'declined' | 'stopped' | 'timed-out' | 'planned' | 'skipped';

/** What a diagnose step saw. */
export interface Finding {
  /** False when what it saw makes the rest of the runbook pointless (the runner stops). */
  readonly ok: boolean;
  /** With `ok` false: the problem went away by itself; the run ends completed, not failed. */
  readonly resolved?: boolean;
  readonly summary: string;
  /** The readings it used, one per line, verbatim from the servers where they come from there. */
  readonly evidence: readonly string[];
}

/** What an act step will do, shown before it runs. */
export interface ActPlan {
  /** One sentence: what changes. */
  readonly does: string;
  /** The shell command that does it, when a member control is configured. */
  readonly command?: string;
  /** Where it runs (`this machine`, or the member's host for a manual step). */
  readonly where: string;
  /** Without a control: exactly what the user runs, where, to do it by hand. */
  readonly manual?: string;
  /** The fault tolerance while it runs, e.g. "the ensemble can lose 0 more voters while 2 restarts". */
  readonly tolerance: string;
  /** The step can lose data if it goes wrong: a backup of `/` is written first. */
  readonly losesData?: boolean;
}

export interface ActOutcome {
  readonly ok: boolean;
  readonly summary: string;
  /** Command output, exit code and the like, one line each. */
  readonly detail?: readonly string[];
}

/** What a verify step found in one report. */
export type VerifyCheck =
  | { readonly ok: true; readonly summary: string }
  /** `fatal`: waiting longer cannot help (the margin dropped); the run stops at once. */
  | { readonly ok: false; readonly stillWrong: readonly string[]; readonly fatal?: string };

/** What every step executor gets. */
export interface StepContext {
  /** A fresh health report (each call probes the members again). */
  readonly observe: () => Promise<HealthReport>;
  /** How members are started/stopped/restarted; undefined: the user does it by hand. */
  readonly control: MemberControl | undefined;
  /** Writes a backup of `/` and resolves to its file; undefined when backups are not possible here. */
  readonly backup?: () => Promise<string>;
  readonly signal: AbortSignal;
  /** Adds a line to the run log under the running step. */
  note(text: string): void;
}

export interface DiagnoseStep {
  readonly kind: 'diagnose';
  readonly id: string;
  readonly title: string;
  run(ctx: StepContext): Promise<Finding>;
}

export interface ActStep {
  readonly kind: 'act';
  readonly id: string;
  readonly title: string;
  readonly plan: ActPlan;
  /**
   * Checked on a fresh report after consent, right before acting: a reason not to act now (the
   * margin dropped), or null. The run stops with nothing further done.
   */
  guard?(report: HealthReport): string | null;
  run(ctx: StepContext): Promise<ActOutcome>;
}

export interface VerifyStep {
  readonly kind: 'verify';
  readonly id: string;
  readonly title: string;
  /** The expected state, in words. */
  readonly expect: string;
  readonly timeoutMs: number;
  check(report: HealthReport, ctx: StepContext): VerifyCheck | Promise<VerifyCheck>;
}

export type Step = DiagnoseStep | ActStep | VerifyStep;

/** A runbook made for one situation: its steps are filled in with the members concerned. */
export interface PlannedRunbook {
  /** Stable id, the same as the alert rule it answers (`member-down`, `quorum-lost`, …). */
  readonly id: string;
  readonly title: string;
  /** Why it applies now, in one or two sentences. */
  readonly reason: string;
  /** Set when the runbook does not apply or is unsafe now: nothing runs, the run is refused. */
  readonly refusal?: string;
  readonly steps: readonly Step[];
}

/** What a consent callback is asked: the act step about to run. */
export interface ConsentRequest {
  readonly runbook: string;
  readonly step: string;
  readonly title: string;
  readonly plan: ActPlan;
}

/** Injected by the caller: the CLI answers from `--yes`, the editor shows a modal. */
export type Consent = (request: ConsentRequest) => Promise<boolean>;

/** How a run ended. */
export type RunStatus = 'completed' | 'planned' | 'refused' | 'declined' | 'stopped' | 'failed' | 'timed-out';

export type RunEvent =
  | { readonly type: 'step'; readonly step: string; readonly state: StepState; readonly summary?: string }
  | { readonly type: 'log'; readonly entry: LogEntry };

/** One line of a run log. */
export interface LogEntry {
  /** ISO time. */
  readonly at: string;
  /** The step it belongs to; absent for the run itself. */
  readonly step?: string;
  /** `seen`: evidence; `plan`: what an act will do; `did`: an action and who did it; `outcome`: a step's result. */
  readonly kind: 'seen' | 'plan' | 'did' | 'outcome' | 'note';
  readonly text: string;
}
