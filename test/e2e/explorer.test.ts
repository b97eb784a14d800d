import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { ZkSession } from '../../src/core/zk/session';
import { openWorkbench, outputDir } from '../support/browser';
import { EnsembleWorkbench } from '../support/ensembleWorkbench';
import { until } from '../support/wait';

// The znode explorer in the real workbench (code-server + Chromium) against a real ensemble:
// connect, expand, page ("load more"), open, edit, save, then a change behind the editor's back
// and the conflict with its diff. Needs `npm run package` first.
const ROOT = '/e2e';
const CHILDREN = 1200;

const w = new EnsembleWorkbench();
let zk: ZkSession | undefined;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(outputDir(), `explorer-${name}.png`) });
}

/** A row of the Znodes view whose label is exactly `label`. */
function row(page: Page, label: string): Locator {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Znodes' }) });
  return pane
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

before(() =>
  w.launch(async (bed) => {
    const session = await ZkSession.connect(bed.connectString);
    zk = session;
    w.alsoStop(() => session.close());
    await session.create(ROOT);
    await session.create(`${ROOT}/config`, Buffer.from('color=blue\n'));
    // "zz-big" sorts last, so End in the tree lands on its "Load more" row.
    await session.create(`${ROOT}/zz-big`);
    const names = Array.from({ length: CHILDREN }, (_, i) => `item-${i + 1}`);
    const made = await session.bulk(names, (n) => session.create(`${ROOT}/zz-big/${n}`), { concurrency: 500 });
    assert.ok(made.every((o) => o.ok));
    return { settings: { 'zookeeper.clusters': [{ name: 'e2e', connectString: bed.connectString, refresh: 'manual' }] } };
  }),
);

after(() => w.stop());

test('connect, expand, page, open, edit, save, and a conflict with its diff', async () => {
  const page = w.browser!.page;
  try {
    await walkThrough(page);
  } catch (err) {
    await shot(page, 'failure');
    throw err;
  }
});

async function walkThrough(page: Page): Promise<void> {
  await openWorkbench(page, `${w.server!.url}/?folder=${encodeURIComponent(w.server!.workspace)}`);
  const icon = page.locator('.activitybar .action-item a[aria-label^="ZooKeeper"]');
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();

  // Connect: expanding the cluster connects and lists the root's children.
  const cluster = row(page, 'e2e').first();
  await cluster.waitFor({ timeout: 60_000 });
  await cluster.click();
  const top = row(page, 'e2e').nth(1);
  await top.waitFor({ timeout: 30_000 });
  await until('the cluster shows connected', async () => /connected/.test((await cluster.innerText()).toLowerCase()), {
    timeoutMs: 20_000,
  });
  await top.click();
  const big = row(page, 'zz-big');
  await big.waitFor({ timeout: 20_000 });
  assert.match(await big.innerText(), /1,200 children/);

  // Page: the first 500 children in natural order, then "Load more".
  // A parent without data expands on click (only nodes with data open as documents).
  await big.click();
  await row(page, 'item-1').waitFor({ timeout: 20_000 });
  await row(page, 'item-2').waitFor();
  await page.keyboard.press('End');
  const more = page.locator('.monaco-list-row', { hasText: 'Load more (500 of 1,200)' });
  await more.waitFor({ timeout: 20_000 });
  await shot(page, '1-first-page');
  await more.click();
  await row(page, 'item-501').click();
  await page.mouse.move(900, 600);
  await page.keyboard.press('End');
  await page.locator('.monaco-list-row', { hasText: 'Load more (1,000 of 1,200)' }).waitFor({ timeout: 20_000 });
  await row(page, 'item-1000').waitFor({ timeout: 20_000 });
  await shot(page, '2-second-page');

  // Open and edit: the znode opens as a document; the save writes with the version read.
  await page.keyboard.press('Home');
  await row(page, 'config').click();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'color=blue' }).waitFor({ timeout: 20_000 });
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('color=green');
  await page.keyboard.press('Control+S');
  await until('the save on the server', async () => (await zk!.get(`${ROOT}/config`)).data.toString() === 'color=green', {
    timeoutMs: 20_000,
  });
  assert.equal((await zk!.get(`${ROOT}/config`)).stat.version, 1);
  await shot(page, '3-saved');

  // Conflict: someone else writes; our save is refused and offers Compare, Overwrite, Reload.
  await zk!.set(`${ROOT}/config`, Buffer.from('color=red'), 1);
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('color=yellow');
  await page.keyboard.press('Control+S');
  const toast = page
    .locator('.notification-toast', { hasText: 'changed on the server since you opened it' })
    .filter({ has: page.locator('.monaco-button', { hasText: 'Compare' }) });
  await toast.waitFor({ timeout: 20_000 });
  assert.equal((await zk!.get(`${ROOT}/config`)).data.toString(), 'color=red');
  await shot(page, '4-conflict');
  await toast.locator('.monaco-button', { hasText: 'Compare' }).click();
  const diff = page.locator('.monaco-diff-editor');
  await diff.waitFor({ timeout: 20_000 });
  await diff.locator('.editor.original .view-lines', { hasText: 'color=red' }).waitFor({ timeout: 20_000 });
  await diff.locator('.editor.modified .view-lines', { hasText: 'color=yellow' }).waitFor({ timeout: 20_000 });
  assert.match(await page.locator('.tab.active').innerText(), /server \(v2\)/);
  await shot(page, '5-compare');

  // After comparing, the notification offers the choice again: overwrite, confirmed in a dialog.
  const again = page
    .locator('.notification-toast', { hasText: 'changed on the server since you opened it' })
    .filter({ has: page.locator('.monaco-button', { hasText: 'Overwrite' }) });
  await again.waitFor({ timeout: 20_000 });
  await again.locator('.monaco-button', { hasText: 'Overwrite' }).click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  assert.match(await dialog.innerText(), /Overwrite version 2/);
  await dialog.locator('.monaco-button', { hasText: 'Overwrite' }).click();
  await until('the overwrite on the server', async () => (await zk!.get(`${ROOT}/config`)).data.toString() === 'color=yellow', {
    timeoutMs: 20_000,
  });
  assert.equal((await zk!.get(`${ROOT}/config`)).stat.version, 3);
  await shot(page, '6-overwritten');
}
