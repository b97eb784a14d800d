import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { HostRun, runHostTests } from '../support/hostTests';

// One run of every host suite inside a real extension host, with a real ensemble it can reach
// through $ZKOPS_TEST_CONNECT; each host test becomes a test here.
let bed: Testbed | undefined;
let run: HostRun | undefined;

before(async () => {
  bed = await Testbed.start({ size: 3 });
  run = await runHostTests({ ZKOPS_TEST_CONNECT: bed.connectString });
});

after(async () => {
  await bed?.close();
});

test('the host suites ran', () => {
  assert.ok(run!.results.length > 0, `no host test reported (exit ${run!.exitCode}, logs ${run!.logs.slice(0, 2000)})`);
});

test('every host test passed', async (t) => {
  for (const result of run!.results) {
    await t.test(`${result.suite}: ${result.test}`, () => {
      assert.ok(result.ok, result.error);
    });
  }
  assert.equal(run!.exitCode, run!.results.every((r) => r.ok) ? 0 : 1);
});
