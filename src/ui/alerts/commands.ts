import * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import { parseReceiverSecret, receiverSecretKey } from '../../core/alerts/receivers/receiverSettings';
import type { Command } from '../commands/command';
import type { EnsembleTreeProvider } from '../health/tree/ensembleTree';
import type { EnsembleNode } from '../health/tree/nodes';
import { MUTE_MS, clock } from './presentation';
import { readReceiversSetting } from './settings';

/** Which alert a command is about: an Alerts row of the Ensemble view, or `{clusterId, rule, member}`. */
interface AlertTarget {
  readonly clusterId: string;
  readonly rule: string;
  readonly member: string | null;
  readonly minutes?: number;
}

// Tree rows and notification buttons pass plain fields: no `instanceof`, which fails across bundles.
function targetOf(arg: unknown): AlertTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  if (typeof a['clusterId'] !== 'string' || typeof a['rule'] !== 'string') return undefined;
  const member = typeof a['member'] === 'string' ? a['member'] : null;
  const minutes = typeof a['minutes'] === 'number' && Number.isFinite(a['minutes']) && a['minutes'] > 0 ? a['minutes'] : undefined;
  return { clusterId: a['clusterId'], rule: a['rule'], member, ...(minutes ? { minutes } : {}) };
}

/** "Mute 1 h": the alert's notifications stop until then; it stays listed, marked muted. Returns the end (epoch ms). */
export class MuteAlertCommand implements Command {
  static readonly id = 'zookeeper.alerts.mute';
  readonly id = MuteAlertCommand.id;
  constructor(private readonly alerts: AlertService) {}

  run(arg?: unknown): number | undefined {
    const target = targetOf(arg);
    const cluster = target && this.alerts.get(target.clusterId);
    if (!target || !cluster) throw new Error("Mute: pick an alert in the Ensemble view's Alerts, or use the button on its notification.");
    const until = Date.now() + (target.minutes ? target.minutes * 60_000 : MUTE_MS);
    cluster.mute(target.rule, target.member, until);
    void vscode.window.setStatusBarMessage(
      `ZooKeeper: ${target.rule}${target.member ? ` on ${target.member}` : ''} muted until ${clock(until)} (still listed; receivers still get it)`,
      5000,
    );
    return until;
  }
}

export class UnmuteAlertCommand implements Command {
  static readonly id = 'zookeeper.alerts.unmute';
  readonly id = UnmuteAlertCommand.id;
  constructor(private readonly alerts: AlertService) {}

  run(arg?: unknown): void {
    const target = targetOf(arg);
    const cluster = target && this.alerts.get(target.clusterId);
    if (!target || !cluster) throw new Error("Unmute: pick a muted alert in the Ensemble view's Alerts.");
    cluster.unmute(target.rule, target.member);
  }
}

/** The status bar count's click: the Ensemble view, with the Alerts node revealed and expanded. */
export class ShowAlertsCommand implements Command {
  static readonly id = 'zookeeper.alerts.show';
  readonly id = ShowAlertsCommand.id;
  constructor(
    private readonly tree: EnsembleTreeProvider,
    private readonly view: vscode.TreeView<EnsembleNode>,
  ) {}

  async run(): Promise<void> {
    await vscode.commands.executeCommand('workbench.view.extension.zookeeper');
    const node = this.tree.getChildren().find((n) => n.id.endsWith(':alerts'));
    if (node) await this.view.reveal(node, { expand: true, focus: true, select: true });
  }
}

/**
 * "ZooKeeper: Set Alert Receiver Secret": a receiver's bearer token, or its whole URL when the URL
 * is the secret (Slack, Teams), into secret storage under the receiver's name; or removes it.
 */
export class SetReceiverSecretCommand implements Command {
  static readonly id = 'zookeeper.alerts.setReceiverSecret';
  readonly id = SetReceiverSecretCommand.id;
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async run(): Promise<void> {
    // Every receiver named in the setting, whichever cluster it serves.
    const setting = readReceiversSetting();
    const names = new Set(
      Array.isArray(setting)
        ? setting.flatMap((e: unknown) =>
            typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? [(e as { name: string }).name] : [],
          )
        : [],
    );
    if (names.size === 0) {
      void vscode.window.showInformationMessage('No alert receivers configured: add one to the setting zookeeper.alerts.receivers first.');
      return;
    }
    const name = await vscode.window.showQuickPick([...names].sort(), { placeHolder: 'Secret of which receiver?' });
    if (!name) return;
    const what = await vscode.window.showQuickPick(
      [
        { label: 'Bearer token', description: 'sent as Authorization: Bearer …', secret: 'token' as const },
        { label: 'Secret URL', description: 'the whole URL is the secret (Slack or Teams incoming webhook)', secret: 'url' as const },
        { label: 'Remove the stored secret', secret: 'remove' as const },
      ],
      { placeHolder: `What to keep for "${name}"?` },
    );
    if (!what) return;
    const key = receiverSecretKey(name);
    if (what.secret === 'remove') {
      await this.secrets.delete(key);
      return;
    }
    const value = await vscode.window.showInputBox({
      prompt: `${what.label} for receiver "${name}"`,
      password: true,
      ignoreFocusOut: true,
    });
    if (!value) return;
    const current = parseReceiverSecret(await this.secrets.get(key));
    await this.secrets.store(key, JSON.stringify({ ...current, [what.secret]: value }));
  }
}
