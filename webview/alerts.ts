import type { AlertItem, AlertsView, SilenceTarget } from '../src/shared/dashboardProtocol';
import type { TeamAlertItem, TeamAlertsView } from '../src/shared/teamAlerts';
import { button } from './controls';

/*
 * The alert list: firing, pending (and no data), forecasts with their ETA, and the history; then
 * the team's: Prometheus's and Alertmanager's alerts for this cluster, their silences and
 * Prometheus's alerting rules. "Silence 1 h" asks the host to create an Alertmanager silence. Every
 * string came from rules, settings or servers: all of it is set with textContent.
 */

type OnSilence = (target: SilenceTarget) => void;

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

function alertRow(a: AlertItem, now: number, runbookAction: RunbookAction, onSilence: OnSilence | null): HTMLElement {
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
  if (onSilence) row.append(silenceButton(() => onSilence({ kind: 'ours', rule: a.rule, member: a.member })));
  return row;
}

function silenceButton(onClick: () => void): HTMLElement {
  const b = button('Silence 1 h', onClick, true);
  b.classList.add('silence');
  return b;
}

const ORIGIN: Record<TeamAlertItem['from'][number], string> = { prometheus: 'Prometheus', alertmanager: 'Alertmanager' };

function teamRow(a: TeamAlertItem, now: number, onSilence: OnSilence | null): HTMLElement {
  const severity = a.severity === 'critical' || a.severity === 'warning' || a.severity === 'info' ? a.severity : 'info';
  const row = el('li', `alert team ${severity}${a.state === 'silenced' ? ' muted' : ''}`);
  row.dataset.rule = a.name;
  row.dataset.state = a.state;
  row.dataset.member = a.member ?? '';
  row.dataset.from = a.from.join(' ');
  const head = el('div', 'alert-head');
  head.append(
    el('span', `badge ${severity}`, a.severity ?? 'alert'),
    el('span', 'alert-title', a.name),
    el('span', 'origin-tag', `from ${a.from.map((f) => ORIGIN[f]).join(' + ')}`),
  );
  const facts = [
    a.member ?? null,
    a.since === null ? a.state : `${a.state} since ${clock(a.since)} (${duration(Math.max(0, now - a.since) / 1000)})`,
  ].filter((x): x is string => !!x);
  row.append(head, el('div', 'alert-facts', facts.join(' · ')));
  if (a.summary) row.append(el('div', 'alert-action', a.summary));
  if (onSilence && a.state !== 'silenced') row.append(silenceButton(() => onSilence({ kind: 'team', key: a.key })));
  return row;
}

function teamGroups(team: TeamAlertsView, now: number, onSilence: OnSilence | null): HTMLElement[] {
  const status = el('div', 'team-status');
  for (const source of [team.prometheus, team.alertmanager]) {
    if (!source) continue;
    status.append(
      el('p', source.error ? 'team-error' : 'team-source', source.error ? `${source.label}: ${source.error}` : `${source.label}: read`),
    );
  }
  const rules = team.rules.map((r) => {
    const row = el('li', `team-rule ${r.state}`);
    row.dataset.rule = r.name;
    row.dataset.state = r.state;
    const text = [
      `${r.name}: ${r.state}${r.firing > 1 ? ` (${r.firing})` : ''}`,
      r.health === 'ok' ? null : `health ${r.health}`,
      r.lastError,
    ]
      .filter((x): x is string => !!x)
      .join(' · ');
    row.append(el('span', 'history-text', text));
    return row;
  });
  const silences = team.silences.map((sl) => {
    const row = el('li', 'silence');
    row.dataset.id = sl.id;
    row.append(
      el('div', 'alert-title', sl.matchers),
      el('div', 'alert-facts', `until ${clock(sl.endsAt)} · by ${sl.createdBy}${sl.comment ? ` · ${sl.comment}` : ''}`),
    );
    return row;
  });
  const box = el('div', 'team');
  box.dataset.group = 'team';
  box.append(
    status,
    group(
      'From Prometheus and Alertmanager',
      'team-alerts',
      team.alerts.map((a) => teamRow(a, now, onSilence)),
      'Nothing of this cluster is active there.',
    ),
    group('Silences', 'silences', silences, 'No silence holds an alert of this cluster.'),
    group(
      'Prometheus alerting rules',
      'team-rules',
      rules,
      team.prometheus ? 'No alerting rule loaded.' : 'No Prometheus set for this cluster.',
    ),
  );
  return [box];
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

export function renderAlerts(
  root: HTMLElement,
  view: AlertsView | null,
  now: number,
  onSilence: OnSilence,
  runbookAction: RunbookAction = () => null,
): void {
  root.replaceChildren();
  if (!view) {
    root.append(el('p', 'empty', 'No alert service for this cluster.'));
    return;
  }
  // Silences need the cluster's Alertmanager.
  const silence = view.team?.alertmanager ? onSilence : null;
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
      firing.map((a) => alertRow(a, now, runbookAction, silence)),
      'Nothing is firing.',
    ),
    group(
      'Pending',
      'pending',
      pending.map((a) => alertRow(a, now, runbookAction, null)),
      'Nothing is pending.',
    ),
    group('Forecasts', 'forecasts', forecasts, 'No limit is forecast to be reached.'),
    group('History', 'history', history, 'No alert has fired yet.'),
    ...(view.team ? teamGroups(view.team, now, silence) : []),
  );
}
