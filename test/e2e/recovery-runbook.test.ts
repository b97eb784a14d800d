import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, outputDir, pickQuickInput, runCommand } from '../support/browser';
import { RecoveryWorkbench } from '../support/recoveryWorkbench';

// The packaged extension in a real workbench: a follower is killed, "ZooKeeper: Run Runbook…"
// offers "Member down", the consent modal says what it will run, where, and the fault tolerance
// left; after "Run" the member is started through the cluster's control command (which asks this
// test's control server to start the testbed member) and the run view shows every step done.
const NAME = 'e2e-recovery';

const w = new RecoveryWorkbench();
before(() => w.start(NAME));
after(() => w.stop());

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: path.join(outputDir(), `recovery-runbook-${name}.png`) });

test('a killed follower: Run Runbook → Member down → consent in a modal → started in the terminal → the run view shows each step done', async () => {
  const page = w.browser!.page;
  try {
    await openWorkbench(page, `${w.server!.url}/?folder=${encodeURIComponent(w.server!.workspace)}`);
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`ZK ${NAME}: leader \\d · 3/3 · can lose 1`) })
      .first()
      .waitFor({ timeout: 90_000 });

    const leader = (await w.bed!.leaderId())!;
    const follower = w.bed!.members.find((m) => m.id !== leader)!.id;
    await w.bed!.kill(follower);
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
    assert.equal(w.control!.calls.length, 0, 'nothing ran before consent');
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
      w.control!.calls.map((c) => `${c.action} ${c.id} ${c.ok}`),
      [`start ${follower} true`],
    );
    assert.ok(['follower', 'leader'].includes(await w.bed!.mode(follower)), 'the member serves again');
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
