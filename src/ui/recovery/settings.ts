import * as vscode from 'vscode';

/** `zookeeper.recovery.verifyTimeoutSeconds`, validated (settings are untrusted input): 5–3600 s, default 120. */
export function verifyTimeoutMs(): number {
  const raw = vscode.workspace.getConfiguration('zookeeper.recovery').get<unknown>('verifyTimeoutSeconds');
  const seconds = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(3600, Math.max(5, Math.round(raw))) : 120;
  return seconds * 1000;
}
