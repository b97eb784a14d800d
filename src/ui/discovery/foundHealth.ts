import * as vscode from 'vscode';
import { HealthLookup, PolledHealthSource, preferPolled } from '../../core/discovery';
import type { HealthService } from '../../core/health/service';
import type { ClusterRegistry } from '../clusters';
import { serversKey } from './watching';

/** How often health shown for ensembles nobody polls is asked again while such a file is visible. */
const PROBE_REFRESH_MS = 15_000;

/**
 * The health lenses, hovers and diagnostics show for found connect strings. A configured cluster
 * with the same servers that the health service polls answers from its latest report, and a change
 * of its summary is announced at once (the status bar's poll, no second one); any other ensemble is
 * probed through `probe` (cached) and announced every 15 s while a file naming one is visible.
 */
export class FoundHealth implements vscode.Disposable {
  readonly lookup: HealthLookup;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Health shown for some found string may have changed: lenses refresh, diagnostics re-check. */
  readonly onDidChange = this.changed.event;
  private readonly summaries = new Map<string, string>();
  private following: (() => void)[] = [];
  private readonly stopService: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(
    probe: HealthLookup,
    private readonly service: HealthService | undefined,
    private readonly registry: ClusterRegistry,
    visibleFound: () => boolean,
  ) {
    this.lookup = preferPolled(this.polled, probe);
    this.stopService = service?.onDidChange(() => this.follow()) ?? (() => undefined);
    this.follow();
    this.timer = setInterval(() => {
      if (visibleFound()) this.changed.fire();
    }, PROBE_REFRESH_MS);
  }

  /** The latest report of a polled cluster with the same servers (the chroot does not matter to health). */
  private readonly polled: PolledHealthSource = (connectString) => {
    const key = serversKey(connectString);
    if (key === undefined || !this.service) return undefined;
    for (const cluster of this.registry.list()) {
      if (serversKey(cluster.connectString) !== key) continue;
      const monitor = this.service.get(cluster.id);
      if (monitor?.running && monitor.report) return { health: monitor.report.health, clusterName: cluster.name };
    }
    return undefined;
  };

  /** Subscribes to every monitor's reports (monitors come and go with the clusters). */
  private follow(): void {
    for (const stop of this.following) stop();
    this.following = (this.service?.all() ?? []).map((monitor) =>
      monitor.onReport((report) => {
        // What lenses and diagnostics show: the summary and which members answer.
        const shown = `${report.summary}|${report.health.members.map((m) => `${m.address}=${m.condition}`).join(',')}`;
        if (this.summaries.get(monitor.clusterId) === shown) return;
        this.summaries.set(monitor.clusterId, shown);
        this.changed.fire();
      }),
    );
  }

  dispose(): void {
    clearInterval(this.timer);
    this.stopService();
    for (const stop of this.following) stop();
    this.changed.dispose();
  }
}
