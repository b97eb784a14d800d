import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostSuite, HostTestResult } from './suite';
import { withTimeout } from '../support/wait';

const TEST_TIMEOUT_MS = Number(process.env.ZKOPS_HOST_TEST_TIMEOUT_MS ?? 60_000);

/**
 * Called by VS Code in the extension host (extensionTestsPath). Runs every `*.host.js` suite next
 * to this file, writes the results to $ZKOPS_HOST_RESULTS and throws when any test failed.
 */
export async function run(): Promise<void> {
  const only = process.env.ZKOPS_HOST_ONLY;
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.host.js') && (!only || f.startsWith(only)))
    .sort();
  const results: HostTestResult[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { suite } = require(path.join(__dirname, file)) as { suite: HostSuite };
    for (const [name, fn] of Object.entries(suite.tests)) {
      const start = Date.now();
      try {
        await withTimeout(fn(), TEST_TIMEOUT_MS, 'the test');
        results.push({ suite: suite.name, test: name, ok: true, ms: Date.now() - start });
      } catch (err) {
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        results.push({ suite: suite.name, test: name, ok: false, ms: Date.now() - start, error });
      }
    }
  }
  const out = process.env.ZKOPS_HOST_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} host test(s) failed: ${failed.map((f) => f.test).join(', ')}`);
}
