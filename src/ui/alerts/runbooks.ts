/**
 * The hook between alerts and guided recovery (runbooks: issue 12, built in core separately). An
 * alert names its rule's runbook id; when a launcher says it has that runbook, notifications offer
 * "Open Runbook" and the Ensemble view's runbook row opens it. Until recovery is wired in, the
 * launcher below has none: the button is left out and the row says so, with the rule's one-line
 * "what to do" shown instead.
 */
export interface RunbookContext {
  readonly clusterId: string;
  readonly rule: string;
  readonly member: string | null;
}

export interface RunbookLauncher {
  /** Whether `runbookId` can be opened now. */
  has(runbookId: string): boolean;
  /** Opens the runbook for this alert (only called when `has` said yes). */
  open(runbookId: string, context: RunbookContext): Promise<void>;
}

/** No runbooks yet: guided recovery is not in this build. */
export const NO_RUNBOOKS: RunbookLauncher = {
  has: () => false,
  open: () => Promise.reject(new Error('guided recovery (runbooks) is not in this build yet')),
};

export function runbookNote(launcher: RunbookLauncher, runbookId: string): string {
  return launcher.has(runbookId) ? 'click to open' : 'guided recovery is not in this build yet';
}
