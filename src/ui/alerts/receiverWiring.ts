import * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import type { ClusterAlerts } from '../../core/alerts/clusterAlerts';
import {
  parseReceiverSecret,
  receiverSecretKey,
  receiversForCluster,
  toReceiverConfig,
} from '../../core/alerts/receivers/receiverSettings';
import { AlertReceivers, ReceiverConfig } from '../../core/alerts/receivers/receivers';
import type { ClusterRegistry } from '../clusters';
import { ALERTS_SECTION, SettingsProblems, readReceiversSetting } from './settings';

const SECRET_PREFIX = receiverSecretKey('');

/**
 * Gives each cluster's alerts the receivers its settings name, with their secrets from secret
 * storage; rebuilt when the setting or a receiver's secret changes. Delivery runs in the
 * background (core/alerts/receivers): failures are logged to the ZooKeeper output (without URLs)
 * and retried with backoff, and polling never waits for them.
 */
export class ReceiverWiring implements vscode.Disposable {
  private readonly generations = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly problems: SettingsProblems;
  private readonly offAdded: () => void;

  constructor(
    private readonly alerts: AlertService,
    private readonly registry: ClusterRegistry,
    private readonly secrets: vscode.SecretStorage,
    private readonly output: vscode.OutputChannel,
  ) {
    this.problems = new SettingsProblems(output);
    this.offAdded = alerts.onDidAdd((a) => void this.wire(a));
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${ALERTS_SECTION}.receivers`)) this.rewireAll();
      }),
      secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.rewireAll();
      }),
    );
    this.rewireAll();
  }

  private rewireAll(): void {
    for (const a of this.alerts.all()) void this.wire(a);
  }

  private async wire(alerts: ClusterAlerts): Promise<void> {
    const id = alerts.clusterId;
    const generation = (this.generations.get(id) ?? 0) + 1;
    this.generations.set(id, generation);
    const cluster = this.registry.get(id);
    if (!cluster) return;
    const { receivers, errors } = receiversForCluster(readReceiversSetting(), cluster);
    const configs: ReceiverConfig[] = [];
    for (const receiver of receivers) {
      const secret = parseReceiverSecret(await this.secrets.get(receiverSecretKey(receiver.name)));
      const made = toReceiverConfig(receiver, secret);
      if ('error' in made) errors.push(made.error);
      else configs.push(made.config);
    }
    // A newer wiring started while secrets were read: it wins.
    if (this.generations.get(id) !== generation) return;
    this.problems.report(errors);
    const log = (line: string): void => this.output.appendLine(`[${new Date().toISOString()}] [alerts ${cluster.name}] ${line}`);
    alerts.setSink(configs.length > 0 ? new AlertReceivers({ cluster: cluster.name, receivers: configs, log }) : undefined);
    if (configs.length > 0) log(`delivering to ${configs.length} receiver(s): ${receivers.map((r) => r.name).join(', ')}`);
  }

  dispose(): void {
    this.offAdded();
    for (const d of this.subscriptions) d.dispose();
  }
}
