import type { AlertItem, AlertsView } from '../src/shared/dashboardProtocol';

/*
 * The alert list: firing, pending (and no data), forecasts with their ETA, and the history. Every
 * string came from rules, settings or servers: all of it is set with textContent.
 */

function el(tagName: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tagName);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const pad = (n: number): string => String(n).padStart(2, '0');
function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "45 s", "12 min", "3.5 h", "2.1 d". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Number((seconds / 3600).toPrecision(2))} h`;
  return `${Number((seconds / 86400).toPrecision(2))} d`;
}

const STATE_WORD: Record<AlertItem['state'], string> = {
  firing: 'firing',
  pending: 'pending',
  nodata: 'no data',
  error: 'cannot evaluate',
};

/** The "Open runbook" control of an alert, or null when recovery has no runbook for it. */
export type RunbookAction = (alert: AlertItem) => HTMLElement | null;

function alertRow(a: AlertItem, now: number, runbookAction: RunbookAction): HTMLElement {
  const row = el('li', `alert ${a.severity}${a.mutedUntil !== null ? ' muted' : ''}`);
  row.dataset.rule = a.rule;
  row.dataset.state = a.state;
  row.dataset.member = a.member ?? '';
  const head = el('div', 'alert-head');
  head.append(el('span', `badge ${a.severity}`, a.severity), el('span', 'alert-title', a.title));
  if (a.mutedUntil !== null) head.append(el('span', 'muted-tag', `muted until ${clock(a.mutedUntil)}`));
  const facts = [
    a.member ?? 'ensemble',
    a.value,
    `${STATE_WORD[a.state]} since ${clock(a.since)} (${duration(Math.max(0, now - a.since) / 1000)})`,
  ].filter((x): x is string => !!x);
  row.append(head, el('div', 'alert-facts', facts.join(' · ')), el('div', 'alert-action', `What to do: ${a.action}`));
  const action = runbookAction(a);
  const runbook = el('div', 'alert-runbook', `Runbook: ${a.runbook}${action ? '' : ' (no guided runbook: see what to do)'}`);
  if (action) runbook.append(action);
  row.append(runbook);
  return row;
}

function group(title: string, id: string, items: HTMLElement[], empty: string): HTMLElement {
  const box = el('div', 'alert-group');
  box.dataset.group = id;
  box.append(el('h3', '', `${title} (${items.length})`));
  if (items.length === 0) box.append(el('p', 'empty', empty));
  else {
    const list = el('ul', 'alert-list');
    list.append(...items);
    box.append(list);
  }
  return box;
}

export function renderAlerts(root: HTMLElement, view: AlertsView | null, now: number, runbookAction: RunbookAction = () => null): void {
  root.replaceChildren();
  if (!view) {
    root.append(el('p', 'empty', 'No alert service for this cluster.'));
    return;
  }
  const firing = view.active.filter((a) => a.state === 'firing' || a.state === 'nodata');
  const pending = view.active.filter((a) => a.state === 'pending' || a.state === 'error');
  const forecasts = view.forecasts.map((f) => {
    const row = el('li', 'forecast');
    row.dataset.rule = f.rule;
    row.dataset.member = f.member;
    row.append(
      el('div', 'alert-title', f.title),
      el(
        'div',
        'alert-facts',
        `${f.member} · ${f.metric} ${Number(f.value.toPrecision(3))} of ${f.limit} · likely in ${duration(f.likelySeconds)}, at worst ${duration(f.pessimisticSeconds)}`,
      ),
    );
    return row;
  });
  const history = view.history.map((h) => {
    const row = el('li', `history ${h.state}`);
    row.dataset.rule = h.rule;
    row.dataset.state = h.state;
    row.append(
      el('span', 'history-time', clock(h.at)),
      el('span', `badge ${h.state === 'resolved' ? 'resolved' : h.severity}`, h.state),
      el('span', 'history-text', h.summary),
    );
    return row;
  });
  root.dataset.firing = String(firing.length);
  root.dataset.pending = String(pending.length);
  root.append(
    group(
      'Firing',
      'firing',
      firing.map((a) => alertRow(a, now, runbookAction)),
      'Nothing is firing.',
    ),
    group(
      'Pending',
      'pending',
      pending.map((a) => alertRow(a, now, runbookAction)),
      'Nothing is pending.',
    ),
    group('Forecasts', 'forecasts', forecasts, 'No limit is forecast to be reached.'),
    group('History', 'history', history, 'No alert has fired yet.'),
  );
}
