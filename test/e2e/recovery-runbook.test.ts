import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { Testbed } from '../../src/core/testbed/testbed';
import { HeadlessBrowser, openBrowser, openWorkbench, outputDir, pickQuickInput, runCommand } from '../support/browser';
import { CodeServer, REPO_ROOT, startCodeServer } from '../support/codeServer';
import { ControlServer, startControlServer } from '../support/memberControl';

// The packaged extension in a real workbench: a follower is killed, "ZooKeeper: Run Runbook…"
// offers "Member down", the consent modal says what it will run, where, and the fault tolerance
// left; after "Run" the member is started through the cluster's control command (which asks this
// test's control server to start the testbed member) and the run view shows every step done.
const VSIX = path.join(REPO_ROOT, 'dist', 'zookeeper-ops.vsix');
const NAME = 'e2e-recovery';

let bed: Testbed | undefined;
let control: ControlServer | undefined;
let server: CodeServer | undefined;
let browser: HeadlessBrowser | undefined;

before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
  bed = await Testbed.start({ size: 3 });
  control = await startControlServer(bed);
  const template = control.template();
  server = await startCodeServer({
    vsix: VSIX,
    settings: {
      'zookeeper.clusters': [
        {
          name: NAME,
          connectString: bed.connectString,
          control: { start: template, stop: template, restart: template, timeoutSeconds: 60 },
        },
      ],
      // Runbooks read every check: give busy members time to answer mntr and conf.
      'zookeeper.health.pollIntervalSeconds': 1,
      'zookeeper.health.probeTimeoutMs': 3000,
      'zookeeper.recovery.verifyTimeoutSeconds': 60,
    },
  });
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await control?.close();
  await bed?.close();
});

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: path.join(outputDir(), `recovery-runbook-${name}.png`) });

test('a killed follower: Run Runbook → Member down → consent in a modal → started in the terminal → the run view shows each step done', async () => {
  const page = browser!.page;
  try {
    await openWorkbench(page, `${server!.url}/?folder=${encodeURIComponent(server!.workspace)}`);
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`ZK ${NAME}: leader \\d · 3/3 · can lose 1`) })
      .first()
      .waitFor({ timeout: 90_000 });

    const leader = (await bed!.leaderId())!;
    const follower = bed!.members.find((m) => m.id !== leader)!.id;
    await bed!.kill(follower);
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`ZK ${NAME}: leader \\d · 2/3 · can lose 0`) })
      .first()
      .waitFor({ timeout: 30_000 });

    await runCommand(page, 'ZooKeeper: Run Runbook…');
    await pickQuickInput(page, 'Member down');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const words = await dialog.innerText();
    assert.match(words, new RegExp(`Start member ${follower} \\(127\\.0\\.0\\.1:\\d+\\)\\?`));
    assert.match(words, new RegExp(`Runs: .*controlClient\\.cjs \\d+ start ${follower}`));
    assert.match(words, /Where: this machine, in the "ZooKeeper Recovery" terminal \(killed after 60 s\)\./);
    assert.match(words, /Fault tolerance while .*: unchanged, the ensemble can lose 0 more voters\./);
    await shot(page, '1-consent');
    assert.equal(control!.calls.length, 0, 'nothing ran before consent');
    await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();

    // The run view: a read-only Markdown document, its first line the outcome, then the checklist.
    const view = page.locator('.editor-instance .monaco-editor .view-lines');
    await view.filter({ hasText: 'Ended: completed' }).waitFor({ timeout: 120_000 });
    // The editor draws spaces as no-break spaces.
    const text = (await view.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Runbook: Member down/);
    assert.match(text, /1\. \[x\] \*\*diagnose\*\* Member \d .* down — done/);
    assert.match(text, /2\. \[x\] \*\*act\*\* Start member \d .* — done: start command succeeded/);
    assert.match(text, /3\. \[x\] \*\*verify\*\* Member \d .* back as follower or leader and synced — done/);
    assert.match(text, /4\. \[x\] \*\*verify\*\* Every member serving, quorum held — done/);
    assert.deepEqual(
      control!.calls.map((c) => `${c.action} ${c.id} ${c.ok}`),
      [`start ${follower} true`],
    );
    assert.ok(['follower', 'leader'].includes(await bed!.mode(follower)), 'the member serves again');
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`ZK ${NAME}: leader \\d · 3/3 · can lose 1`) })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, '2-run-view');
  } catch (err) {
    await shot(page, 'failure').catch(() => undefined);
    throw err;
  }
});
