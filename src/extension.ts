import * as vscode from 'vscode';
import { registerViews } from './ui/views';
import { ClusterStatusBar } from './ui/statusBar';
import { startLanguageClient } from './ui/languageClient';

/**
 * Wires services with plain constructors and registers each disposable as it is created, so
 * nothing outlives deactivation.
 */
export function activate(context: vscode.ExtensionContext): void {
  const statusBar = new ClusterStatusBar();
  context.subscriptions.push(statusBar);
  registerViews(context);
  context.subscriptions.push(startLanguageClient(context));
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
