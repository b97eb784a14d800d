import * as vscode from 'vscode';
import { FoundConnectString, SOURCE_LABELS, isUsable } from '../../core/discovery';
import type { ClusterRegistry } from '../clusters';
import { clusterFor, sameEnsembleKey, watchFound } from './watching';

/** workspaceState key: set once the offer was shown in this workspace, whatever the answer. */
export const OFFERED_KEY = 'zookeeper.discovery.offered';

const WATCH = 'Watch';
const NOT_NOW = 'Not Now';

/** How to ask; the default is a notification. Host tests observe the offer through `onDidOffer`. */
export type Ask = (message: string, ...actions: string[]) => Thenable<string | undefined>;

/**
 * The one offer per workspace: "This workspace uses ZooKeeper at … — watch it?". It is marked as
 * made before it is shown, so a reload, a second scan or a dismissed toast never brings it back.
 */
export class DiscoveryOffer implements vscode.Disposable {
  private readonly offered = new vscode.EventEmitter<string>();
  /** Fires with the offer's text when it is shown. */
  readonly onDidOffer = this.offered.event;
  private pending = false;
  private readonly shownTexts: string[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly registry: ClusterRegistry,
    private readonly ask: Ask = (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  ) {}

  /** The offers shown since activation (at most one), for tests and the output channel. */
  get shown(): readonly string[] {
    return this.shownTexts;
  }

  get made(): boolean {
    return this.state.get<boolean>(OFFERED_KEY) === true;
  }

  /** Usable strings naming ensembles not configured yet, one per ensemble. */
  candidates(found: readonly FoundConnectString[]): FoundConnectString[] {
    const seen = new Set<string>();
    return found.filter((f) => {
      const key = isUsable(f) ? sameEnsembleKey(f.connectString) : undefined;
      if (key === undefined || seen.has(key) || clusterFor(this.registry, f.connectString)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Makes the offer when it was never made here and something new was found; resolves when answered. */
  async consider(found: readonly FoundConnectString[]): Promise<void> {
    if (this.made || this.pending) return;
    const fresh = this.candidates(found);
    if (fresh.length === 0) return;
    this.pending = true;
    await this.state.update(OFFERED_KEY, true);
    const first = fresh[0]!;
    const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more)` : '';
    const where = `${SOURCE_LABELS[first.source]}, ${vscode.workspace.asRelativePath(vscode.Uri.parse(first.file))}`;
    const message = `This workspace uses ZooKeeper at ${first.connectString}${more} (${where}) — watch it?`;
    this.shownTexts.push(message);
    this.offered.fire(message);
    const answer = await this.ask(message, fresh.length > 1 ? `${WATCH}…` : WATCH, NOT_NOW);
    this.pending = false;
    if (answer !== WATCH && answer !== `${WATCH}…`) return;
    const chosen = fresh.length > 1 ? await pick(fresh) : first;
    if (chosen) await watchFound(this.registry, chosen);
  }

  dispose(): void {
    this.offered.dispose();
  }
}

async function pick(found: readonly FoundConnectString[]): Promise<FoundConnectString | undefined> {
  const item = await vscode.window.showQuickPick(
    found.map((f) => ({
      label: f.connectString,
      description: `${SOURCE_LABELS[f.source]} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(f.file))}`,
      found: f,
    })),
    { placeHolder: 'Which ZooKeeper ensemble should the status bar watch?' },
  );
  return item?.found;
}
