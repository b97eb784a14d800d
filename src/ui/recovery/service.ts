import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterConfig } from '../../core/clusters/clusterConfig';
import type { PolledClusterMonitor } from '../../core/health/clusterMonitor';
import type { HealthReport } from '../../core/health/report';
import { backupRoot } from '../../core/recovery/backup';
import type { MemberControl } from '../../core/recovery/control';
import { controlFromSettings } from '../../core/recovery/presets';
import { planRollingRestart } from '../../core/recovery/rollingRestart';
import { PlanContext, applicableRunbooks, planRunbook } from '../../core/recovery/runbooks';
import { runRunbook } from '../../core/recovery/runner';
import type { PlannedRunbook } from '../../core/recovery/types';
import type { ClusterRegistry } from '../clusters';
import type { EnsembleHealthController } from '../health/controller';
import type { EnsembleMemories } from './memories';
import { RecoveryPrompts, RunbookChoice, modalPrompts } from './prompts';
import { ConsentFrontEnd, RunbookRun } from './run';
import type { RunbookDocuments } from './runView';
import { verifyTimeoutMs } from './settings';
import type { RecoveryTerminal } from './terminal';

/** Thrown for a situation the user must change first; shown as a plain message. */
export class RecoveryRefusal extends Error {
  override readonly name = 'RecoveryRefusal';
}

export interface RecoveryDeps {
  readonly registry: ClusterRegistry;
  readonly health: EnsembleHealthController;
  readonly memories: EnsembleMemories;
  readonly terminal: RecoveryTerminal;
  readonly documents: RunbookDocuments;
  readonly output: vscode.OutputChannel;
  /** Where backups before damage are written. */
  readonly backupDir: string;
}

/** A cluster with the health service's monitor polling it, and its latest report. */
export interface Monitored {
  readonly cluster: ClusterConfig;
  readonly monitor: PolledClusterMonitor;
  readonly report: HealthReport;
}

const FIRST_REPORT_MS = 15_000;

function actor(): string {
  let user = 'unknown user';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (containers): keep the placeholder
  }
  return `${user} in VS Code (${os.hostname()})`;
}

/**
 * Guided recovery in the editor: which runbooks apply to a cluster now (from the health service's
 * own reports), and running one with consent before every act step, its commands in the recovery
 * terminal, and its live view. The API other parts call: an alert's "Open runbook" and the
 * dashboard's Recovery section use `openRunbook`, and `runs` for what ran.
 *
 * Consent has one mechanism, the run's waiting question (RunbookRun.askConsent), and two front
 * ends: a run started from the palette or a notification asks in a modal (`prompts.consent`), one
 * started from the dashboard asks there (its buttons call `answer`).
 */
export class RecoveryService {
  /** Replaceable: host tests answer the questions as a user would. */
  prompts: RecoveryPrompts = modalPrompts;
  /** Every run of this window, newest last. */
  readonly runs: RunbookRun[] = [];
  private readonly runListeners = new Set<(run: RunbookRun) => void>();

  constructor(private readonly deps: RecoveryDeps) {}

  private cluster(clusterId: string | undefined): ClusterConfig {
    const cluster = clusterId ? this.deps.registry.get(clusterId) : this.deps.registry.active;
    if (!cluster)
      throw new RecoveryRefusal(
        clusterId ? `No cluster with id ${clusterId}.` : 'No ZooKeeper cluster configured: add one first (ZooKeeper: Add Cluster).',
      );
    return cluster;
  }

  /**
   * The cluster's monitor, polling, and its latest report. A cluster the service does not poll is
   * made the active one (then the status bar follows the recovery too) rather than probed apart.
   */
  async monitored(clusterId?: string): Promise<Monitored> {
    const cluster = this.cluster(clusterId);
    const service = this.deps.health.service;
    if (cluster.monitor === false)
      throw new RecoveryRefusal(
        `Monitoring is off for ${cluster.name} ("monitor": false): runbooks read its health from the monitor. Turn it on in the zookeeper.clusters setting.`,
      );
    if (!service.status(cluster.id)?.polled) await this.deps.health.pick(cluster.id);
    const monitor = service.get(cluster.id);
    const status = service.status(cluster.id);
    if (!monitor || !status?.polled)
      throw new RecoveryRefusal(`${cluster.name} is not being polled${status && !status.polled ? `: ${status.why}` : ''}.`);
    const report = monitor.report ?? (await this.observe(monitor, FIRST_REPORT_MS));
    return { cluster, monitor, report };
  }

  /** A fresh report from the monitor's own poller (which also feeds the ensemble memory). */
  async observe(monitor: PolledClusterMonitor, timeoutMs = 10_000): Promise<HealthReport> {
    const deadline = Date.now() + timeoutMs;
    // The first rounds of a new poller may have no report yet (members found from conf).
    for (;;) {
      const report = await monitor.refresh();
      if (report) return report;
      if (Date.now() > deadline) throw new Error('no health report: the members could not be probed');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The cluster's member control, running commands in the recovery terminal; undefined: by hand. */
  controlOf(cluster: ClusterConfig): MemberControl | undefined {
    return controlFromSettings(cluster.control, (command, options) => this.deps.terminal.run(command, options));
  }

  /** What planning a runbook for `cluster` needs (nothing runs while planning). */
  planContext(cluster: ClusterConfig): PlanContext {
    return {
      control: this.controlOf(cluster),
      memory: this.deps.memories.of(cluster.id),
      verifyTimeoutMs: verifyTimeoutMs(),
      connect: cluster.connectString,
    };
  }

  /** The runbooks that apply to the cluster's latest report, most urgent first, planned. */
  async applicable(clusterId?: string): Promise<{ monitored: Monitored; choices: RunbookChoice[] }> {
    const monitored = await this.monitored(clusterId);
    const ctx = this.planContext(monitored.cluster);
    const choices = applicableRunbooks(monitored.report).flatMap((id) => {
      const planned = planRunbook(id, monitored.report, ctx);
      return planned
        ? [{ id, title: planned.title, reason: planned.reason, ...(planned.refusal ? { refusal: planned.refusal } : {}) }]
        : [];
    });
    return { monitored, choices };
  }

  /** "Run Runbook…": offers the runbooks that apply now and runs the one picked. */
  async pickAndRun(clusterId?: string): Promise<RunbookRun | undefined> {
    const { monitored, choices } = await this.applicable(clusterId);
    if (choices.length === 0) {
      void vscode.window.showInformationMessage(`No runbook applies to ${monitored.cluster.name} now: ${monitored.report.summary}`);
      return undefined;
    }
    const id = await this.prompts.pickRunbook(monitored.cluster.name, choices);
    return id ? this.openRunbook(monitored.cluster.id, id) : undefined;
  }

  /**
   * Plans runbook `runbookId` on a fresh report of the cluster and runs it (each act step after
   * consent, asked in `consentIn`). `member`: the member an alert was about, noted in the log.
   * Resolves once the run started (its `done` resolves at the end); undefined when the runbook does
   * not apply now (the dashboard gets that as a RecoveryRefusal, to show in its section).
   */
  async openRunbook(
    clusterId: string | undefined,
    runbookId: string,
    member?: string | null,
    consentIn: ConsentFrontEnd = 'dialog',
  ): Promise<RunbookRun | undefined> {
    const { cluster, monitor } = await this.monitored(clusterId);
    const report = await this.observe(monitor);
    const runbook = planRunbook(runbookId, report, this.planContext(cluster));
    if (!runbook) {
      const why = `The runbook "${runbookId}" does not apply to ${cluster.name} now: ${report.summary}`;
      if (consentIn === 'dashboard') throw new RecoveryRefusal(why);
      void vscode.window.showInformationMessage(why);
      return undefined;
    }
    let openedFor: string | null = null;
    if (member) {
      const seen = report.health.members.find((m) => m.address === member);
      openedFor = `member ${member}${seen ? ` (${seen.condition === 'up' ? `serving as ${seen.role ?? 'unknown role'} now` : seen.condition})` : ' (not in the report)'}`;
    }
    return this.start(cluster, monitor, runbook, openedFor, undefined, consentIn);
  }

  /** "Rolling Restart…": every member restarted through the control, one at a time, leader last. */
  async rollingRestart(clusterId?: string): Promise<RunbookRun | undefined> {
    const { cluster, monitor } = await this.monitored(clusterId);
    const control = this.controlOf(cluster);
    if (!control?.supports('restart')) {
      throw new RecoveryRefusal(
        `A rolling restart runs a restart command per member, and ${cluster.name} has none: set ` +
          `"control" (a preset, or a "restart" template) on it in the zookeeper.clusters setting.`,
      );
    }
    const report = await this.observe(monitor);
    const runbook = planRollingRestart(report, { control, memberTimeoutMs: verifyTimeoutMs(), memory: this.deps.memories.of(cluster.id) });
    return this.start(cluster, monitor, runbook, null);
  }

  /**
   * Starts a planned runbook (reconfig builds its own). From the palette or a notification
   * (`dialog`): its live view opens, a cancellable notification follows it, and consent is a modal;
   * from the dashboard, the dashboard shows all of that itself.
   */
  async start(
    cluster: ClusterConfig,
    monitor: PolledClusterMonitor,
    runbook: PlannedRunbook,
    openedFor: string | null,
    cleanup?: () => Promise<void>,
    consentIn: ConsentFrontEnd = 'dialog',
  ): Promise<RunbookRun> {
    const busy = this.runs.find((r) => r.clusterId === cluster.id && r.running);
    if (busy) {
      if (consentIn === 'dialog') await this.deps.documents.show(busy);
      throw new RecoveryRefusal(
        `A runbook is already running on ${cluster.name} ("${busy.runbook.title}"): one at a time. Stop it (cancel its notification) or wait for it.`,
      );
    }
    const control = this.controlOf(cluster);
    const output = this.deps.output;
    const run = new RunbookRun(cluster.id, cluster.name, runbook, cluster.connectString, actor(), openedFor, consentIn, (r) =>
      runRunbook(
        runbook,
        {
          observe: () => this.observe(monitor),
          control,
          backup: async () => {
            const credentials = await this.deps.registry.getCredentials(cluster.id);
            const auth = credentials ? [{ scheme: 'digest', auth: `${credentials.user}:${credentials.password}` }] : undefined;
            const b = await backupRoot(cluster.connectString, { dir: this.deps.backupDir, auth });
            return `${b.file} (${b.count} znodes${b.note ? `; ${b.note}` : ''})`;
          },
        },
        {
          mode: 'run',
          consent: (request) => {
            const index = runbook.steps.findIndex((s) => s.id === request.step);
            const ctx = {
              clusterName: cluster.name,
              runbookTitle: runbook.title,
              stepNumber: index + 1,
              stepCount: runbook.steps.length,
              ...(request.plan.command && control
                ? { runsIn: 'the "ZooKeeper Recovery" terminal', commandTimeoutSeconds: Math.round(control.timeoutMs / 1000) }
                : {}),
            };
            const answered = r.askConsent(request, ctx);
            if (r.consentIn === 'dialog')
              this.prompts.consent(request, ctx).then(
                (yes) => r.answer(request.step, yes),
                () => r.answer(request.step, false),
              );
            return answered;
          },
          onEvent: (event) => {
            r.apply(event);
            if (event.type === 'log')
              output.appendLine(
                `[${event.entry.at}] ${cluster.name} ${runbook.id}${event.entry.step ? ` [${event.entry.step}]` : ''} ${event.entry.kind}: ${event.entry.text}`,
              );
          },
          cluster: cluster.connectString,
          actor: actor(),
          signal: r.abort.signal,
        },
      ).finally(() => cleanup?.()),
    );
    this.runs.push(run);
    if (this.runs.length > 50) this.runs.splice(0, this.runs.findIndex((r) => !r.running) + 1);
    for (const listener of [...this.runListeners]) {
      try {
        listener(run);
      } catch {
        // A failing view must not stop the run.
      }
    }
    if (consentIn === 'dialog') {
      await this.deps.documents.show(run);
      void this.progress(run);
    }
    return run;
  }

  /**
   * A dashboard run whose panel closed: its questions go to modals from now on (the one waiting
   * too), and it gets the live view and the cancellable notification, so it can be answered or
   * stopped without the dashboard, and never holds its cluster with nobody able to answer.
   */
  handToDialog(run: RunbookRun): void {
    if (run.consentIn !== 'dashboard' || !run.running || run.abort.signal.aborted) return;
    run.consentIn = 'dialog';
    const waiting = run.waiting;
    if (waiting)
      this.prompts.consent(waiting.request, waiting.ctx).then(
        (yes) => run.answer(waiting.request.step, yes),
        () => run.answer(waiting.request.step, false),
      );
    void this.deps.documents.show(run);
    void this.progress(run);
  }

  /** Hears every run as it starts (the dashboards follow their cluster's). */
  onDidStartRun(listener: (run: RunbookRun) => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  /**
   * The dashboard's answer to a run's consent question. Only runs started from the dashboard take
   * answers from it (a modal asks the others); false when no such question waits.
   */
  answer(runId: string, step: string, yes: boolean): boolean {
    const run = this.runs.find((r) => r.id === runId);
    return !!run && run.consentIn === 'dashboard' && run.running && run.answer(step, yes);
  }

  /** A cancellable notification while the run goes on: cancelling stops it. */
  private progress(run: RunbookRun): Thenable<void> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Runbook "${run.runbook.title}" on ${run.clusterName}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => run.stop());
        progress.report({ message: run.now });
        const off = run.onDidChange(() => progress.report({ message: run.now }));
        return run.done.then(
          (result) => {
            off();
            const message = `Runbook "${run.runbook.title}" on ${run.clusterName}: ${result.status}${result.acted === 0 ? ' (nothing was changed)' : ''}.`;
            const show = result.status === 'completed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
            void show(message, 'Save Log as Markdown…').then((choice) => (choice ? this.saveLog(run) : undefined));
          },
          () => off(),
        );
      },
    );
  }

  /** Writes a run's log as Markdown where the user chooses; resolves to the file, if saved. */
  async saveLog(run: RunbookRun | undefined = this.runs.at(-1)): Promise<vscode.Uri | undefined> {
    if (!run) {
      void vscode.window.showInformationMessage('No runbook has run in this window yet.');
      return undefined;
    }
    const stamp = run.log.startedAt.replace(/[:.]/g, '-');
    const suggested = `${run.clusterName}-${run.runbook.id}-${stamp}.md`.replace(/[/\\?#:*"<>| ]/g, '_');
    const target = await this.prompts.saveTarget(suggested);
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(run.log.toMarkdown(), 'utf8'));
    return target;
  }

  /** Backups go here: `<global storage>/backups`. */
  static backupDirOf(context: vscode.ExtensionContext): string {
    return path.join(context.globalStorageUri.fsPath, 'backups');
  }
}
