import * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import type { AlertChange } from '../../core/alerts/clusterAlerts';
import type { ClusterRegistry } from '../clusters';
import {
  MUTE_ONE_HOUR,
  NotificationLink,
  NotificationView,
  OPEN_DASHBOARD,
  OPEN_RUNBOOK,
  firingNotificationText,
  inertText,
  notificationFor,
  restartNotification,
} from './presentation';
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
  /** A firing's notification: when it was taken off the screen (resolved, muted, closed by the user). */
  closedAt?: number;
}

const SHOW = {
  error: vscode.window.showErrorMessage,
  warning: vscode.window.showWarningMessage,
  info: vscode.window.showInformationMessage,
} as const;

const keyOf = (clusterId: string, rule: string, member: string | null): string => JSON.stringify([clusterId, rule, member]);

/**
 * The editor's alert notifications: one when a rule fires, once per firing; a notice when it
 * resolves; nothing while muted or with `zookeeper.health.notifications` off. Warnings and
 * informations are messages with buttons (Open Runbook when recovery has one, Open Dashboard,
 * Mute 1 h) that leave the screen by themselves. A critical one would be an error message, which
 * stays until the user closes it, and no extension can close it: a stale "member down" would
 * outlive its fault. So a critical firing is a progress notification instead, closed here when the
 * alert stops firing or is muted, its severity in words and its actions as command links. These
 * replace the health-level announcements: every fault those told is a rule here, so one fault
 * makes one notification. A restart no alert explains is told quietly.
 */
export class AlertNotifications implements vscode.Disposable {
  readonly shown: ShownNotification[] = [];
  /** Closers of the firing notifications on screen, by cluster, rule and member. */
  private readonly open = new Map<string, () => void>();
  private readonly offs: (() => void)[];

  constructor(
    private readonly alerts: AlertService,
    private readonly registry: ClusterRegistry,
    private readonly runbooks: RunbookLauncher,
    private readonly enabled: () => boolean,
  ) {
    this.offs = [
      alerts.onAlert((change) => this.onAlert(change)),
      alerts.onRestart((restart) => {
        const cluster = this.registry.get(restart.clusterId);
        const view = cluster ? restartNotification(cluster.name, restart, this.enabled()) : undefined;
        if (view)
          void this.record(restart.clusterId, view, null, null).then(async (choice) => {
            if (choice === OPEN_DASHBOARD) await vscode.commands.executeCommand('zookeeper.openDashboard', restart.clusterId);
          });
      }),
      // Mutes, resolves, removed clusters: whatever ends a firing takes its notification away.
      alerts.onDidChange(() => this.closeStale()),
    ];
  }

  private onAlert(change: AlertChange): void {
    const { rule, member, runbook } = change.event;
    if (change.event.state === 'resolved') this.open.get(keyOf(change.clusterId, rule, member))?.();
    const cluster = this.registry.get(change.clusterId);
    if (!cluster) return;
    const view = notificationFor(cluster.name, change, this.runbooks.has(runbook), this.enabled());
    if (!view) return;
    if (change.event.state !== 'firing') {
      void this.record(change.clusterId, view, rule, member);
      return;
    }
    const links = view.actions.map((title): NotificationLink => {
      if (title === OPEN_RUNBOOK)
        return { title, command: 'zookeeper.openRunbook', args: [{ clusterId: change.clusterId, runbook, member }] };
      if (title === MUTE_ONE_HOUR)
        return { title, command: 'zookeeper.alerts.mute', args: [{ clusterId: change.clusterId, rule, member, minutes: 60 }] };
      return { title, command: 'zookeeper.openDashboard', args: [change.clusterId] };
    });
    if (view.tone !== 'error') {
      // A warning or information leaves the screen by itself after a few seconds (into the
      // notification centre), buttons and all: only an error with buttons stays, so only a
      // critical firing needs a notification this class can close. Infos kept on screen would
      // also push a critical one out of the three toasts the workbench shows.
      void this.record(change.clusterId, view, rule, member).then(async (choice) => {
        const link = links.find((l) => l.title === choice);
        if (link) await vscode.commands.executeCommand(link.command, ...link.args);
      });
      return;
    }
    this.showFiring(change.clusterId, view, links, rule, member);
  }

  private showFiring(
    clusterId: string,
    view: NotificationView,
    links: readonly NotificationLink[],
    rule: string,
    member: string | null,
  ): void {
    const key = keyOf(clusterId, rule, member);
    this.open.get(key)?.();
    const shown = this.remember({ clusterId, tone: view.tone, message: view.message, actions: view.actions, rule, member });
    const title = firingNotificationText(view, links);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) =>
        new Promise<void>((resolve) => {
          const close = (): void => {
            if (this.open.get(key) === close) this.open.delete(key);
            shown.closedAt ??= Date.now();
            cancelled.dispose();
            resolve();
          };
          const cancelled = token.onCancellationRequested(close);
          this.open.set(key, close);
        }),
    );
  }

  /** Closes the firing notifications whose alert no longer fires, is muted, or whose cluster is gone. */
  private closeStale(): void {
    for (const [key, close] of [...this.open]) {
      const [clusterId, rule, member] = JSON.parse(key) as [string, string, string | null];
      const alert = this.alerts
        .get(clusterId)
        ?.active()
        .find((a) => a.rule.id === rule && a.member === member);
      if (!alert || alert.firingSince === null || alert.mutedUntil !== null || !this.enabled()) close();
    }
  }

  /** Shows a message whose buttons, if any, the caller handles. */
  private record(clusterId: string, view: NotificationView, rule: string | null, member: string | null): Thenable<string | undefined> {
    this.remember({ clusterId, tone: view.tone, message: view.message, actions: view.actions, rule, member });
    return SHOW[view.tone](inertText(view.message), ...view.actions);
  }

  private remember(shown: ShownNotification): ShownNotification {
    this.shown.push(shown);
    if (this.shown.length > 100) this.shown.shift();
    return shown;
  }

  dispose(): void {
    for (const off of this.offs) off();
    for (const close of [...this.open.values()]) close();
  }
}
