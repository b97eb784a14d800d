import type { TeamAlertItem, TeamAlertsView, TeamRuleItem, TeamSilenceItem } from '../../shared/teamAlerts';
import { teamAlertKey } from '../../shared/teamAlerts';
import type { AlertmanagerClient, AmAlert, AmSilence, SilenceMatcher } from './alertmanager';
import type { PromAlert, PromRuleGroup, PrometheusClient } from './client';
import { ClusterScope, belongsToCluster, targetKey, targetsQuery } from './clusterScope';
import { LabelMatcher, matchesLabels } from './matchers';

/*
 * One read of a cluster's alerts from the team's servers: Prometheus's alerts and alerting rules,
 * Alertmanager's alerts and silences, narrowed to the cluster (./clusterScope.ts) and merged (an
 * alert Prometheus sent to Alertmanager is one row, marked as seen by both). A server that fails
 * leaves its error in the view; the other's part still shows.
 */

/** Rows kept at most per list: the view is a glance, not an archive. */
export const MAX_TEAM_ALERTS = 200;
export const MAX_TEAM_RULES = 300;
export const MAX_TEAM_SILENCES = 100;

export interface TeamServers {
  readonly prometheus?: PrometheusClient;
  readonly alertmanager?: AlertmanagerClient;
  readonly scope: ClusterScope;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const summaryOf = (annotations: Readonly<Record<string, string>>): string | null =>
  annotations['summary'] ?? annotations['description'] ?? null;

function fromPrometheus(a: PromAlert): TeamAlertItem {
  const since = a.activeAt === null ? Number.NaN : Date.parse(a.activeAt);
  return {
    key: teamAlertKey(a.labels),
    name: a.labels['alertname'] ?? '(no alertname)',
    from: ['prometheus'],
    state: a.state === 'firing' ? 'firing' : 'pending',
    severity: a.labels['severity'] ?? null,
    member: a.labels['member'] ?? null,
    labels: a.labels,
    summary: summaryOf(a.annotations),
    since: Number.isNaN(since) ? null : since,
    silencedBy: [],
  };
}

function amState(a: AmAlert): TeamAlertItem['state'] {
  if (a.silencedBy.length > 0) return 'silenced';
  if (a.inhibitedBy.length > 0) return 'inhibited';
  return 'active';
}

/** Merges Alertmanager's view of an alert into Prometheus's (or makes a row of its own). */
function mergeAlertmanager(rows: Map<string, TeamAlertItem>, a: AmAlert): void {
  const key = teamAlertKey(a.labels);
  const seen = rows.get(key);
  const state = amState(a);
  if (seen) {
    rows.set(key, {
      ...seen,
      from: ['prometheus', 'alertmanager'],
      // Prometheus says whether it fires; Alertmanager whether it is held back.
      state: state === 'active' ? seen.state : state,
      silencedBy: a.silencedBy,
      summary: seen.summary ?? summaryOf(a.annotations),
    });
    return;
  }
  rows.set(key, {
    key,
    name: a.labels['alertname'] ?? '(no alertname)',
    from: ['alertmanager'],
    state,
    severity: a.labels['severity'] ?? null,
    member: a.labels['member'] ?? null,
    labels: a.labels,
    summary: summaryOf(a.annotations),
    since: a.startsAt,
    silencedBy: a.silencedBy,
  });
}

function rulesOf(groups: readonly PromRuleGroup[], mine: (labels: Readonly<Record<string, string>>) => boolean): TeamRuleItem[] {
  const rules: TeamRuleItem[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      if (rule.type !== 'alerting') continue;
      const alerts = rule.alerts.filter((a) => mine(a.labels));
      const firing = alerts.filter((a) => a.state === 'firing').length;
      rules.push({
        name: rule.name,
        group: group.name,
        state: firing > 0 ? 'firing' : alerts.some((a) => a.state === 'pending') ? 'pending' : 'inactive',
        health: rule.health,
        lastError: rule.lastError,
        forSeconds: rule.forSeconds,
        severity: rule.labels['severity'] ?? null,
        query: rule.query,
        firing,
      });
    }
  }
  const order = { firing: 0, pending: 1, inactive: 2 };
  return rules.sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name)).slice(0, MAX_TEAM_RULES);
}

/** A silence's matcher as a label matcher (Alertmanager's regexes are anchored too). */
export function toLabelMatcher(m: SilenceMatcher): LabelMatcher {
  return { name: m.name, op: m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=', value: m.value };
}

/** The matchers of a silence as text: `alertname="member-down", member="…"`. */
export function matchersText(matchers: readonly SilenceMatcher[]): string {
  return matchers
    .map(toLabelMatcher)
    .map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`)
    .join(', ');
}

/** Whether a silence is about this cluster: it holds one of its alerts, or names its cluster or a member. */
function concernsCluster(s: AmSilence, scope: ClusterScope, alerts: readonly TeamAlertItem[]): boolean {
  const matchers = s.matchers.map(toLabelMatcher);
  if (alerts.some((a) => matchesLabels(matchers, a.labels))) return true;
  return matchers.some(
    (m) =>
      m.op === '=' && ((m.name === 'cluster' && m.value === scope.clusterName) || (m.name === 'member' && scope.members.includes(m.value))),
  );
}

/** Reads both servers at once; each one's failure is its own error in the view. */
export async function readTeamAlerts(servers: TeamServers, signal?: AbortSignal, now = Date.now()): Promise<TeamAlertsView> {
  const { prometheus, alertmanager, scope } = servers;
  const [promAlerts, promRules, promTargets, amAlerts, amSilences] = await Promise.allSettled([
    prometheus ? prometheus.alerts(signal) : Promise.resolve([]),
    prometheus ? prometheus.rules(signal) : Promise.resolve([]),
    prometheus && !scope.explicit ? prometheus.query(targetsQuery(scope), undefined, signal) : Promise.resolve([]),
    alertmanager ? alertmanager.alerts(signal) : Promise.resolve([]),
    alertmanager ? alertmanager.silences(signal) : Promise.resolve([]),
  ]);
  const promError = [promAlerts, promRules, promTargets].find((r) => r.status === 'rejected');
  const amError = [amAlerts, amSilences].find((r) => r.status === 'rejected');
  const targets = new Set(promTargets.status === 'fulfilled' ? promTargets.value.map((s) => targetKey(s.labels)) : []);
  const mine = (labels: Readonly<Record<string, string>>): boolean => belongsToCluster(scope, labels, targets);

  const rows = new Map<string, TeamAlertItem>();
  if (promAlerts.status === 'fulfilled')
    for (const a of promAlerts.value) if (a.state !== 'inactive' && mine(a.labels)) rows.set(teamAlertKey(a.labels), fromPrometheus(a));
  if (amAlerts.status === 'fulfilled') for (const a of amAlerts.value) if (mine(a.labels)) mergeAlertmanager(rows, a);
  const stateOrder = { firing: 0, active: 1, pending: 2, inhibited: 3, silenced: 4 };
  const alerts = [...rows.values()]
    .sort((a, b) => stateOrder[a.state] - stateOrder[b.state] || a.name.localeCompare(b.name) || a.key.localeCompare(b.key))
    .slice(0, MAX_TEAM_ALERTS);

  const silences: TeamSilenceItem[] =
    amSilences.status === 'fulfilled'
      ? amSilences.value
          .filter((s) => (s.state === 'active' || s.state === 'pending') && s.endsAt > now && concernsCluster(s, scope, alerts))
          .sort((a, b) => a.endsAt - b.endsAt)
          .slice(0, MAX_TEAM_SILENCES)
          .map((s) => ({
            id: s.id,
            matchers: matchersText(s.matchers),
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            createdBy: s.createdBy,
            comment: s.comment,
            state: s.state,
          }))
      : [];

  return {
    prometheus: prometheus
      ? { label: `Prometheus ${prometheus.host}`, error: promError?.status === 'rejected' ? message(promError.reason) : null }
      : null,
    alertmanager: alertmanager
      ? { label: `Alertmanager ${alertmanager.host}`, error: amError?.status === 'rejected' ? message(amError.reason) : null }
      : null,
    alerts,
    rules: promRules.status === 'fulfilled' ? rulesOf(promRules.value, mine) : [],
    silences,
    fetchedAt: now,
  };
}

/** Exact matchers for every label of an alert: a silence of that alert and nothing else. */
export function silenceMatchersOf(labels: Readonly<Record<string, string>>): SilenceMatcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name]!, isRegex: false, isEqual: true }));
}
