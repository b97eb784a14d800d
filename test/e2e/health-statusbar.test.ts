import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, outputDir, runCommand } from '../support/browser';
import { EnsembleWorkbench } from '../support/ensembleWorkbench';

// The packaged extension in a real workbench watches a real ensemble: the status bar changes when
// a follower is killed and again when it returns.

const w = new EnsembleWorkbench();

before(() =>
  w.launch((bed) => ({
    settings: {
      'zookeeper.clusters': [{ name: 'e2e', connectString: bed.connectString }],
      'zookeeper.health.pollIntervalSeconds': 1,
    },
  })),
);

after(() => w.stop());

async function statusText(page: Page, pattern: RegExp, timeoutMs: number): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const item = page.locator('.statusbar-item', { hasText: pattern });
  await item.first().waitFor({ timeout: timeoutMs });
  return { text: (await item.first().innerText()).trim(), ms: Date.now() - started };
}

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: path.join(outputDir(), `health-statusbar-${name}.png`) });

test('the status bar follows the ensemble: healthy, a follower killed, the follower back', async () => {
  const page = w.browser!.page;
  try {
    await openWorkbench(page, `${w.server!.url}/?folder=${encodeURIComponent(w.server!.workspace)}`);
    const healthy = await statusText(page, /ZK e2e: leader \d · 3\/3 · can lose 1/, 90_000);
    await shot(page, '1-healthy');

    const leader = (await w.bed!.leaderId())!;
    const follower = w.bed!.members.find((m) => m.id !== leader)!.id;
    await w.bed!.kill(follower);
    const degraded = await statusText(page, /ZK e2e: leader \d · 2\/3 · can lose 0/, 20_000);
    await shot(page, '2-follower-killed');
    assert.notEqual(degraded.text, healthy.text);
    // Degraded uses the theme's warning colours.
    const warning = page.locator('.statusbar-item.warning-kind', { hasText: /ZK e2e:/ });
    assert.equal(await warning.count(), 1, 'the degraded item has the warning background');

    // A click on the item opens this cluster's dashboard, whose summary names the member down.
    await page
      .locator('.statusbar-item', { hasText: /ZK e2e:/ })
      .first()
      .click();
    await page.locator('.tab', { hasText: /e2e/ }).first().waitFor({ timeout: 20_000 });
    await shot(page, '3-dashboard-from-status-bar');

    // The Ensemble view lists the members, the killed one as DOWN.
    await runCommand(page, 'ZooKeeper: Show Ensemble');
    await page.locator('.pane-body .monaco-list-row .label-name', { hasText: /DOWN/ }).first().waitFor({ timeout: 20_000 });
    await shot(page, '3-ensemble-view');

    w.bed!.startMember(follower);
    await statusText(page, /ZK e2e: leader \d · 3\/3 · can lose 1/, 60_000);
    await shot(page, '4-recovered');
    assert.equal(await page.locator('.statusbar-item.warning-kind', { hasText: /ZK e2e:/ }).count(), 0);
  } catch (err) {
    await shot(page, 'failure').catch(() => undefined);
    throw err;
  }
});
