import * as vscode from 'vscode';
import { ClusterConfig, adminPortsFor } from '../../core/clusters/clusterConfig';
import { HealthNotice, HealthNotifier } from '../../core/health/notifier';
import { HealthPoller } from '../../core/health/poller';
import type { HealthReport } from '../../core/health/report';
import type { ClusterRegistry } from '../clusters';
import { HEALTH_SECTION, HealthSettings, readHealthSettings } from './settings';

/** What the controller is doing for the active cluster. */
export type HealthState =
  | { readonly kind: 'no-cluster' }
  | { readonly kind: 'starting'; readonly cluster: ClusterConfig }
  | { readonly kind: 'watching'; readonly cluster: ClusterConfig; readonly report: HealthReport }
  | { readonly kind: 'paused'; readonly cluster: ClusterConfig; readonly report: HealthReport | undefined }
  | { readonly kind: 'error'; readonly cluster: ClusterConfig; readonly message: string };

/** Activation stays instant: the first probe round starts this long after. */
const START_DELAY_MS = 300;

/**
 * Watches the active cluster's ensemble: one HealthPoller for the cluster the registry calls
 * active (none without clusters), restarted when the cluster or the settings change, stopped when
 * the window has been unfocused for a while, and resumed on focus. Tells the user once when
 * health worsens or recovers.
 */
export class EnsembleHealthController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires on every new report and on every state change. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private poller: HealthPoller | undefined;
  private stopListening: (() => void) | undefined;
  private current: HealthState = { kind: 'no-cluster' };
  private settings: HealthSettings = readHealthSettings();
  private readonly notifier = new HealthNotifier();
  private blurTimer: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private watchedKey = '';

  constructor(private readonly registry: ClusterRegistry) {
    this.subscriptions.push(
      registry.onDidChange(() => this.restartIfChanged()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(HEALTH_SECTION)) return;
        this.settings = readHealthSettings();
        this.restart();
      }),
      vscode.window.onDidChangeWindowState((s) => this.onFocus(s.focused)),
    );
    this.startTimer = setTimeout(() => this.restart(), START_DELAY_MS);
  }

  get state(): HealthState {
    return this.current;
  }

  /** The active cluster's latest report, if any. */
  get report(): HealthReport | undefined {
    return this.current.kind === 'watching' ? this.current.report : this.current.kind === 'paused' ? this.current.report : undefined;
  }

  get activePoller(): HealthPoller | undefined {
    return this.poller;
  }

  get clusterCount(): number {
    return this.registry.list().length;
  }

  /** Names of the configured clusters other than `activeId`. */
  otherClusterNames(activeId: string | undefined): string[] {
    return this.registry.list().filter((c) => c.id !== activeId).map((c) => c.name);
  }

  /** Makes `id` the active cluster (the registry is shared with the explorer). */
  pick(id: string): Promise<void> {
    return this.registry.setActive(id);
  }

  clusters(): ClusterConfig[] {
    return this.registry.list();
  }

  /** Probes every member now; resolves with the new report (undefined without a cluster). */
  async refresh(): Promise<HealthReport | undefined> {
    if (!this.poller) return undefined;
    if (this.current.kind === 'paused') this.resume();
    return this.poller.pollNow();
  }

  private keyOf(cluster: ClusterConfig | undefined): string {
    return cluster ? `${cluster.id}\n${cluster.connectString}\n${JSON.stringify(cluster.adminPorts ?? null)}` : '';
  }

  private restartIfChanged(): void {
    if (this.keyOf(this.registry.active) !== this.watchedKey) this.restart();
  }

  private setState(state: HealthState): void {
    this.current = state;
    this.changed.fire();
  }

  private stopPoller(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.poller?.dispose();
    this.poller = undefined;
  }

  private restart(): void {
    clearTimeout(this.startTimer);
    this.startTimer = undefined;
    this.stopPoller();
    this.notifier.reset();
    const cluster = this.registry.active;
    this.watchedKey = this.keyOf(cluster);
    if (!cluster) {
      this.setState({ kind: 'no-cluster' });
      return;
    }
    let poller: HealthPoller;
    try {
      poller = new HealthPoller({
        connectString: cluster.connectString,
        adminPorts: adminPortsFor(cluster),
        intervalMs: this.settings.intervalMs,
        timeoutMs: this.settings.probeTimeoutMs,
        thresholds: this.settings.thresholds,
      });
    } catch (err) {
      this.setState({ kind: 'error', cluster, message: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.poller = poller;
    this.stopListening = poller.onUpdate((report) => this.onReport(cluster, report));
    this.setState({ kind: 'starting', cluster });
    poller.start();
    // A window that starts unfocused counts as unfocused from now on.
    if (!vscode.window.state.focused) this.onFocus(false);
  }

  private onReport(cluster: ClusterConfig, report: HealthReport): void {
    if (this.current.kind === 'paused') return;
    this.setState({ kind: 'watching', cluster, report });
    const notice = this.notifier.observe(report.checks, report.summary);
    if (notice && this.settings.notifications) this.notify(cluster, notice);
  }

  private notify(cluster: ClusterConfig, notice: HealthNotice): void {
    const text = `ZooKeeper ${cluster.name}: ${notice.kind === 'recovered' && notice.status === 'pass' ? 'healthy again' : notice.message}`;
    const action = 'Show Ensemble';
    const shown =
      notice.kind === 'recovered'
        ? vscode.window.showInformationMessage(text, action)
        : notice.status === 'fail'
          ? vscode.window.showErrorMessage(text, action)
          : vscode.window.showWarningMessage(text, action);
    void shown.then((choice) => (choice === action ? vscode.commands.executeCommand('zookeeper.showEnsemble') : undefined));
  }

  private onFocus(focused: boolean): void {
    clearTimeout(this.blurTimer);
    this.blurTimer = undefined;
    if (focused) {
      if (this.current.kind === 'paused') this.resume();
      return;
    }
    if (this.settings.pauseWhenUnfocusedMs === 0 || !this.poller) return;
    const pause = (): void => {
      const cluster = this.registry.active;
      if (!cluster || !this.poller) return;
      this.poller.stop();
      this.setState({ kind: 'paused', cluster, report: this.report });
    };
    this.blurTimer = setTimeout(pause, this.settings.pauseWhenUnfocusedMs);
  }

  private resume(): void {
    const cluster = this.registry.active;
    if (!cluster || !this.poller) return;
    const report = this.report;
    this.setState(report ? { kind: 'watching', cluster, report } : { kind: 'starting', cluster });
    this.poller.start();
  }

  dispose(): void {
    clearTimeout(this.startTimer);
    clearTimeout(this.blurTimer);
    this.stopPoller();
    for (const d of this.subscriptions) d.dispose();
  }
}
