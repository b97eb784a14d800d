import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { HeadlessBrowser, openBrowser, openWorkbench, outputDir } from '../support/browser';
import { CodeServer, startCodeServer } from '../support/codeServer';
import { VSIX } from '../support/ensembleWorkbench';

let server: CodeServer | undefined;
let browser: HeadlessBrowser | undefined;

before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
  server = await startCodeServer({ vsix: VSIX });
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the packaged extension shows its container, both views and the status bar item', async () => {
  const page = browser!.page;
  await openWorkbench(page, `${server!.url}/?folder=${encodeURIComponent(server!.workspace)}`);
  // The status bar item appears once the extension has activated.
  const statusItem = page.locator('.statusbar-item', { hasText: 'ZK: no cluster' });
  await statusItem.waitFor({ timeout: 60_000 });
  const icon = page.locator('.activitybar .action-item a[aria-label^="ZooKeeper"]');
  await icon.waitFor({ timeout: 30_000 });
  await icon.click();
  const headers = page.locator('.pane-header');
  await headers.filter({ hasText: 'Znodes' }).first().waitFor({ timeout: 30_000 });
  await headers.filter({ hasText: 'Ensemble' }).first().waitFor({ timeout: 30_000 });
  const sidebarTitle = await page.locator('.part.sidebar .title-label').first().innerText();
  assert.match(sidebarTitle, /ZOOKEEPER/i);
  await page.screenshot({ path: path.join(outputDir(), 'smoke.png') });
  assert.equal(await statusItem.count(), 1);
});
