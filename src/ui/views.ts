import * as vscode from 'vscode';

/** View-level commands shared by the views (the Ensemble view itself lives in ui/health). */
export function registerViews(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('zookeeper.showEnsemble', () => vscode.commands.executeCommand('workbench.view.extension.zookeeper')),
  );
}
