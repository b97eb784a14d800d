import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench, outputDir, runCommand } from '../support/browser';
import { RecoveryWorkbench } from '../support/recoveryWorkbench';
import { waitFor } from '../support/wait';

// The packaged extension in a real workbench: a follower is killed; its alert's notification
// offers "Open Runbook"; the dashboard's alert list has "Open runbook" and its Recovery section
// offers member-down. Run from there, the runbook shows its checklist with the diagnosis's evidence
// and waits for consent in the dashboard (the act step's command and the fault tolerance left
// beside the buttons); after "Run" the member is started through the cluster's control command and
// every step verifies. Screenshots: test-output/e2e/recovery-dashboard-*.png.
const NAME = 'e2e-recdash';

const w = new RecoveryWorkbench();
before(() => w.start(NAME, { 'workbench.colorTheme': 'Default Dark Modern' }));
after(() => w.stop());

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: path.join(outputDir(), `recovery-dashboard-${name}.png`) });

function dashboard(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

test('a killed follower: member-down in the Recovery section → consent in the dashboard → started → every step verified', async () => {
  const page = w.browser!.page;
  try {
    await openWorkbench(page, `${w.server!.url}/?folder=${encodeURIComponent(w.server!.workspace)}`, 120_000);
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`ZK ${NAME}: leader \\d · 3/3 · can lose 1`) })
      .first()
      .waitFor({ timeout: 90_000 });

    const leader = (await w.bed!.leaderId())!;
    const follower = w.bed!.members.find((m) => m.id !== leader)!;
    const address = `127.0.0.1:${follower.ports.client}`;
    await w.bed!.kill(follower.id);

    // The alert's notification offers the runbook (issue 11's "Open runbook").
    const toast = page.locator('.notification-toast', { hasText: `Member down (${address})` }).first();
    await toast.waitFor({ timeout: 30_000 });
    // A button, or a link in the message where notifications carry their actions as command links.
    assert.ok(await toast.locator('.monaco-button, a', { hasText: 'Open Runbook' }).count(), 'Open Runbook on the notification');
    await runCommand(page, 'Notifications: Clear All Notifications');

    await runCommand(page, 'ZooKeeper: Open Dashboard');
    const frame = dashboard(page);
    const recovery = frame.locator('#recovery');
    const offer = recovery.locator('li.offer[data-runbook="member-down"]');
    await offer.waitFor({ timeout: 30_000 });
    assert.match(await offer.innerText(), new RegExp(`firing: member-down · ${address.replace(/\./g, '\\.')}`));
    // The alert list's own way in.
    await frame.locator(`#alerts li[data-rule="member-down"][data-member="${address}"] .open-runbook`).waitFor({ timeout: 30_000 });
    await recovery.scrollIntoViewIfNeeded();
    await shot(page, '1-offered');
    assert.equal(w.control!.calls.length, 0, 'nothing ran yet');

    await offer.locator('.run-runbook').click();
    const run = recovery.locator('.run[data-runbook="member-down"]').first();
    const act = run.locator('li.step[data-step="start-1"]');
    const consent = act.locator('.consent');
    await consent.waitFor({ timeout: 60_000 });
    assert.equal(await act.getAttribute('data-state'), 'waiting');
    assert.equal(await run.locator('li.step[data-step="diagnose"]').getAttribute('data-state'), 'done');
    const evidence = await run.locator('li.step[data-step="diagnose"] .evidence').innerText();
    assert.match(evidence, new RegExp(`${follower.id} \\(${address.replace(/\./g, '\\.')}\\): DOWN, connection refused`));
    const actText = await act.innerText();
    assert.match(actText, new RegExp(`Runs\\s+.*controlClient\\.cjs \\d+ start ${follower.id}`));
    assert.match(actText, /Fault tolerance\s+Fault tolerance while .*: unchanged, the ensemble can lose 0 more voters\./);
    assert.match(await consent.innerText(), new RegExp(`${NAME}: Start member ${follower.id} \\(127\\.0\\.0\\.1:\\d+\\)\\?`));
    assert.equal(w.control!.calls.length, 0, 'nothing ran before consent');
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no modal: consent is asked in the dashboard');
    await act.scrollIntoViewIfNeeded();
    await shot(page, '2-consent');

    await consent.locator('.consent-yes').click();
    await recovery.locator('.run[data-runbook="member-down"][data-status="completed"]').first().waitFor({ timeout: 120_000 });
    const done = recovery.locator('.run[data-runbook="member-down"][data-status="completed"]').first();
    const steps = done.locator('li.step');
    const states: string[] = [];
    for (let i = 0; i < (await steps.count()); i++) {
      states.push(`${await steps.nth(i).getAttribute('data-step')}:${await steps.nth(i).getAttribute('data-state')}`);
    }
    assert.deepEqual(states, ['diagnose:done', 'start-1:done', 'back-1:done', 'healthy:done']);
    const log = await done.locator('.run-log').innerText();
    for (const step of ['diagnose', 'start-1', 'back-1', 'healthy'])
      assert.match(log, new RegExp(`\\d\\d:\\d\\d:\\d\\d\\s+${step}\\s+outcome`), step);
    assert.match(log, /start-1\s+did\s+consent given by /);
    assert.deepEqual(
      w.control!.calls.map((c) => `${c.action} ${c.id} ${c.ok}`),
      [`start ${follower.id} true`],
    );
    assert.ok(['follower', 'leader'].includes(await w.bed!.mode(follower.id)), 'the member serves again');
    await waitFor(
      'the alert to resolve in the list',
      () => frame.locator(`#alerts [data-group="firing"] li[data-rule="member-down"]`).count(),
      (n) => n === 0,
      { timeoutMs: 30_000 },
    );
    assert.equal(await recovery.locator('img, a, script').count(), 0, 'text only');
    await done.scrollIntoViewIfNeeded();
    await shot(page, '3-verified');
  } catch (err) {
    await shot(page, 'failure').catch(() => undefined);
    throw err;
  }
});
