import type { TeamAlertItem, TeamAlertsView, TeamRuleItem, TeamSilenceItem } from '../../shared/teamAlerts';
import { clock } from '../alerts/presentation';

/*
 * The texts of the team's alerts, rules and silences in the Ensemble view, without `vscode` (unit
 * tested). Every string from a server stays plain text.
 */

export type TeamTone = 'error' | 'warning' | 'info' | 'muted';

export interface TeamRowView {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly tone: TeamTone;
  readonly icon: string;
}

const ORIGIN = { prometheus: 'Prometheus', alertmanager: 'Alertmanager' } as const;

/** "from Prometheus + Alertmanager". */
export function originText(from: TeamAlertItem['from']): string {
  return `from ${from.map((f) => ORIGIN[f]).join(' + ')}`;
}

function ago(since: number, now: number): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Number((s / 3600).toFixed(1))} h`;
}

function toneOf(a: TeamAlertItem): TeamTone {
  if (a.state === 'silenced' || a.state === 'inhibited') return 'muted';
  if (a.severity === 'critical') return 'error';
  if (a.severity === 'warning') return 'warning';
  return 'info';
}

/** One alert of the team's: `member-down (Prometheus)`, `127.0.0.1:2182 · firing 3 min · from Prometheus + Alertmanager`. */
export function teamAlertRow(a: TeamAlertItem, now: number): TeamRowView {
  const state = a.since === null ? a.state : `${a.state} ${ago(a.since, now)}`;
  const description = [a.member, state, originText(a.from)].filter((x): x is string => !!x).join(' · ');
  const labels = Object.entries(a.labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  const tooltip = [
    a.summary,
    `${a.name}: ${state}${a.since === null ? '' : ` (since ${clock(a.since)})`}`,
    a.silencedBy.length > 0 ? `silenced by ${a.silencedBy.join(', ')}` : null,
    `labels: ${labels}`,
  ]
    .filter((x): x is string => !!x)
    .join('\n\n');
  const tone = toneOf(a);
  const icon = tone === 'muted' ? 'bell-slash' : a.state === 'pending' ? 'clock' : tone === 'info' ? 'info' : tone;
  return { label: a.name, description, tooltip, tone, icon };
}

export function ruleRow(r: TeamRuleItem): TeamRowView {
  const state = r.state === 'inactive' ? 'inactive' : `${r.state}${r.firing > 1 ? ` on ${r.firing}` : ''}`;
  const description = [state, r.health === 'ok' ? null : `health ${r.health}`, r.forSeconds > 0 ? `for ${r.forSeconds} s` : null]
    .filter((x): x is string => !!x)
    .join(' · ');
  const tooltip = [`${r.name} (group ${r.group})`, r.query, r.lastError ? `error: ${r.lastError}` : null]
    .filter((x): x is string => !!x)
    .join('\n\n');
  const tone: TeamTone = r.health === 'err' ? 'error' : r.state === 'firing' ? (r.severity === 'critical' ? 'error' : 'warning') : 'info';
  const icon = r.health === 'err' ? 'error' : r.state === 'firing' ? 'flame' : r.state === 'pending' ? 'clock' : 'pass';
  return { label: r.name, description, tooltip, tone, icon };
}

export function silenceRow(s: TeamSilenceItem): TeamRowView {
  return {
    label: s.matchers,
    description: `${s.state} until ${clock(s.endsAt)} · by ${s.createdBy}`,
    tooltip: [`Silence ${s.id}`, s.matchers, `${clock(s.startsAt)}–${clock(s.endsAt)}, by ${s.createdBy}`, s.comment]
      .filter(Boolean)
      .join('\n\n'),
    tone: 'muted',
    icon: 'bell-slash',
  };
}

/** The Rules node's description: `2 firing · 28 rules`. */
export function rulesSummary(rules: readonly TeamRuleItem[]): string {
  const firing = rules.filter((r) => r.state === 'firing').length;
  const broken = rules.filter((r) => r.health === 'err').length;
  return [
    firing > 0 ? `${firing} firing` : null,
    broken > 0 ? `${broken} broken` : null,
    `${rules.length} rule${rules.length === 1 ? '' : 's'}`,
  ]
    .filter((x): x is string => !!x)
    .join(' · ');
}

/** The errors of the team's servers, one line each: "Prometheus 127.0.0.1:9090: …". */
export function teamErrors(view: TeamAlertsView): string[] {
  return [view.prometheus, view.alertmanager].flatMap((s) => (s?.error ? [`${s.label}: ${s.error}`] : []));
}
