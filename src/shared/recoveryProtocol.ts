/*
 * The dashboard's Recovery section on the wire: what the host tells the webview (the runbooks that
 * apply now, each run as a checklist with its evidence, consent questions and log) and what the
 * webview asks for (run a runbook, answer a consent, stop a run, save its log). Part of the
 * dashboard protocol (dashboardProtocol.ts adds these to its unions); both directions are checked
 * with zod on receipt (recoveryValidation.ts). Types and constants only.
 */

/** Bounds the host keeps to and the webview's check enforces: a run's log grows by a line per reading. */
export const RECOVERY_LIMITS = {
  /** Characters of one text (server strings, evidence lines, commands); longer ones are cut. */
  text: 2000,
  /** Runs of the cluster shown, newest first. */
  runs: 5,
  /** Log lines per run (the newest; the saved Markdown has them all). */
  logLines: 300,
  /** Evidence lines per step. */
  evidence: 60,
  steps: 40,
  offers: 24,
  /** Runbook ids and step ids: short slugs. */
  id: 64,
  /** Member addresses. */
  member: 256,
} as const;

/** How a run ended (core's RunStatus, declared again here: the webview imports nothing of core). */
export const RUN_OUTCOMES = ['completed', 'planned', 'refused', 'declined', 'stopped', 'failed', 'timed-out'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/**
 * A step as the checklist shows it. `waiting`: an act step waiting for consent; `refused`: consent
 * was declined, or its guard found it unsafe to act now; `skipped`: not reached, because the run
 * ended before it.
 */
export const CHECKLIST_STATES = ['pending', 'running', 'waiting', 'done', 'failed', 'refused', 'skipped'] as const;
export type ChecklistState = (typeof CHECKLIST_STATES)[number];

export type StepKindWord = 'diagnose' | 'act' | 'verify';
export type LogKindWord = 'seen' | 'plan' | 'did' | 'outcome' | 'note';

/** A runbook that applies now, from the health report and the firing alerts. */
export interface RunbookOffer {
  readonly runbook: string;
  readonly title: string;
  /** Why it applies now. */
  readonly reason: string;
  /** Set when it would be refused now (nothing would run). */
  readonly refusal: string | null;
  /** Members named by the firing alerts that call for it. */
  readonly members: readonly string[];
  /** Ids of the firing alert rules that call for it (none: from the health report alone). */
  readonly alerts: readonly string[];
}

/** What an act step does, shown before it runs. */
export interface ActView {
  readonly does: string;
  /** The shell command, when the cluster has a member control. */
  readonly command: string | null;
  readonly where: string;
  /** Without a control: what the user does by hand. */
  readonly manual: string | null;
  /** The fault tolerance the ensemble has while the step runs. */
  readonly tolerance: string;
  /** A backup of `/` is written first. */
  readonly losesData: boolean;
}

/** The question of an act step waiting for consent in the dashboard. */
export interface ConsentView {
  readonly question: string;
  /** One paragraph each: what, the command and where, the fault tolerance, the step's place. */
  readonly detail: readonly string[];
  /** The label of the button that gives consent. */
  readonly button: string;
}

export interface StepView {
  readonly id: string;
  readonly kind: StepKindWord;
  readonly title: string;
  readonly state: ChecklistState;
  /** The runner's own word for the state (`declined`, `timed-out`, …), for the step's text. */
  readonly word: string;
  readonly summary: string | null;
  /** The readings it used (diagnose steps; a verify step that stopped the run), verbatim. */
  readonly evidence: readonly string[];
  /** Act steps: what it will do and the fault tolerance left while it runs. */
  readonly act: ActView | null;
  /** Verify steps: the state waited for. */
  readonly expect: string | null;
  /** Set while this step waits for consent given in the dashboard. */
  readonly consent: ConsentView | null;
}

export interface RunLogLine {
  /** ISO time. */
  readonly at: string;
  readonly step: string | null;
  readonly kind: LogKindWord;
  readonly text: string;
}

export interface RunView {
  /** The run's id in this window (`run-3`): what consent, stop and save name. */
  readonly id: string;
  readonly runbook: string;
  readonly title: string;
  readonly reason: string;
  /** Why it was opened (an alert's member), or null. */
  readonly openedFor: string | null;
  /** How it ended; null while it runs. */
  readonly status: RunOutcome | null;
  /** What happens now, while it runs. */
  readonly now: string;
  /** Act steps that ran: 0 means nothing was changed. */
  readonly acted: number;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** Where its consent questions are answered: buttons here, or the editor's modal dialog. */
  readonly consentIn: 'dashboard' | 'dialog';
  readonly steps: readonly StepView[];
  /** The newest log lines, oldest first. */
  readonly log: readonly RunLogLine[];
  /** Older log lines left out (the saved Markdown has every line). */
  readonly logOmitted: number;
}

export interface RecoveryView {
  /** Runbook ids recovery can open (an alert's "Open runbook" is offered for these). */
  readonly known: readonly string[];
  readonly offers: readonly RunbookOffer[];
  /** This cluster's runs, newest first. */
  readonly runs: readonly RunView[];
  /** A run is under way on this cluster: another cannot start. */
  readonly busy: boolean;
  /** How act steps act: the cluster's member control, or by hand. */
  readonly control: string;
  /** The answer to the last request that did not start a run (refused, does not apply), or null. */
  readonly notice: string | null;
}

export interface RecoveryHostMessage {
  readonly type: 'recovery';
  readonly recovery: RecoveryView;
}

export type RecoveryWebviewMessage =
  /** Plan the runbook on a fresh report and run it, consent asked here; `member`: the alert's member. */
  | { readonly type: 'runRunbook'; readonly runbook: string; readonly member: string | null }
  /** The answer to the consent question of `step` of run `run`. */
  | { readonly type: 'consent'; readonly run: string; readonly step: string; readonly consent: boolean }
  | { readonly type: 'stopRun'; readonly run: string }
  | { readonly type: 'saveRunLog'; readonly run: string };

export const RECOVERY_WEBVIEW_TYPES = ['runRunbook', 'consent', 'stopRun', 'saveRunLog'] as const;
