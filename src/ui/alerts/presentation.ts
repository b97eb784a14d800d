/**
 * What the editor says about alerts: notification texts, the status bar count, the Ensemble view's
 * rows. No vscode import: the wording and the decisions are unit-tested in plain node; the
 * adapters map `tone` to message kinds, theme colours and icons.
 */
import { formatDuration, formatNumber } from '../../core/alerts/describe';
import type { ActiveAlert, AlertChange, RestartChange } from '../../core/alerts/clusterAlerts';
import type { AlertRule, Forecast, Severity } from '../../core/alerts/types';
import { valueText } from '../../core/alerts/valueText';

export { valueText };

/** How loud: the kind of notification, and the colour of counts and icons. */
export type Tone = 'error' | 'warning' | 'info';

export const TONE: Readonly<Record<Severity, Tone>> = { critical: 'error', warning: 'warning', info: 'info' };
const RANK: Readonly<Record<Severity, number>> = { critical: 2, warning: 1, info: 0 };

export const OPEN_RUNBOOK = 'Open Runbook';
export const OPEN_DASHBOARD = 'Open Dashboard';
export const MUTE_ONE_HOUR = 'Mute 1 h';
export const MUTE_MS = 3_600_000;

export interface NotificationView {
  readonly tone: Tone;
  readonly message: string;
  /** Button titles, in order. */
  readonly actions: readonly string[];
}

/** Clock time of day, for "since" texts (local time, as the rest of the editor shows it). */
export function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * The notification for an alert change, or undefined when there is none to show: only a firing
 * that began now and the resolve that ends one are told, never while muted or with notifications
 * off. Severity decides the kind. "Open Runbook" is offered only when a runbook can be opened.
 */
export function notificationFor(
  clusterName: string,
  change: AlertChange,
  runbookAvailable: boolean,
  enabled = true,
): NotificationView | undefined {
  if (!enabled || !change.news || change.mutedUntil !== null) return undefined;
  const e = change.event;
  if (e.state === 'firing') {
    const actions = [...(runbookAvailable ? [OPEN_RUNBOOK] : []), OPEN_DASHBOARD, MUTE_ONE_HOUR];
    return { tone: TONE[e.severity], message: `ZooKeeper ${clusterName}: ${e.summary}. ${e.action}`, actions };
  }
  if (e.state === 'resolved') {
    const lasted = change.firingSince !== null ? ` after ${formatDuration(Math.max(0, e.at - change.firingSince) / 1000)}` : '';
    return {
      tone: 'info',
      message: `ZooKeeper ${clusterName}: resolved${lasted}: ${e.title}${e.member ? ` (${e.member})` : ''}`,
      actions: [],
    };
  }
  return undefined;
}

/** A command run from a link in a notification's text (a notification the extension can close has no buttons). */
export interface NotificationLink {
  readonly title: string;
  readonly command: string;
  readonly args: readonly unknown[];
}

const TONE_WORD: Readonly<Record<Tone, string>> = { error: 'Critical', warning: 'Warning', info: 'Info' };

/** Server- and user-supplied text stays text: VS Code turns `[text](target)` in a notification into a link. */
export function inertText(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/** `[title](command:id?args)`, with the characters that would end the link's target escaped. */
export function commandLink(link: NotificationLink): string {
  const args = encodeURIComponent(JSON.stringify(link.args)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${link.title.replace(/[[\]]/g, '')}](command:${link.command}?${args})`;
}

/**
 * A firing alert's notification text: its severity in words (a progress notification shows no
 * icon), the message, then the actions as links.
 */
export function firingNotificationText(view: NotificationView, links: readonly NotificationLink[]): string {
  return `${TONE_WORD[view.tone]}: ${inertText(view.message)} ${links.map((l) => commandLink(l)).join(' · ')}`.trimEnd();
}

/** A restart no alert explained (it was never seen down): worth a quiet word. */
export function restartNotification(clusterName: string, restart: RestartChange, enabled = true): NotificationView | undefined {
  if (!enabled || restart.explained) return undefined;
  return {
    tone: 'info',
    message: `ZooKeeper ${clusterName}: ${restart.member} restarted (its uptime went down between two polls)`,
    actions: [OPEN_DASHBOARD],
  };
}

/** The worst severity among alerts, or undefined for none. */
export function worstSeverity(alerts: readonly { readonly rule: AlertRule }[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const a of alerts) if (worst === undefined || RANK[a.rule.severity] > RANK[worst]) worst = a.rule.severity;
  return worst;
}

export interface AlertCountView {
  /** e.g. `$(bell-dot) 2`. */
  readonly text: string;
  readonly tone: Tone;
  /** Plain text lines (the adapter escapes them for markdown). */
  readonly lines: readonly string[];
}

/**
 * The status bar's alert count: firing alerts that are not muted, coloured by the worst; undefined
 * when none fire (the item hides). Muted ones are named in the tooltip, not counted.
 */
export function alertCount(alerts: readonly ActiveAlert[]): AlertCountView | undefined {
  const firing = alerts.filter((a) => a.state === 'firing' && a.mutedUntil === null);
  if (firing.length === 0) return undefined;
  const muted = alerts.filter((a) => a.state === 'firing' && a.mutedUntil !== null).length;
  const worst = worstSeverity(firing)!;
  return {
    text: `$(bell-dot) ${firing.length}`,
    tone: TONE[worst],
    lines: [
      `${firing.length} alert${firing.length === 1 ? '' : 's'} firing${muted ? ` (and ${muted} muted)` : ''}`,
      ...firing.slice(0, 8).map((a) => `${a.rule.severity.toUpperCase()}: ${a.summary}`),
      ...(firing.length > 8 ? [`…and ${firing.length - 8} more`] : []),
    ],
  };
}

const STATE_WORD: Readonly<Record<ActiveAlert['state'], string>> = {
  firing: 'firing',
  pending: 'pending',
  nodata: 'no data',
  error: 'cannot evaluate',
};

export interface AlertRowView {
  readonly label: string;
  readonly description: string;
  readonly tone: Tone;
  readonly muted: boolean;
  /** Icon id: bell (firing), watch (pending), question (no data), error, bell-slash (muted). */
  readonly icon: string;
  /** Facts for the row's children: [label, value]. */
  readonly facts: readonly (readonly [string, string])[];
}

/** Since when, e.g. "firing since 12:03:04 (5 min)". */
function sinceText(alert: ActiveAlert, now: number): string {
  const start = alert.state === 'firing' || alert.state === 'nodata' ? (alert.firingSince ?? alert.since) : alert.since;
  const word = alert.state === 'nodata' && alert.firingSince !== null ? 'firing' : STATE_WORD[alert.state];
  return `${word} since ${clock(start)} (${formatDuration(Math.max(0, now - start) / 1000)})`;
}

/** One alert's row in the Ensemble view; `runbookNote` says whether its runbook can be opened. */
export function alertRow(alert: ActiveAlert, now: number, runbookNote: string): AlertRowView {
  const muted = alert.mutedUntil !== null;
  const value = valueText(alert.rule, alert.value);
  const since = sinceText(alert, now);
  const description = [alert.member ?? 'ensemble', value, since, muted ? `muted until ${clock(alert.mutedUntil)}` : null]
    .filter(Boolean)
    .join(' · ');
  const icon = muted
    ? 'bell-slash'
    : alert.state === 'firing'
      ? 'bell'
      : alert.state === 'pending'
        ? 'watch'
        : alert.state === 'nodata'
          ? 'question'
          : 'error';
  const facts: [string, string][] = [
    ['state', `${STATE_WORD[alert.state]}${muted ? ` (muted until ${clock(alert.mutedUntil)})` : ''}`],
    ['member', alert.member ?? 'the ensemble'],
    ['value', value ?? (alert.value === null ? '–' : formatNumber(alert.value))],
    ['since', since],
    ['severity', alert.rule.severity],
    ['runbook', `${alert.rule.runbook} (${runbookNote})`],
    ['what to do', alert.rule.action],
  ];
  return { label: alert.rule.title, description, tone: alert.state === 'pending' ? 'info' : TONE[alert.rule.severity], muted, icon, facts };
}

/** A forecast's row: where it goes and when, e.g. "127.0.0.1:2181 · 212 of 256 · likely 40 min, at worst 25 min". */
export function forecastRow(forecast: Forecast, title: string): { label: string; description: string; tooltip: string } {
  const eta = `likely ${formatDuration(forecast.etaSeconds.likely)}, at worst ${formatDuration(forecast.etaSeconds.pessimistic)}`;
  const description = `${forecast.member} · ${formatNumber(forecast.value)} of ${formatNumber(forecast.limit)} · ${eta}`;
  return {
    label: `Forecast: ${title}`,
    description,
    tooltip:
      `${title}: ${forecast.metric} on ${forecast.member} is at ${formatNumber(forecast.value)} and ` +
      `reaches its limit ${formatNumber(forecast.limit)} in ${eta} (computed ${clock(forecast.at)}).`,
  };
}

/** The Alerts node's description, e.g. "2 firing · 1 pending · 1 forecast", or "none". */
export function alertsSummary(alerts: readonly ActiveAlert[], forecasts: number): string {
  const count = (s: ActiveAlert['state']): number => alerts.filter((a) => a.state === s).length;
  const muted = alerts.filter((a) => a.mutedUntil !== null).length;
  const parts = [
    count('firing') ? `${count('firing')} firing` : null,
    count('pending') ? `${count('pending')} pending` : null,
    count('nodata') ? `${count('nodata')} no data` : null,
    count('error') ? `${count('error')} cannot evaluate` : null,
    muted ? `${muted} muted` : null,
    forecasts ? `${forecasts} forecast${forecasts === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

/** Firing first, then no data, pending, errors; within each, the worst severity first. */
export function sortAlerts(alerts: readonly ActiveAlert[]): ActiveAlert[] {
  const order: Record<ActiveAlert['state'], number> = { firing: 0, nodata: 1, pending: 2, error: 3 };
  return [...alerts].sort(
    (a, b) =>
      order[a.state] - order[b.state] ||
      RANK[b.rule.severity] - RANK[a.rule.severity] ||
      a.rule.id.localeCompare(b.rule.id) ||
      (a.member ?? '').localeCompare(b.member ?? ''),
  );
}
