import type { HealthReport } from '../../core/health/report';
import { applicableRunbooks } from '../../core/recovery/runbooks';
import type { RunLog } from '../../core/recovery/runLog';
import type { PlannedRunbook, RunStatus, StepState } from '../../core/recovery/types';
import {
  ChecklistState,
  RECOVERY_LIMITS as L,
  RecoveryView,
  RunOutcome,
  RunView,
  RunbookOffer,
  StepView,
} from '../../shared/recoveryProtocol';
import { consentText } from './consentText';
import type { ConsentFrontEnd, WaitingConsent } from './run';

/*
 * The dashboard's Recovery section as data: each run as a checklist (step states, the evidence,
 * what each act step does and the fault tolerance it leaves, the consent question waiting in the
 * dashboard, the log), and the runbooks that apply now. No vscode import: unit-tested in plain node.
 * Every text is cut to the protocol's bounds, which the webview checks.
 */

// The webview declares the run outcomes again (it imports nothing of core): they must stay the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const outcomesMatch: Same<RunStatus, RunOutcome> = true;
void outcomesMatch;

/** A run as the checklist reads it (RunbookRun is one). */
export interface RunLike {
  readonly id: string;
  readonly runbook: PlannedRunbook;
  readonly log: RunLog;
  readonly status: RunStatus | null;
  readonly now: string;
  readonly acted: number;
  readonly openedFor: string | null;
  readonly consentIn: ConsentFrontEnd;
  readonly waiting: WaitingConsent | null;
}

/** A firing alert, as far as the offers need it. */
export interface FiringAlert {
  readonly rule: string;
  readonly runbook: string;
  readonly member: string | null;
}

export function cut(text: string, max: number = L.text): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const STATE: Readonly<Record<StepState, ChecklistState>> = {
  pending: 'pending',
  planned: 'pending',
  running: 'running',
  'waiting-consent': 'waiting',
  done: 'done',
  failed: 'failed',
  'timed-out': 'failed',
  declined: 'refused',
  stopped: 'refused',
  skipped: 'skipped',
};

/** The checklist's state of a runner state. */
export function checklistState(state: StepState): ChecklistState {
  return STATE[state];
}

/** One run as a checklist, with the newest log lines. */
export function runView(run: RunLike): RunView {
  const entries = run.log.entries;
  const evidence = new Map<string, string[]>();
  for (const e of entries) {
    if (e.kind !== 'seen' || !e.step) continue;
    const lines = evidence.get(e.step) ?? [];
    if (lines.length < L.evidence) lines.push(cut(e.text));
    evidence.set(e.step, lines);
  }
  const waiting = run.consentIn === 'dashboard' && run.status === null ? run.waiting : null;
  const steps = run.log.steps.slice(0, L.steps).map((logged): StepView => {
    const step = run.runbook.steps.find((s) => s.id === logged.id);
    const state = checklistState(logged.state);
    let consent: StepView['consent'] = null;
    if (waiting && waiting.request.step === logged.id && step?.kind === 'act' && state === 'waiting') {
      const t = consentText(waiting.request, waiting.ctx);
      consent = {
        question: cut(t.message),
        detail: t.detail
          .split('\n\n')
          .slice(0, 12)
          .map((p) => cut(p)),
        button: cut(t.button),
      };
    }
    const plan = step?.kind === 'act' ? step.plan : null;
    return {
      id: logged.id,
      kind: logged.kind,
      title: cut(logged.title),
      state,
      word: logged.state,
      summary: logged.summary === null ? null : cut(logged.summary),
      evidence: evidence.get(logged.id) ?? [],
      act: plan && {
        does: cut(plan.does),
        command: plan.command === undefined ? null : cut(plan.command),
        where: cut(plan.where),
        manual: plan.manual === undefined ? null : cut(plan.manual),
        tolerance: cut(plan.tolerance),
        losesData: plan.losesData === true,
      },
      expect: step?.kind === 'verify' ? cut(step.expect) : null,
      consent,
    };
  });
  const shown = entries.slice(-L.logLines);
  return {
    id: run.id,
    runbook: run.runbook.id,
    title: cut(run.runbook.title),
    reason: cut(run.runbook.reason),
    openedFor: run.openedFor === null ? null : cut(run.openedFor),
    status: run.status,
    now: cut(run.now),
    acted: run.acted,
    startedAt: run.log.startedAt,
    endedAt: run.log.endedAt,
    consentIn: run.consentIn,
    steps,
    log: shown.map((e) => ({ at: e.at, step: e.step ?? null, kind: e.kind, text: cut(e.text) })),
    logOmitted: entries.length - shown.length,
  };
}

/**
 * The runbooks that apply now: those the health report calls for (most urgent first), then those
 * firing alerts call for that the report does not (yet) show, each planned on the report. A
 * runbook that plans to nothing on this report is left out: it would not run.
 */
export function offersOf(
  report: HealthReport | undefined,
  firing: readonly FiringAlert[],
  plan: (runbookId: string, report: HealthReport) => PlannedRunbook | null,
  known: readonly string[],
): RunbookOffer[] {
  if (!report) return [];
  const ids = applicableRunbooks(report);
  for (const a of firing) if (known.includes(a.runbook) && !ids.includes(a.runbook)) ids.push(a.runbook);
  const offers: RunbookOffer[] = [];
  for (const id of ids.slice(0, L.offers)) {
    const planned = plan(id, report);
    if (!planned) continue;
    const calling = firing.filter((a) => a.runbook === id);
    offers.push({
      runbook: id,
      title: cut(planned.title),
      reason: cut(planned.reason),
      refusal: planned.refusal === undefined ? null : cut(planned.refusal),
      members: [...new Set(calling.flatMap((a) => (a.member ? [cut(a.member, L.member)] : [])))].slice(0, 64),
      alerts: [...new Set(calling.map((a) => a.rule))].slice(0, 64),
    });
  }
  return offers;
}

export interface RecoveryInput {
  readonly known: readonly string[];
  readonly offers: readonly RunbookOffer[];
  /** The cluster's runs, oldest first (as the service keeps them). */
  readonly runs: readonly RunLike[];
  readonly control: string;
  readonly notice: string | null;
}

/** The whole section: the newest runs first, bounded. */
export function recoveryView(input: RecoveryInput): RecoveryView {
  return {
    known: [...input.known],
    offers: [...input.offers],
    runs: input.runs.slice(-L.runs).reverse().map(runView),
    busy: input.runs.some((r) => r.status === null),
    control: cut(input.control),
    notice: input.notice === null ? null : cut(input.notice),
  };
}
