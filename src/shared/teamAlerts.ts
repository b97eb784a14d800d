/*
 * A cluster's alerts as the team's own servers see them: Prometheus's alerting rules and alerts,
 * Alertmanager's alerts and silences, already narrowed to the cluster. Shown beside our own alerts
 * in the Ensemble view and the dashboard. Every string came from a server: shown as text only.
 */

/** Where an alert was seen. */
export type TeamOrigin = 'prometheus' | 'alertmanager';

export interface TeamAlertItem {
  /** Stable id: the alert's labels, sorted (the same alert from both servers shares it). */
  readonly key: string;
  /** `alertname`. */
  readonly name: string;
  readonly from: readonly TeamOrigin[];
  /** pending/firing (Prometheus), active, silenced or inhibited (Alertmanager). */
  readonly state: 'pending' | 'firing' | 'active' | 'silenced' | 'inhibited';
  readonly severity: string | null;
  readonly member: string | null;
  readonly labels: Readonly<Record<string, string>>;
  /** The `summary` (else `description`) annotation. */
  readonly summary: string | null;
  /** Epoch ms it became active, when known. */
  readonly since: number | null;
  /** Ids of the silences that hold it. */
  readonly silencedBy: readonly string[];
}

export interface TeamRuleItem {
  readonly name: string;
  readonly group: string;
  /** For this cluster: firing or pending when one of its alerts is, else inactive. */
  readonly state: 'firing' | 'pending' | 'inactive';
  /** Prometheus's evaluation health: ok, err or unknown. */
  readonly health: string;
  readonly lastError: string | null;
  readonly forSeconds: number;
  readonly severity: string | null;
  readonly query: string;
  /** This cluster's alerts of the rule that fire. */
  readonly firing: number;
}

export interface TeamSilenceItem {
  readonly id: string;
  /** The matchers as PromQL-like text: `alertname="member-down", member="…"`. */
  readonly matchers: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  /** active or pending. */
  readonly state: string;
}

/** One team server: its label ("Prometheus 127.0.0.1:9090") and the error of its last read, if any. */
export interface TeamSourceStatus {
  readonly label: string;
  readonly error: string | null;
}

export interface TeamAlertsView {
  /** null: no `prometheus` set on the cluster. */
  readonly prometheus: TeamSourceStatus | null;
  /** null: no `alertmanager` set on the cluster. */
  readonly alertmanager: TeamSourceStatus | null;
  readonly alerts: readonly TeamAlertItem[];
  readonly rules: readonly TeamRuleItem[];
  readonly silences: readonly TeamSilenceItem[];
  /** Epoch ms of the last read; null before the first. */
  readonly fetchedAt: number | null;
}

/** The key of an alert: its labels sorted by name. */
export function teamAlertKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}
