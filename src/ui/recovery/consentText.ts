import type { ConsentRequest } from '../../core/recovery/types';

/*
 * The words of the consent modal before an act step: what it will do, the command and where it
 * runs (or what to do by hand, where), and the fault tolerance left while it runs. No vscode import:
 * unit-tested in plain node.
 */

export interface ConsentText {
  readonly message: string;
  readonly detail: string;
  /** The button that gives consent; closing the modal refuses. */
  readonly button: string;
}

export interface ConsentContext {
  readonly clusterName: string;
  readonly runbookTitle: string;
  /** 1-based position of the step and the number of steps, for "step 2 of 5". */
  readonly stepNumber: number;
  readonly stepCount: number;
  /** Where the command shows (the recovery terminal); absent when it is not a shell command. */
  readonly runsIn?: string;
  /** How long the command may run before it is killed. */
  readonly commandTimeoutSeconds?: number;
}

export function consentText(request: ConsentRequest, ctx: ConsentContext): ConsentText {
  const p = request.plan;
  const lines = [`What: ${p.does}.`];
  if (p.command) {
    const shown = ctx.runsIn ? `, in ${ctx.runsIn}` : '';
    const killed = ctx.commandTimeoutSeconds ? ` (killed after ${ctx.commandTimeoutSeconds} s)` : '';
    lines.push(`Runs: ${p.command}`, `Where: ${p.where}${shown}${killed}.`);
  } else {
    lines.push(
      `By hand, on ${p.where}: ${p.manual ?? 'see the runbook'}.`,
      'Nothing is run for you: after you agree, the runbook waits for the result and verifies it.',
    );
  }
  lines.push(p.tolerance);
  if (p.losesData) lines.push('This step can lose data: a backup of / is written first and named in the log.');
  lines.push(`Step ${ctx.stepNumber} of ${ctx.stepCount} of the runbook "${ctx.runbookTitle}". Nothing further is done if you cancel.`);
  return {
    message: `${ctx.clusterName}: ${request.title}?`,
    detail: lines.join('\n\n'),
    button: p.command ? 'Run' : "I'll do it: verify",
  };
}
