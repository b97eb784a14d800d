import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { E2E_MARKER } from '../support/codeServer';
import { HostRun, runHostTests } from '../support/hostTests';
import { ControlServer, startControlServer } from '../support/memberControl';

// One run of every host suite inside a real extension host, with a real ensemble it can reach
// through $ZKOPS_TEST_CONNECT; each host test becomes a test here.
let bed: Testbed | undefined;
let control: ControlServer | undefined;
let run: HostRun | undefined;
let workspace: string | undefined;

/** The workspace folder the workbench opens: config files naming the test ensemble (discovery.host.ts). */
function makeWorkspace(connect: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${E2E_MARKER}ws-`));
  fs.mkdirSync(path.join(dir, 'kafka', 'config'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'kafka', 'config', 'server.properties'), `broker.id=0\nzookeeper.connect=${connect}\n`);
  fs.mkdirSync(path.join(dir, 'broken'));
  fs.writeFileSync(path.join(dir, 'broken', 'server.properties'), 'zookeeper.connect=127.0.0.1:2181,,127.0.0.1:99999\n');
  return dir;
}

before(async () => {
  bed = await Testbed.start({ size: 3 });
  // Member control for recovery.host.ts: its commands start, stop and kill this testbed's members.
  control = await startControlServer(bed);
  workspace = makeWorkspace(bed.connectString);
  run = await runHostTests(
    { ZKOPS_TEST_CONNECT: bed.connectString, ZKOPS_TEST_CONTROL: control.template(), ZKOPS_TEST_CONTROL_URL: control.url },
    undefined,
    { workspace },
  );
});

after(async () => {
  await control?.close();
  await bed?.close();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

test('the host suites ran', () => {
  assert.ok(run!.results.length > 0, `no host test reported (exit ${run!.exitCode}, logs ${run!.logs.slice(0, 2000)})`);
});

test('every host test passed', async (t) => {
  for (const result of run!.results) {
    await t.test(`${result.suite}: ${result.test}`, () => {
      const workbench = run!.consoleErrors.filter((e) => /save|text file|zk:/i.test(e)).slice(-10);
      // A command that failed says why only in a toast and in the extension's output channel.
      const failures = run!.extensionLog.filter((l) => / failed: /.test(l)).slice(-10);
      assert.ok(
        result.ok,
        [
          result.error,
          ...(workbench.length ? ['workbench console:', ...workbench] : []),
          ...(failures.length ? ['extension output (failures):', ...failures] : []),
        ].join('\n'),
      );
    });
  }
  assert.equal(run!.exitCode, run!.results.every((r) => r.ok) ? 0 : 1);
});
