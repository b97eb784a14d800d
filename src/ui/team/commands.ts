import * as os from 'node:os';
import * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import { alertmanagerLabels } from '../../core/alerts/receivers/payloads';
import type { HttpAuth } from '../../core/prometheus/http';
import type { TeamService } from '../../core/prometheus/settings';
import type { ClusterRegistry } from '../clusters';
import type { Command } from '../commands/command';
import { clock } from '../alerts/presentation';
import type { TeamAlertsHub } from './teamAlertsHub';
import { label } from '../health/presentation';

/** A silence from the editor lasts this long. */
export const SILENCE_MINUTES = 60;

/** Who a silence says made it: the OS user, through this extension. */
function createdBy(): string {
  try {
    return `${os.userInfo().username} (ZooKeeper Ops)`;
  } catch {
    return 'ZooKeeper Ops';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLabels = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * "Silence 1 h": a real Alertmanager silence of one alert, ours or the team's. The argument is a
 * row of the Ensemble view or the dashboard's request: `{clusterId, labels}` (the team's alert),
 * `{clusterId, key}` (the team's alert by its key) or `{clusterId, rule, member}` (ours, silenced
 * by the labels our Alertmanager receiver gives it). Resolves with the silence's id and end.
 */
export class SilenceAlertCommand implements Command {
  static readonly id = 'zookeeper.alerts.silence';
  readonly id = SilenceAlertCommand.id;
  constructor(
    private readonly hub: TeamAlertsHub,
    private readonly alerts: AlertService,
    private readonly registry: ClusterRegistry,
  ) {}

  async run(arg?: unknown): Promise<{ id: string; endsAt: number } | undefined> {
    const a = isRecord(arg) ? arg : {};
    const clusterId = typeof a['clusterId'] === 'string' ? a['clusterId'] : undefined;
    const cluster = clusterId === undefined ? undefined : this.registry.get(clusterId);
    const team = cluster && this.hub.get(cluster.id);
    if (!cluster || !team) throw new Error('Silence: pick an alert in the Ensemble view or the dashboard.');
    if (!cluster.alertmanager)
      throw new Error(`${cluster.name} has no Alertmanager: add "alertmanager": {"url": …} to it in zookeeper.clusters.`);
    let labels: Readonly<Record<string, string>> | undefined;
    if (isLabels(a['labels'])) labels = a['labels'];
    else if (typeof a['key'] === 'string') labels = team.view()?.alerts.find((x) => x.key === a['key'])?.labels;
    else if (typeof a['rule'] === 'string') {
      const rule = this.alerts.get(cluster.id)?.rules.find((r) => r.id === a['rule']);
      if (rule) labels = alertmanagerLabels(rule.id, typeof a['member'] === 'string' ? a['member'] : null, cluster.name, rule.severity);
    }
    if (!labels || Object.keys(labels).length === 0)
      throw new Error('Silence: that alert is gone (it resolved, or the list was read again).');
    const name = labels['alertname'] ?? 'alert';
    const where = labels['member'] ? ` on ${labels['member']}` : '';
    const made = await team.silence(
      labels,
      SILENCE_MINUTES,
      createdBy(),
      `Silenced for 1 h from VS Code: ${name}${where} (${cluster.name})`,
    );
    void vscode.window.setStatusBarMessage(`ZooKeeper: ${name}${where} silenced in Alertmanager until ${clock(made.endsAt)}`, 5000);
    return made;
  }
}

/** "Expire Silence": ends an Alertmanager silence now, after a confirmation (alerts it held notify again). */
export class ExpireSilenceCommand implements Command {
  static readonly id = 'zookeeper.alerts.expireSilence';
  readonly id = ExpireSilenceCommand.id;
  constructor(private readonly hub: TeamAlertsHub) {}

  async run(arg?: unknown): Promise<boolean> {
    const a = isRecord(arg) ? arg : {};
    const team = typeof a['clusterId'] === 'string' ? this.hub.get(a['clusterId']) : undefined;
    const id = typeof a['silenceId'] === 'string' ? a['silenceId'] : undefined;
    if (!team || !id) throw new Error("Expire Silence: pick a silence under the Ensemble view's Alerts.");
    const silence = team.view()?.silences.find((s) => s.id === id);
    if (a['confirmed'] !== true) {
      const sure = await vscode.window.showWarningMessage(
        `Expire the Alertmanager silence ${silence ? `of ${silence.matchers}` : id}? The alerts it holds notify the team again.`,
        { modal: true },
        'Expire',
      );
      if (sure !== 'Expire') return false;
    }
    await team.expire(id);
    return true;
  }
}

/**
 * "ZooKeeper: Set Prometheus / Alertmanager Credentials": a bearer token or basic auth for a
 * cluster's Prometheus or Alertmanager, into the secret storage only; or removes it.
 */
export class SetTeamCredentialsCommand implements Command {
  static readonly id = 'zookeeper.setTeamCredentials';
  readonly id = SetTeamCredentialsCommand.id;
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly hub: TeamAlertsHub,
  ) {}

  async run(arg?: unknown): Promise<void> {
    const withTeam = this.registry.list().filter((c) => c.prometheus || c.alertmanager);
    const argId = typeof arg === 'string' ? arg : isRecord(arg) && typeof arg['id'] === 'string' ? arg['id'] : undefined;
    let cluster = argId === undefined ? undefined : withTeam.find((c) => c.id === argId);
    if (!cluster) {
      if (withTeam.length === 0) {
        void vscode.window.showInformationMessage(
          'No cluster has "prometheus" or "alertmanager" set: add {"url": …} to one in zookeeper.clusters first.',
        );
        return;
      }
      cluster =
        withTeam.length === 1
          ? withTeam[0]
          : (
              await vscode.window.showQuickPick(
                withTeam.map((c) => ({ label: label(c.name), cluster: c })),
                { placeHolder: 'Credentials of which cluster?' },
              )
            )?.cluster;
    }
    if (!cluster) return;
    const services: { label: string; service: TeamService }[] = [
      ...(cluster.prometheus ? [{ label: `Prometheus (${cluster.prometheus.url})`, service: 'prometheus' as const }] : []),
      ...(cluster.alertmanager ? [{ label: `Alertmanager (${cluster.alertmanager.url})`, service: 'alertmanager' as const }] : []),
    ];
    const service = services.length === 1 ? services[0] : await vscode.window.showQuickPick(services, { placeHolder: 'For which server?' });
    if (!service) return;
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'Bearer token', description: 'sent as Authorization: Bearer …', how: 'bearer' as const },
        { label: 'Basic auth', description: 'a user and a password', how: 'basic' as const },
        { label: 'Remove the stored credentials', how: 'remove' as const },
      ],
      { placeHolder: `Credentials for ${service.label} of ${cluster.name}` },
    );
    if (!kind) return;
    let auth: HttpAuth | undefined;
    if (kind.how === 'bearer') {
      const token = await vscode.window.showInputBox({ prompt: `Bearer token for ${service.label}`, password: true, ignoreFocusOut: true });
      if (!token) return;
      auth = { kind: 'bearer', token };
    } else if (kind.how === 'basic') {
      const user = await vscode.window.showInputBox({ prompt: `User for ${service.label}`, ignoreFocusOut: true });
      if (!user) return;
      const password = await vscode.window.showInputBox({ prompt: `Password of ${user}`, password: true, ignoreFocusOut: true });
      if (password === undefined) return;
      auth = { kind: 'basic', user, password };
    }
    await this.registry.setTeamAuth(cluster.id, service.service, auth);
    this.hub.credentialsChanged(cluster.id);
  }
}
