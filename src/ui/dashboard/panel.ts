import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { AlertsSource, DashboardFeed, RecoverySource } from '../../core/dashboard/feed';
import type { MetricStore } from '../../core/metrics/store';
import type { DashboardState, HostMessage, SeriesSourceView, SilenceTarget } from '../../shared/dashboardProtocol';
import { parseWebviewMessage } from '../../shared/dashboardValidation';
import { RECOVERY_WEBVIEW_TYPES, RecoveryHostMessage, RecoveryWebviewMessage } from '../../shared/recoveryProtocol';
import { dashboardHtml, makeNonce } from './html';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import type { RemoteSeriesSource } from '../../core/dashboard/rangePlan';
import type { ClusterTeamAlerts } from '../../core/prometheus/teamAlertsService';

/** A panel's Recovery section: what it shows, and the requests of its buttons (already validated). */
export interface PanelRecovery extends RecoverySource {
  handle(message: RecoveryWebviewMessage): void;
  dispose(): void;
}

/** Where a dashboard gets its Recovery section (guided recovery provides it). */
export interface RecoveryProvider {
  forPanel(cluster: ClusterConfig, monitor: ClusterMonitor): PanelRecovery;
}

const isRecoveryRequest = (m: { readonly type: string }): m is RecoveryWebviewMessage =>
  (RECOVERY_WEBVIEW_TYPES as readonly string[]).includes(m.type);

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly monitor: ClusterMonitor;
  /** Derived series (zxid lag) for this cluster. */
  readonly extraStores: readonly MetricStore[];
  /** The cluster's alerts (the alert list and chart overlays). */
  readonly alerts?: AlertsSource;
  /** The cluster's Recovery section. */
  readonly recovery?: PanelRecovery;
  /** The cluster's Prometheus for ranges beyond the local store. */
  readonly remote?: () => RemoteSeriesSource | undefined;
  /** The team's alerts, read while the panel is open. */
  readonly team?: ClusterTeamAlerts;
  readonly output: vscode.OutputChannel;
  /** Called once when the panel is closed. */
  readonly onDispose: () => void;
}

/** The silence command's argument for a target of the webview (the team's alert by key, ours by rule and member). */
function targetArg(target: SilenceTarget): Record<string, unknown> {
  return target.kind === 'team' ? { key: target.key } : { rule: target.rule, member: target.member };
}

/**
 * One cluster's dashboard: a webview panel fed by a DashboardFeed. Every message from the webview
 * is validated first; rejected ones are logged (type only) and ignored.
 */
export class DashboardPanel implements vscode.Disposable {
  private readonly feed: DashboardFeed;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private readonly releaseTeam: (() => void) | undefined;
  /** Messages rejected at the boundary (host tests read it). */
  rejected = 0;
  /** The last Recovery section posted to the webview (host tests read it). */
  lastRecovery: RecoveryHostMessage | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly cluster: ClusterConfig,
    state: DashboardState | undefined,
    private readonly deps: PanelDeps,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist')] };
    panel.title = `ZooKeeper: ${cluster.name}`;
    this.feed = new DashboardFeed(deps.monitor, {
      clusterName: cluster.name,
      range: state?.range,
      live: state?.live,
      extraStores: deps.extraStores,
      alerts: deps.alerts,
      recovery: deps.recovery,
      ...(deps.remote ? { remote: deps.remote } : {}),
      post: (message: HostMessage) => {
        if (message.type === 'recovery') this.lastRecovery = message;
        void webview.postMessage(message);
      },
    });
    // Someone looks while the panel is open: the team's alerts are read (on the monitor's reports).
    this.releaseTeam = deps.team?.watch();
    this.feed.setVisible(panel.visible);
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden panel's page is torn down; the next page says ready.
        if (!panel.visible) this.feed.webviewGone();
        this.feed.setVisible(panel.visible);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    webview.html = dashboardHtml(webview, deps.extensionUri, makeNonce());
  }

  /**
   * One message from the webview, checked first: the charts' go to the feed, the Recovery
   * section's to recovery; anything else is counted, logged (its first error line) and ignored.
   */
  receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.rejected++;
      this.deps.output.appendLine(`[dashboard] ignored a message from the webview: ${parsed.error.split('\n')[0]}`);
      return;
    }
    const message = parsed.value;
    if (isRecoveryRequest(message)) this.deps.recovery?.handle(message);
    // The same command as the Ensemble view's button: it reports its own failures.
    else if (message.type === 'silence')
      void vscode.commands.executeCommand('zookeeper.alerts.silence', { clusterId: this.cluster.id, ...targetArg(message.target) });
    else this.feed.handle(message);
  }

  get range(): string {
    return this.feed.range;
  }

  get posts(): number {
    return this.feed.posts;
  }

  /** Where the charts' points come from now (host tests read it). */
  get seriesSource(): SeriesSourceView {
    return this.feed.seriesSource;
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.releaseTeam?.();
    this.feed.dispose();
    this.deps.recovery?.dispose();
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
    this.deps.onDispose();
  }
}
