import * as vscode from 'vscode';
import { RUNBOOK_IDS } from '../../core/recovery/runbooks';
import type { RunbookLauncher } from '../alerts/runbooks';
import { OpenRunbookCommand } from './commands';

/**
 * Guided recovery as the alerts' runbook launcher: every runbook id the planner knows opens through
 * `zookeeper.openRunbook` (so a refusal is a warning, as from the palette), for the alert's member,
 * with a consent modal before each act step.
 */
export const recoveryLauncher: RunbookLauncher = {
  has: (runbookId) => RUNBOOK_IDS.includes(runbookId),
  open: async (runbookId, context) => {
    await vscode.commands.executeCommand(OpenRunbookCommand.id, {
      clusterId: context.clusterId,
      runbook: runbookId,
      member: context.member,
    });
  },
};
