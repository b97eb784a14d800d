import { AlertEvent } from '../types';

/** Default webhook text: Slack and Teams both show a `text` field; `*…*` is bold in Slack. */
export const DEFAULT_WEBHOOK_TEMPLATE = '[{{STATE}}] {{severity}} {{cluster}}: {{summary}}';

type Field = 'state' | 'STATE' | 'severity' | 'rule' | 'title' | 'member' | 'value' | 'at' | 'summary' | 'cluster' | 'runbook' | 'action';

/** Fills `{{field}}` placeholders; unknown placeholders stay as written. Values are plain text. */
export function renderTemplate(template: string, event: AlertEvent, cluster: string): string {
  const values: Record<Field, string> = {
    state: event.state,
    STATE: event.state.toUpperCase(),
    severity: event.severity,
    rule: event.rule,
    title: event.title,
    member: event.member ?? 'ensemble',
    value: event.value === null ? '' : String(event.value),
    at: new Date(event.at).toISOString(),
    summary: event.summary,
    cluster,
    runbook: event.runbook,
    action: event.action,
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole));
}

/**
 * The webhook body: `text` for Slack/Teams-compatible receivers, and the alert itself for
 * machines (`alert` has the fields of `zkops monitor --json`, plus title, runbook and action).
 */
export function webhookBody(event: AlertEvent, cluster: string, template = DEFAULT_WEBHOOK_TEMPLATE): string {
  return JSON.stringify({
    text: renderTemplate(template, event, cluster),
    cluster,
    alert: {
      type: 'alert',
      state: event.state,
      rule: event.rule,
      severity: event.severity,
      member: event.member,
      value: event.value,
      at: new Date(event.at).toISOString(),
      summary: event.summary,
      title: event.title,
      runbook: event.runbook,
      action: event.action,
    },
  });
}

/** Alertmanager's v2 alert (POST /api/v2/alerts takes an array of these). */
export interface AlertmanagerAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt?: string;
}

/** The labels one of our alerts carries in Alertmanager (a silence of it matches exactly these). */
export function alertmanagerLabels(rule: string, member: string | null, cluster: string, severity: string): Record<string, string> {
  return { alertname: rule, cluster, member: member ?? 'ensemble', severity };
}

/**
 * One alert for Alertmanager: labels alertname (the rule id), cluster, member (host:port, or
 * "ensemble"), severity; `endsAt` set when it resolved. `startsAt` is when it began firing, so a
 * re-send is the same alert to Alertmanager.
 */
export function alertmanagerAlert(event: AlertEvent, cluster: string, firingSince: number): AlertmanagerAlert {
  const alert: AlertmanagerAlert = {
    labels: alertmanagerLabels(event.rule, event.member, cluster, event.severity),
    annotations: { summary: event.summary, description: event.action, runbook: event.runbook },
    startsAt: new Date(firingSince).toISOString(),
  };
  return event.state === 'resolved' ? { ...alert, endsAt: new Date(event.at).toISOString() } : alert;
}
