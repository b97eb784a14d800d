import * as vscode from 'vscode';
import type { Announcement } from '../../core/health/announcer';
import type { NoticeSink } from './controller';

/** How long news about a healthy ensemble stays on screen. */
const NEWS_MS = 8000;

const PREFIX: Record<Announcement['severity'], string> = { error: 'Error', warning: 'Warning', info: '' };

/**
 * Health notifications that can be taken back: each is a progress notification whose promise is
 * resolved when the next one replaces it (a showXMessage toast cannot be closed by the extension).
 * A notice about a condition stays until replaced; news about a healthy ensemble closes by itself.
 * The severity is in the words, as a progress notification has no severity icon.
 */
export class ProgressNotices implements NoticeSink, vscode.Disposable {
  private close: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Texts of the notices shown, newest last (host tests read it); bounded. */
  readonly shown: string[] = [];

  show(clusterName: string, a: Announcement): void {
    this.clear();
    const prefix = PREFIX[a.severity];
    const title = `ZooKeeper ${clusterName}: ${prefix ? `${prefix}: ` : ''}${a.message}`;
    this.shown.push(title);
    if (this.shown.length > 50) this.shown.shift();
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.close = resolve;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(resolve);
      return done;
    });
    if (!a.condition) this.timer = setTimeout(() => this.clear(), NEWS_MS);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.close?.();
    this.close = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
