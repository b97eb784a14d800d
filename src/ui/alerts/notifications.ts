import * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import type { AlertChange } from '../../core/alerts/clusterAlerts';
import type { ClusterRegistry } from '../clusters';
import { MUTE_ONE_HOUR, NotificationView, OPEN_DASHBOARD, OPEN_RUNBOOK, notificationFor, restartNotification } from './presentation';
import type { RunbookLauncher } from './runbooks';

/** A notification as it was shown (host tests read these). */
export interface ShownNotification {
  readonly clusterId: string;
  readonly tone: NotificationView['tone'];
  readonly message: string;
  readonly actions: readonly string[];
  /** The alert's rule and member, for a firing or resolve. */
  readonly rule: string | null;
  readonly member: string | null;
}

const SHOW = {
  error: vscode.window.showErrorMessage,
  warning: vscode.window.showWarningMessage,
  info: vscode.window.showInformationMessage,
} as const;

/**
 * The editor's alert notifications: one when a rule fires (its severity decides error, warning or
 * information), once per firing, with "Open Dashboard" and "Mute 1 h" (and "Open Runbook" when
 * recovery provides one); one when it resolves; nothing while muted or with
 * `zookeeper.health.notifications` off. They replace the health-level announcements: every fault
 * those told (member down, hung, read-only, no leader, leader changed, quorum) is a rule here, so
 * one fault makes one notification. A restart no alert explains is told quietly.
 */
export class AlertNotifications implements vscode.Disposable {
  readonly shown: ShownNotification[] = [];
  private readonly offs: (() => void)[];

  constructor(
    alerts: AlertService,
    private readonly registry: ClusterRegistry,
    private readonly runbooks: RunbookLauncher,
    private readonly enabled: () => boolean,
  ) {
    this.offs = [
      alerts.onAlert((change) => this.onAlert(change)),
      alerts.onRestart((restart) => {
        const cluster = this.registry.get(restart.clusterId);
        const view = cluster ? restartNotification(cluster.name, restart, this.enabled()) : undefined;
        if (view) this.show(restart.clusterId, view, null, null);
      }),
    ];
  }

  private onAlert(change: AlertChange): void {
    const cluster = this.registry.get(change.clusterId);
    if (!cluster) return;
    const view = notificationFor(cluster.name, change, this.runbooks.has(change.event.runbook), this.enabled());
    if (!view) return;
    const { rule, member, runbook } = change.event;
    void this.show(change.clusterId, view, rule, member)?.then(async (choice) => {
      if (choice === OPEN_DASHBOARD) await vscode.commands.executeCommand('zookeeper.openDashboard', change.clusterId);
      else if (choice === MUTE_ONE_HOUR)
        await vscode.commands.executeCommand('zookeeper.alerts.mute', { clusterId: change.clusterId, rule, member, minutes: 60 });
      else if (choice === OPEN_RUNBOOK) await this.runbooks.open(runbook, { clusterId: change.clusterId, rule, member });
    });
  }

  private show(
    clusterId: string,
    view: NotificationView,
    rule: string | null,
    member: string | null,
  ): Thenable<string | undefined> | undefined {
    this.shown.push({ clusterId, tone: view.tone, message: view.message, actions: view.actions, rule, member });
    if (this.shown.length > 100) this.shown.shift();
    return SHOW[view.tone](view.message, ...view.actions);
  }

  dispose(): void {
    for (const off of this.offs) off();
  }
}
