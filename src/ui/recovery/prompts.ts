import * as vscode from 'vscode';
import type { ConfMember } from '../../core/ensemble/parsers/conf';
import type { MembershipChange } from '../../core/recovery/reconfig/changes';
import type { ConsentRequest } from '../../core/recovery/types';
import type { DigestCredentials } from '../clusters';
import { ConsentContext, consentText } from './consentText';
import { askReconfigChange, askReconfigUser } from './reconfigPrompts';

/*
 * Every question recovery asks the user, behind one replaceable object: host tests answer them the
 * way a user would (the explorer's confirmInvalidJson is the model), the product shows modals and
 * pickers.
 */

/** A runbook offered by "Run Runbook…". */
export interface RunbookChoice {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
  /** Set when it would be refused now. */
  readonly refusal?: string;
}

export interface RecoveryPrompts {
  /** Which runbook to run; undefined: none. */
  pickRunbook(clusterName: string, choices: readonly RunbookChoice[]): Promise<string | undefined>;
  /** Consent before one act step: a modal that says what, where, and the fault tolerance left. */
  consent(request: ConsentRequest, ctx: ConsentContext): Promise<boolean>;
  /** Where to save a run log. */
  saveTarget(suggestedName: string): Promise<vscode.Uri | undefined>;
  /** The membership change of "Reconfigure Ensemble…". */
  reconfigChanges(clusterName: string, members: readonly ConfMember[]): Promise<MembershipChange[] | undefined>;
  /** The user allowed to reconfig, when none is stored yet. */
  reconfigUser(clusterName: string): Promise<DigestCredentials | undefined>;
}

export const modalPrompts: RecoveryPrompts = {
  async pickRunbook(clusterName, choices) {
    const picked = await vscode.window.showQuickPick(
      choices.map((c) => ({
        label: c.title,
        description: c.id,
        detail: c.refusal ? `Refused now: ${c.refusal}` : c.reason,
        id: c.id,
      })),
      {
        title: `Runbooks that apply to ${clusterName} now`,
        placeHolder: 'Pick a runbook: it diagnoses first, and asks before each action',
        matchOnDetail: true,
      },
    );
    return picked?.id;
  },

  async consent(request, ctx) {
    const t = consentText(request, ctx);
    const answer = await vscode.window.showWarningMessage(t.message, { modal: true, detail: t.detail }, t.button);
    return answer === t.button;
  },

  async saveTarget(suggestedName) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({
      title: 'Save runbook log as Markdown',
      filters: { Markdown: ['md'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggestedName) } : {}),
    });
  },

  reconfigChanges: askReconfigChange,
  reconfigUser: askReconfigUser,
};
