import * as vscode from 'vscode';

/**
 * Asked before a JSON-view document whose text does not parse is saved; resolves true to save the
 * text as it is. Replaceable (the host tests answer it), so never a hidden global.
 */
export type InvalidJsonPrompt = (znodePath: string, problem: string) => Promise<boolean>;

const SAVE_ANYWAY = 'Save Anyway';

/** The default prompt: a modal warning; Save Anyway writes the text as typed, Cancel keeps it unsaved. */
export const askSaveInvalidJson: InvalidJsonPrompt = async (znodePath, problem) => {
  const answer = await vscode.window.showWarningMessage(
    `${znodePath} is open as JSON, but the text is not valid JSON: ${problem}. Save it anyway (as text)?`,
    { modal: true, detail: 'Readers of this znode that expect JSON will fail to parse it.' },
    SAVE_ANYWAY,
  );
  return answer === SAVE_ANYWAY;
};
