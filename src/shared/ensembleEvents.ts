/**
 * Things that happen to an ensemble, as seen by the health poller: the dashboard's events timeline,
 * the notifications, the alert engine and `zkops top` all read these. Declared here (no vscode,
 * DOM or node imports) because the webview renders them too. Fields are only ever added.
 */
export type MemberStateWord = 'up' | 'down' | 'hung' | 'not-serving' | 'read-only' | 'unknown';

interface EventBase {
  /** Epoch milliseconds when the poller saw it. */
  readonly at: number;
  /** Stable within one cluster's history (monotonic counter); lets a view de-duplicate. */
  readonly seq: number;
}

export type EnsembleEvent =
  | (EventBase & { readonly kind: 'leader-changed'; readonly from: string | null; readonly to: string | null })
  | (EventBase & {
      readonly kind: 'member-state-changed';
      /** host:port as in the report. */
      readonly member: string;
      readonly from: MemberStateWord | null;
      readonly to: MemberStateWord;
      readonly reason: string | null;
    })
  | (EventBase & { readonly kind: 'membership-changed'; readonly added: readonly string[]; readonly removed: readonly string[] })
  /** A member's `uptime` went down between two polls: it restarted (perhaps between polls). */
  | (EventBase & { readonly kind: 'member-restarted'; readonly member: string });

export type EnsembleEventKind = EnsembleEvent['kind'];
