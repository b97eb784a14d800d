import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import { AlertsSource, DashboardFeed } from '../../core/dashboard/feed';
import type { MetricStore } from '../../core/metrics/store';
import type { DashboardState, HostMessage } from '../../shared/dashboardProtocol';
import { parseWebviewMessage } from '../../shared/dashboardValidation';
import { dashboardHtml, makeNonce } from './html';
import type { ClusterMonitor } from '../../core/health/monitorApi';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly monitor: ClusterMonitor;
  /** Derived series (zxid lag) for this cluster. */
  readonly extraStores: readonly MetricStore[];
  /** The cluster's alerts (the alert list and chart overlays). */
  readonly alerts?: AlertsSource;
  readonly output: vscode.OutputChannel;
  /** Called once when the panel is closed. */
  readonly onDispose: () => void;
}

/**
 * One cluster's dashboard: a webview panel fed by a DashboardFeed. Every message from the webview
 * is validated first; rejected ones are logged (type only) and ignored.
 */
export class DashboardPanel implements vscode.Disposable {
  private readonly feed: DashboardFeed;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  /** Messages rejected at the boundary (host tests read it). */
  rejected = 0;

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
      post: (message: HostMessage) => void webview.postMessage(message),
    });
    this.feed.setVisible(panel.visible);
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseWebviewMessage(raw);
        if (parsed.ok) {
          this.feed.handle(parsed.value);
        } else {
          this.rejected++;
          deps.output.appendLine(`[dashboard] ignored a message from the webview: ${parsed.error.split('\n')[0]}`);
        }
      }),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden panel's page is torn down; the next page says ready.
        if (!panel.visible) this.feed.webviewGone();
        this.feed.setVisible(panel.visible);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    webview.html = dashboardHtml(webview, deps.extensionUri, makeNonce());
  }

  get range(): string {
    return this.feed.range;
  }

  get posts(): number {
    return this.feed.posts;
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.feed.dispose();
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
    this.deps.onDispose();
  }
}
