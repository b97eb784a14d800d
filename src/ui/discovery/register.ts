import * as vscode from 'vscode';
import { HealthLookup, createHealthLookup } from '../../core/discovery';
import type { HealthService } from '../../core/health/service';
import type { ClusterRegistry } from '../clusters';
import { registerCommands } from '../commands/command';
import { CheckFoundCommand, OpenDashboardCommand, OpenInViewCommand, RescanCommand, WatchFoundCommand } from './commands';
import { DiscoveryDiagnostics } from './diagnostics';
import { DISCOVERY_SELECTOR, foundIn } from './documents';
import { FoundHealth } from './foundHealth';
import { DiscoveryLenses } from './lenses';
import { Ask, DiscoveryOffer } from './offer';
import { DISCOVERY_SECTION, DiscoverySettings, readDiscoverySettings } from './settings';
import { WorkspaceScan } from './workspaceScan';

/** Activation stays instant: the first scan starts this long after. */
const START_DELAY_MS = 1000;

export interface DiscoveryUi {
  readonly scan: WorkspaceScan;
  readonly offer: DiscoveryOffer;
  readonly diagnostics: DiscoveryDiagnostics;
  readonly lenses: DiscoveryLenses;
}

export interface DiscoveryOptions {
  /** Health of an ensemble nobody polls; default: the core probe, cached 10 s, 1.5 s per member. */
  readonly lookup?: HealthLookup;
  /** The background polls: a found ensemble that a polled cluster names is shown from its reports. */
  readonly service?: HealthService;
  readonly ask?: Ask;
}

/**
 * Connect strings found in the workspace: the bounded scan (on start, on file changes, again when
 * its settings change), the once-per-workspace offer, lenses, hovers, diagnostics and commands.
 * `zookeeper.discovery.enabled: false` turns all of it off. Every disposable goes to
 * `context.subscriptions` as it is made; dispose cancels a scan in progress.
 */
export function activateDiscovery(
  context: vscode.ExtensionContext,
  registry: ClusterRegistry,
  output: vscode.OutputChannel,
  options: DiscoveryOptions = {},
): DiscoveryUi {
  let settings: DiscoverySettings = readDiscoverySettings();
  const current = (): DiscoverySettings => settings;
  const health = new FoundHealth(options.lookup ?? createHealthLookup(), options.service, registry, () =>
    vscode.window.visibleTextEditors.some((e) => foundIn(e.document, settings.caps.maxFileBytes).length > 0),
  );
  context.subscriptions.push(health);
  const scan = new WorkspaceScan(current);
  context.subscriptions.push(scan);
  const offer = new DiscoveryOffer(context.workspaceState, registry, options.ask);
  context.subscriptions.push(offer);
  const diagnostics = new DiscoveryDiagnostics(scan, health.lookup, current, health.onDidChange);
  context.subscriptions.push(diagnostics);
  const lenses = new DiscoveryLenses(health.lookup, current, health.onDidChange);
  context.subscriptions.push(lenses);
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(DISCOVERY_SELECTOR, lenses));
  context.subscriptions.push(vscode.languages.registerHoverProvider(DISCOVERY_SELECTOR, lenses));
  context.subscriptions.push(
    ...registerCommands(
      [
        new WatchFoundCommand(registry, scan, offer),
        new OpenInViewCommand(registry),
        new OpenDashboardCommand(registry),
        new CheckFoundCommand(),
        new RescanCommand(scan),
      ],
      output,
      () => undefined,
    ),
  );
  context.subscriptions.push(
    scan.onDidChange(() => {
      lenses.refresh();
      if (current().enabled)
        void offer.consider(scan.found).catch((err: unknown) => output.appendLine(`[discovery] offer failed: ${String(err)}`));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        !e.affectsConfiguration(DISCOVERY_SECTION) &&
        !e.affectsConfiguration('files.exclude') &&
        !e.affectsConfiguration('search.exclude')
      )
        return;
      settings = readDiscoverySettings();
      lenses.refresh();
      void scan.rescanAll();
    }),
  );
  const start = setTimeout(() => {
    void scan.rescanAll().then(() => {
      const s = scan.stats;
      if (s)
        output.appendLine(
          `[discovery] ${scan.found.length} connect string(s) in ${s.filesRead} file(s) read of ${s.candidates} candidate(s) in ${s.elapsedMs} ms`,
        );
    });
  }, START_DELAY_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(start) });
  return { scan, offer, diagnostics, lenses };
}
