import type { ChecklistState, RecoveryView, RunView, RunbookOffer, StepView } from '../src/shared/recoveryProtocol';
import { button } from './controls';

/*
 * The Recovery section: the runbooks that apply now, and each run as a checklist with live step
 * states, the evidence of its diagnose steps, what each act step does and the fault tolerance left
 * while it runs, the consent buttons of a step waiting here, and the log. Every string came from
 * servers, settings or runbooks: all of it is set with textContent.
 */

/** What the section's buttons ask the host for. */
export interface RecoveryActions {
  run(runbook: string, member: string | null): void;
  consent(run: string, step: string, yes: boolean): void;
  stop(run: string): void;
  save(run: string): void;
}

function el(tagName: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tagName);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const pad = (n: number): string => String(n).padStart(2, '0');
function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A mark per state, beside the state's word (never the only sign of it). */
const MARK: Readonly<Record<ChecklistState, string>> = {
  pending: '○',
  running: '◔',
  waiting: '?',
  done: '✓',
  failed: '✗',
  refused: '⊘',
  skipped: '–',
};

const STATE_WORD: Readonly<Record<ChecklistState, string>> = {
  pending: 'pending',
  running: 'running',
  waiting: 'waiting for consent',
  done: 'done',
  failed: 'failed',
  refused: 'refused',
  skipped: 'skipped',
};

function disable(...buttons: HTMLElement[]): void {
  for (const b of buttons) b.setAttribute('disabled', '');
}

function fact(list: HTMLElement, label: string, value: string, className = ''): void {
  list.append(el('dt', '', label), el('dd', className, value));
}

function offerItem(offer: RunbookOffer, busy: boolean, actions: RecoveryActions): HTMLElement {
  const li = el('li', 'offer');
  li.dataset.runbook = offer.runbook;
  li.append(el('div', 'offer-title', offer.title), el('div', 'offer-reason', offer.reason));
  if (offer.members.length > 0 || offer.alerts.length > 0) {
    const calls = [offer.alerts.length > 0 ? `firing: ${offer.alerts.join(', ')}` : null, ...offer.members].filter(Boolean).join(' · ');
    li.append(el('div', 'offer-alerts', calls));
  }
  if (offer.refusal) li.append(el('div', 'refusal', `Refused now: ${offer.refusal}`));
  const run = button('Run runbook', () => {
    disable(run);
    actions.run(offer.runbook, offer.members[0] ?? null);
  });
  run.classList.add('run-runbook');
  if (busy) {
    disable(run);
    run.title = 'A runbook is running on this cluster: one at a time.';
  }
  li.append(run);
  return li;
}

function consentBox(run: RunView, step: StepView, actions: RecoveryActions): HTMLElement {
  const consent = step.consent!;
  const box = el('div', 'consent');
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', consent.question);
  box.append(el('p', 'consent-question', consent.question));
  for (const paragraph of consent.detail) box.append(el('p', 'consent-detail', paragraph));
  const buttons = el('div', 'consent-buttons');
  const yes = button(consent.button, () => {
    disable(yes, no);
    actions.consent(run.id, step.id, true);
  });
  yes.classList.add('consent-yes');
  const no = button(
    "Don't: stop here",
    () => {
      disable(yes, no);
      actions.consent(run.id, step.id, false);
    },
    true,
  );
  no.classList.add('consent-no');
  buttons.append(yes, no);
  box.append(buttons);
  return box;
}

function stepItem(run: RunView, step: StepView, actions: RecoveryActions): HTMLElement {
  // Prefixed: bare state words (`waiting`, `pending`) are classes of other parts of the page.
  const li = el('li', `step state-${step.state}`);
  li.dataset.step = step.id;
  li.dataset.kind = step.kind;
  li.dataset.state = step.state;
  const head = el('div', 'step-head');
  const mark = el('span', 'step-mark', MARK[step.state]);
  mark.setAttribute('aria-hidden', 'true');
  head.append(mark, el('span', `step-kind ${step.kind}`, step.kind), el('span', 'step-title', step.title));
  const word = step.state === 'failed' || step.state === 'refused' ? `${STATE_WORD[step.state]} (${step.word})` : STATE_WORD[step.state];
  head.append(el('span', 'step-state', word));
  li.append(head);
  if (step.summary) li.append(el('div', 'step-summary', step.summary));
  if (step.act) {
    const facts = el('dl', 'step-facts');
    fact(facts, 'Does', step.act.does);
    if (step.act.command) fact(facts, 'Runs', `${step.act.command}  (on ${step.act.where})`, 'command');
    else fact(facts, 'By hand', `on ${step.act.where}: ${step.act.manual ?? 'see the runbook'}`);
    fact(facts, 'Fault tolerance', step.act.tolerance, 'tolerance');
    if (step.act.losesData) fact(facts, 'Backup', 'this step can lose data: a backup of / is written first and named in the log');
    li.append(facts);
  }
  if (step.expect) {
    const facts = el('dl', 'step-facts');
    fact(facts, 'Expects', step.expect);
    li.append(facts);
  }
  if (step.evidence.length > 0) {
    const evidence = el('ul', 'evidence');
    evidence.setAttribute('aria-label', `Evidence of ${step.title}`);
    for (const line of step.evidence) evidence.append(el('li', '', line));
    li.append(evidence);
  }
  if (step.consent) li.append(consentBox(run, step, actions));
  return li;
}

function runItem(run: RunView, openLogs: Set<string>, actions: RecoveryActions): HTMLElement {
  const box = el('div', `run status-${run.status ?? 'running'}`);
  box.dataset.run = run.id;
  box.dataset.runbook = run.runbook;
  box.dataset.status = run.status ?? 'running';
  const head = el('div', 'run-head');
  head.append(
    el('span', 'run-title', run.title),
    el('span', `badge run-status status-${run.status ?? 'running'}`, run.status ?? 'running'),
  );
  box.append(head);
  const changed = run.acted === 0 ? 'nothing was changed' : `${run.acted} action${run.acted === 1 ? '' : 's'} taken`;
  const when = `started ${clock(run.startedAt)}${run.endedAt ? `, ended ${clock(run.endedAt)} (${changed})` : ''}`;
  box.append(el('div', 'run-facts', [when, run.status === null ? run.now : null].filter(Boolean).join(' · ')));
  if (run.openedFor) box.append(el('div', 'run-facts', `Opened for ${run.openedFor}`));
  box.append(el('div', 'run-reason', run.reason));
  const waitsInDialog = run.status === null && run.consentIn === 'dialog' && run.steps.some((s) => s.state === 'waiting');
  if (waitsInDialog) box.append(el('p', 'notice', 'Waiting for your answer in the dialog the editor shows.'));

  const checklist = el('ol', 'checklist');
  for (const step of run.steps) checklist.append(stepItem(run, step, actions));
  box.append(checklist);

  const buttons = el('div', 'run-buttons');
  if (run.status === null) {
    const stop = button(
      'Stop',
      () => {
        disable(stop);
        actions.stop(run.id);
      },
      true,
    );
    stop.classList.add('stop-run');
    buttons.append(stop);
  }
  const save = button('Save log as Markdown…', () => actions.save(run.id), true);
  save.classList.add('save-log');
  buttons.append(save);
  box.append(buttons);

  const log = document.createElement('details');
  log.className = 'run-log';
  log.open = openLogs.has(run.id);
  log.addEventListener('toggle', () => (log.open ? openLogs.add(run.id) : openLogs.delete(run.id)));
  const lines = run.log.length + run.logOmitted;
  log.append(
    el(
      'summary',
      '',
      `Log (${lines} line${lines === 1 ? '' : 's'}${run.logOmitted ? `, the first ${run.logOmitted} in the saved log only` : ''})`,
    ),
  );
  const list = el('ol', 'log-lines');
  for (const line of run.log) {
    const li = el('li', `log-line ${line.kind}`);
    li.append(
      el('span', 'log-time', clock(line.at)),
      el('span', 'log-step', line.step ?? 'run'),
      el('span', 'log-kind', line.kind),
      el('span', 'log-text', line.text),
    );
    list.append(li);
  }
  log.append(list);
  box.append(log);
  return box;
}

/**
 * Draws the section. `openLogs` holds the runs whose log the user opened (kept across redraws); the
 * newest run's log starts open.
 */
export function renderRecovery(root: HTMLElement, view: RecoveryView | null, openLogs: Set<string>, actions: RecoveryActions): void {
  root.replaceChildren();
  if (!view) {
    root.append(el('p', 'empty', 'Guided recovery is not available for this cluster.'));
    return;
  }
  root.dataset.busy = String(view.busy);
  root.append(el('p', 'recovery-control', view.control));
  if (view.notice) {
    const notice = el('p', 'notice recovery-notice', view.notice);
    notice.setAttribute('role', 'status');
    root.append(notice);
  }
  const offers = el('div', 'recovery-offers');
  offers.append(el('h3', '', `Apply now (${view.offers.length})`));
  if (view.offers.length === 0) offers.append(el('p', 'empty', 'No runbook applies: the ensemble and its alerts call for none.'));
  else {
    const list = el('ul', 'offer-list');
    for (const offer of view.offers) list.append(offerItem(offer, view.busy, actions));
    offers.append(list);
  }
  root.append(offers);
  const runs = el('div', 'recovery-runs');
  runs.append(el('h3', '', `Runs (${view.runs.length})`));
  if (view.runs.length === 0) runs.append(el('p', 'empty', 'No runbook has run on this cluster in this window.'));
  const newest = view.runs[0];
  if (newest && !openLogs.has(`seen:${newest.id}`)) {
    openLogs.add(`seen:${newest.id}`);
    openLogs.add(newest.id);
  }
  for (const run of view.runs) runs.append(runItem(run, openLogs, actions));
  root.append(runs);
}
