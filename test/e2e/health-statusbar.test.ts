import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { Testbed } from '../../src/core/testbed/testbed';
import { HeadlessBrowser, openBrowser, openWorkbench, outputDir, runCommand } from '../support/browser';
import { CodeServer, REPO_ROOT, startCodeServer } from '../support/codeServer';

// The packaged extension in a real workbench watches a real ensemble: the status bar changes when
// a follower is killed and again when it returns.
const VSIX = path.join(REPO_ROOT, 'dist', 'zookeeper-ops.vsix');

let bed: Testbed | undefined;
let server: CodeServer | undefined;
let browser: HeadlessBrowser | undefined;

before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
  bed = await Testbed.start({ size: 3 });
  server = await startCodeServer({
    vsix: VSIX,
    settings: {
      'zookeeper.clusters': [{ name: 'e2e', connectString: bed.connectString }],
      'zookeeper.health.pollIntervalSeconds': 1,
    },
  });
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await bed?.close();
});

async function statusText(page: Page, pattern: RegExp, timeoutMs: number): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const item = page.locator('.statusbar-item', { hasText: pattern });
  await item.first().waitFor({ timeout: timeoutMs });
  return { text: (await item.first().innerText()).trim(), ms: Date.now() - started };
}

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: path.join(outputDir(), `health-statusbar-${name}.png`) });

test('the status bar follows the ensemble: healthy, a follower killed, the follower back', async () => {
  const page = browser!.page;
  try {
    await openWorkbench(page, `${server!.url}/?folder=${encodeURIComponent(server!.workspace)}`);
    const healthy = await statusText(page, /ZK e2e: leader \d · 3\/3 · can lose 1/, 90_000);
    await shot(page, '1-healthy');

    const leader = (await bed!.leaderId())!;
    const follower = bed!.members.find((m) => m.id !== leader)!.id;
    await bed!.kill(follower);
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

    bed!.startMember(follower);
    await statusText(page, /ZK e2e: leader \d · 3\/3 · can lose 1/, 60_000);
    await shot(page, '4-recovered');
    assert.equal(await page.locator('.statusbar-item.warning-kind', { hasText: /ZK e2e:/ }).count(), 0);
  } catch (err) {
    await shot(page, 'failure').catch(() => undefined);
    throw err;
  }
});
