import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';
import { runShell } from '../../src/core/recovery/control';

/*
 * What the recovery host suites share: the test process's member control ($ZKOPS_TEST_CONTROL, a
 * shell template that asks test/support/memberControl.ts to act on a testbed member) and the list of
 * calls it received ($ZKOPS_TEST_CONTROL_URL).
 */

export const env = (name: string): string => {
  const value = process.env[name];
  assert.ok(value, `${name} is not set`);
  return value;
};

export interface Call {
  action: string;
  id: number;
  ok: boolean;
}

/** The control server's calls so far (it runs in the test process, not in this host). */
export function controlCalls(): Promise<Call[]> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${env('ZKOPS_TEST_CONTROL_URL')}/calls`, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (t: string) => (body += t));
      res.on('end', () => resolve(JSON.parse(body) as Call[]));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Acts on a testbed member behind the editor's back (the fault, or the user working by hand). */
export async function testbed(action: 'kill' | 'start', id: number): Promise<void> {
  const command = env('ZKOPS_TEST_CONTROL').replace('{action}', action).replace('{id}', String(id));
  const outcome = await runShell(command, { timeoutMs: 60_000 });
  assert.equal(outcome.exitCode, 0, `${command}: ${outcome.output}`);
}

/**
 * Applies what the recovery suites need and returns what puts the user's settings back (in reverse
 * order). Runbooks read every check, which needs mntr and conf answers: on this busy machine (an
 * ensemble, the workbench and a browser on 2 cores) a sub-second probe budget leaves checks
 * unknown, so a 1 s poll with a 3 s probe budget, and verify steps of 40 s.
 */
export async function applyRecoverySettings(clusters: readonly object[]): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration();
  const wanted: [string, unknown][] = [
    ['zookeeper.health.pollIntervalSeconds', 1],
    ['zookeeper.health.probeTimeoutMs', 3000],
    ['zookeeper.recovery.verifyTimeoutSeconds', 40],
    ['zookeeper.clusters', clusters],
  ];
  const previous = wanted.map(([key]) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of wanted) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [key, value] of previous.reverse()) await config.update(key, value, vscode.ConfigurationTarget.Global);
  };
}
