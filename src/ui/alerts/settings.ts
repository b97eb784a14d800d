import * as vscode from 'vscode';

/** `zookeeper.alerts.*`: rule overrides and receivers, each entry optionally for one cluster. */
export const ALERTS_SECTION = 'zookeeper.alerts';

export function readRulesSetting(): unknown {
  return vscode.workspace.getConfiguration(ALERTS_SECTION).get<unknown>('rules');
}

export function readReceiversSetting(): unknown {
  return vscode.workspace.getConfiguration(ALERTS_SECTION).get<unknown>('receivers');
}

/** Tells the user about settings problems once per distinct set (they are also logged). */
export class SettingsProblems {
  private told = '';
  constructor(private readonly output: vscode.OutputChannel) {}

  report(problems: readonly string[]): void {
    const text = problems.join('\n');
    if (text === this.told) return;
    this.told = text;
    if (problems.length === 0) return;
    for (const p of problems) this.output.appendLine(`[alerts] ${p}`);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more; see the ZooKeeper output)` : '';
    void vscode.window.showWarningMessage(`ZooKeeper alerts settings: ${problems[0]}${more}`);
  }
}
