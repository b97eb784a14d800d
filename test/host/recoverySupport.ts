import assert from 'node:assert/strict';
import * as http from 'node:http';
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
