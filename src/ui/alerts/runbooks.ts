/**
 * The hook between alerts and guided recovery. An alert names its rule's runbook id; when the
 * launcher has that runbook, its notification offers "Open Runbook" (with the alert's member), the
 * Ensemble view's runbook row opens it on a click, and the dashboard's alert list offers it. Rules
 * whose runbook id recovery does not know (latency, forecasts…) keep their one-line "what to do".
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

/** No runbooks: what the alerts use before recovery is connected. */
export const NO_RUNBOOKS: RunbookLauncher = {
  has: () => false,
  open: () => Promise.reject(new Error('guided recovery is not connected')),
};

/**
 * The launcher the alerts are built with. Alerts come up with the health service, before recovery
 * (which needs the health service's monitors), so recovery plugs its launcher in afterwards.
 */
export class RunbookHook implements RunbookLauncher {
  private target: RunbookLauncher = NO_RUNBOOKS;

  connect(target: RunbookLauncher): void {
    this.target = target;
  }

  has(runbookId: string): boolean {
    return this.target.has(runbookId);
  }

  open(runbookId: string, context: RunbookContext): Promise<void> {
    return this.target.open(runbookId, context);
  }
}

export function runbookNote(launcher: RunbookLauncher, runbookId: string): string {
  return launcher.has(runbookId) ? 'click to open' : 'no guided runbook: see what to do';
}
