import type * as vscode from 'vscode';
import type { AlertService } from '../../core/alerts/alertService';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import { RUNBOOK_IDS, planRunbook } from '../../core/recovery/runbooks';
import type { RecoveryView, RecoveryWebviewMessage, RunbookOffer } from '../../shared/recoveryProtocol';
import type { PanelRecovery, RecoveryProvider } from '../dashboard/panel';
import { FiringAlert, offersOf, recoveryView } from './checklist';
import type { RunbookRun } from './run';
import { RecoveryRefusal, RecoveryService } from './service';

/*
 * The dashboard's Recovery section for one panel: the runbooks that apply now (replanned on each
 * report and alert change), the cluster's runs with live steps, and the requests of its buttons,
 * carried out by the recovery service. A run started here asks for consent here.
 */

const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class DashboardRecovery implements PanelRecovery {
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];
  private readonly followed = new Set<string>();
  private offers: RunbookOffer[] = [];
  private offersKey = '';
  private notice: string | null = null;

  constructor(
    private readonly clusterId: string,
    private readonly monitor: ClusterMonitor,
    private readonly service: RecoveryService,
    private readonly cluster: () => ClusterConfig | undefined,
    private readonly alerts: AlertService | undefined,
    private readonly output: vscode.OutputChannel,
  ) {
    this.replan();
    for (const run of this.runs()) this.follow(run);
    this.offs.push(
      service.onDidStartRun((run) => {
        if (run.clusterId !== this.clusterId) return;
        this.follow(run);
        this.changed();
      }),
      monitor.onReport(() => this.replan()),
    );
    const clusterAlerts = this.alerts?.get(clusterId);
    if (clusterAlerts) this.offs.push(clusterAlerts.onDidChange(() => this.replan()));
  }

  private runs(): RunbookRun[] {
    return this.service.runs.filter((r) => r.clusterId === this.clusterId);
  }

  private follow(run: RunbookRun): void {
    if (this.followed.has(run.id)) return;
    this.followed.add(run.id);
    this.offs.push(run.onDidChange(() => this.changed()));
  }

  private firing(): FiringAlert[] {
    const active = this.alerts?.get(this.clusterId)?.active() ?? [];
    return active.filter((a) => a.state === 'firing').map((a) => ({ rule: a.rule.id, runbook: a.rule.runbook, member: a.member }));
  }

  /** Plans what applies on the latest report; tells the panel only when that changed. */
  private replan(): void {
    const cluster = this.cluster();
    if (!cluster) return;
    const ctx = this.service.planContext(cluster);
    const offers = offersOf(this.monitor.report, this.firing(), (id, report) => planRunbook(id, report, ctx), RUNBOOK_IDS);
    const key = JSON.stringify(offers);
    if (key === this.offersKey) return;
    this.offersKey = key;
    this.offers = offers;
    this.changed();
  }

  view(): RecoveryView {
    const cluster = this.cluster();
    const control = cluster && this.service.controlOf(cluster);
    return recoveryView({
      known: RUNBOOK_IDS,
      offers: this.offers,
      runs: this.runs(),
      control: control
        ? `Act steps run this cluster's "control" commands in the "ZooKeeper Recovery" terminal, each after your consent.`
        : `This cluster has no "control" setting: act steps say what to run where; you run it, then the runbook verifies.`,
      notice: this.notice,
    });
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private say(notice: string | null): void {
    this.notice = notice;
    this.changed();
  }

  /** A run of this cluster; the webview of one cluster cannot reach another's runs. */
  private run(id: string): RunbookRun | undefined {
    return this.runs().find((r) => r.id === id);
  }

  handle(message: RecoveryWebviewMessage): void {
    switch (message.type) {
      case 'runRunbook':
        this.say(null);
        this.service.openRunbook(this.clusterId, message.runbook, message.member, 'dashboard').then(
          (run) => {
            if (!run) this.say(`The runbook "${message.runbook}" does not apply now.`);
          },
          (err: unknown) => {
            if (!(err instanceof RecoveryRefusal))
              this.output.appendLine(`[recovery] ${message.runbook} from the dashboard: ${describeError(err)}`);
            this.say(err instanceof RecoveryRefusal ? err.message : `Could not start the runbook: ${describeError(err)}`);
          },
        );
        return;
      case 'consent': {
        const run = this.run(message.run);
        if (!run || !this.service.answer(run.id, message.step, message.consent))
          this.say('That question is no longer open (answered already, or the run ended): nothing was done.');
        return;
      }
      case 'stopRun':
        this.run(message.run)?.stop();
        return;
      case 'saveRunLog': {
        const run = this.run(message.run);
        if (!run) return;
        this.service.saveLog(run).then(
          (file) => {
            if (file) this.say(`Log of "${run.runbook.title}" saved to ${file.fsPath}.`);
          },
          (err: unknown) => this.say(`Could not save the log: ${describeError(err)}`),
        );
        return;
      }
    }
  }

  /** The panel closed: its runs still going ask in modals from now on. */
  dispose(): void {
    for (const off of this.offs) off();
    this.listeners.clear();
    for (const run of this.runs()) if (run.running && run.consentIn === 'dashboard') this.service.handToDialog(run);
  }
}

/** The Recovery section of every dashboard panel. */
export function recoveryForDashboards(
  service: RecoveryService,
  clusters: { get(id: string): ClusterConfig | undefined },
  alerts: AlertService | undefined,
  output: vscode.OutputChannel,
): RecoveryProvider {
  return {
    forPanel: (cluster, monitor) => new DashboardRecovery(cluster.id, monitor, service, () => clusters.get(cluster.id), alerts, output),
  };
}
