import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { parseConnectString } from '../../src/core/connectString';
import { freePorts } from '../../src/core/testbed/ports';
import { openWorkbench, outputDir, pickQuickInput, retryQuickInput, runCommand } from '../support/browser';
import { EnsembleWorkbench } from '../support/ensembleWorkbench';

// Workspace discovery (issue 15) as a user sees it, in the packaged extension in a real workbench:
// a Kafka project naming the test ensemble is offered once, watching it drives the status bar, the
// config file shows live health in a CodeLens and a hover, a malformed string is a problem, a
// placeholder is shown as such, a reload does not offer again, and a killed follower reaches the
// lens and the file's diagnostics. Screenshots land in test-output/e2e/discovery-*.png.
const MALFORMED = '127.0.0.1:99999';

const w = new EnsembleWorkbench();

before(() =>
  w.launch((bed) => ({
    settings: { 'zookeeper.health.pollIntervalSeconds': 1 },
    files: {
      'config/server.properties': `# Kafka broker\nbroker.id=0\nlisteners=PLAINTEXT://127.0.0.1:9092\nzookeeper.connect=${bed.connectString}\n`,
      '.env': 'KAFKA_HEAP_OPTS=-Xmx512m\nZOOKEEPER_CONNECT=${ZK_HOSTS}\n',
      'config/consumer.properties': `group.id=orders\nzookeeper.connect=${MALFORMED}\n`,
    },
  })),
);

after(() => w.stop());

/**
 * A screenshot once the palette of the last command has faded out (it would cover the tabs), with
 * fade-ins (the hover's) run to their end, so what is shown is not caught half transparent.
 */
async function shot(page: Page, name: string): Promise<void> {
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => undefined);
  await page.screenshot({ path: path.join(outputDir(), `discovery-${name}.png`), animations: 'disabled' });
}

/** The cluster name watching makes: the workspace folder's name and the source (src/ui/discovery/watching.ts). */
const clusterName = (): string => `${path.basename(w.server!.workspace)} (Kafka)`;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const OFFER_PREFIX = 'This workspace uses ZooKeeper at';
const offerToasts = (page: Page): Locator => page.locator('.notification-toast', { hasText: OFFER_PREFIX });

/** Opens a workspace file by name through Quick Open and waits for its editor tab to be active. */
async function openFile(page: Page, name: string): Promise<void> {
  await retryQuickInput(page, `open ${name}`, async () => {
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('F1');
    // Without the palette's ">" the quick input searches files.
    await pickQuickInput(page, name);
  });
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

/** The active editor (the one whose tab is active). */
const activeEditor = (page: Page): Locator => page.locator('.editor-group-container.active .monaco-editor').first();

/** The CodeLens line of the active editor whose text matches `pattern`. */
async function lensLine(page: Page, pattern: RegExp, timeoutMs: number): Promise<string> {
  const lens = activeEditor(page).locator('.codelens-decoration', { hasText: pattern }).first();
  await lens.waitFor({ timeout: timeoutMs });
  return (await lens.innerText()).trim();
}

/** Runs the rescan command and waits for its count: a full scan ran, and the offer had its chance. */
async function rescan(page: Page, strings: number): Promise<void> {
  await runCommand(page, 'ZooKeeper: Find ZooKeeper Connect Strings in Workspace');
  await page
    .locator('.notification-toast', { hasText: `ZooKeeper: ${strings} connect string(s) in ${strings} file(s) read.` })
    .first()
    .waitFor({ timeout: 60_000 });
}

test('the offer appears once, and Watch makes the status bar watch the found ensemble', async () => {
  const page = w.browser!.page;
  try {
    await openWorkbench(page, `${w.server!.url}/?folder=${encodeURIComponent(w.server!.workspace)}`, 120_000);
    await offerToasts(page).first().waitFor({ timeout: 90_000 });
    const message = (await offerToasts(page).first().locator('.notification-list-item-message').innerText()).trim();
    assert.equal(message, `${OFFER_PREFIX} ${w.bed!.connectString} (Kafka, config/server.properties) — watch it?`);
    const buttons = await offerToasts(page).first().locator('.monaco-button').allInnerTexts();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['Watch', 'Not Now'],
    );
    await shot(page, '1-offer');

    // A full scan of the workspace again (the three files): still one offer.
    await rescan(page, 3);
    assert.equal(await offerToasts(page).count(), 1, 'exactly one offer');

    await offerToasts(page)
      .first()
      .locator('.monaco-button', { hasText: /^Watch$/ })
      .click();
    await offerToasts(page).first().waitFor({ state: 'detached', timeout: 20_000 });
    const status = page.locator('.statusbar-item', { hasText: new RegExp(`ZK ${escape(clusterName())}: leader \\d+ · 3/3 · can lose 1`) });
    await status.first().waitFor({ timeout: 90_000 });
    // The cluster lives in this workspace's settings, not the user's.
    const settings = JSON.parse(fs.readFileSync(path.join(w.server!.workspace, '.vscode', 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      (settings['zookeeper.workspaceClusters'] as { name: string; connectString: string }[]).map((c) => [c.name, c.connectString]),
      [[clusterName(), w.bed!.connectString]],
    );
    await shot(page, '2-status-bar-watching');
  } catch (err) {
    await shot(page, 'failure-offer').catch(() => undefined);
    throw err;
  }
});

test('the config file: a live-health CodeLens with its actions, and a hover listing the members', async () => {
  const page = w.browser!.page;
  try {
    await openFile(page, 'server.properties');
    const line = await lensLine(page, /ZooKeeper: leader \S+ · 3\/3 · can lose 1/, 60_000);
    for (const action of ['Open in ZooKeeper View', 'Open Dashboard', 'Run Health Check'])
      assert.ok(line.includes(action), `the lens line offers "${action}": ${line}`);
    await shot(page, '3-codelens');

    // The mouse on the connect string's first member.
    const member = activeEditor(page)
      .locator('.view-line', { hasText: 'zookeeper.connect=' })
      .locator('span span', { hasText: '127.0.0.1' });
    await member.first().hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'ZooKeeper' }).first();
    await hover.waitFor({ timeout: 30_000 });
    const text = await hover.innerText();
    assert.match(text, /ZooKeeper \(Kafka, zookeeper\.connect\)/);
    assert.match(text, /leader \S+ · 3\/3 · can lose 1/);
    for (const m of w.bed!.members) assert.match(text, new RegExp(`(leader|follower) 127\\.0\\.0\\.1:${m.ports.client}\\b`));
    await shot(page, '4-hover');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
  } catch (err) {
    await shot(page, 'failure-lens').catch(() => undefined);
    throw err;
  }
});

test('a placeholder is shown as written, and a malformed string is a problem with the validator message', async () => {
  const page = w.browser!.page;
  try {
    await openFile(page, '.env');
    await lensLine(page, /ZooKeeper: \$\{ZK_HOSTS\} is resolved where the program runs/, 60_000);
    await shot(page, '5-placeholder');

    let expected = '';
    try {
      parseConnectString(MALFORMED);
    } catch (err) {
      expected = `ZooKeeper connect string: ${(err as Error).message}`;
    }
    assert.ok(expected, `${MALFORMED} should not validate`);
    await openFile(page, 'consumer.properties');
    await activeEditor(page).locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: expected }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /ZooKeeper Ops/);
    // No health lens for a string no client could use.
    assert.equal(await activeEditor(page).locator('.codelens-decoration', { hasText: 'ZooKeeper:' }).count(), 0);
    await shot(page, '6-malformed');
  } catch (err) {
    await shot(page, 'failure-malformed').catch(() => undefined);
    throw err;
  }
});

test('another ensemble found later, and a reload: the offer does not come back', async () => {
  const page = w.browser!.page;
  try {
    // A new file naming an ensemble nobody configured: a candidate the offer would name, were it
    // made again (a loopback port nothing listens on).
    const [unused] = await freePorts(1);
    fs.mkdirSync(path.join(w.server!.workspace, 'streams'));
    fs.writeFileSync(
      path.join(w.server!.workspace, 'streams', 'application.yml'),
      `spring:\n  cloud:\n    zookeeper:\n      connect-string: 127.0.0.1:${unused}\n`,
    );
    await rescan(page, 4);
    assert.equal(await offerToasts(page).count(), 0, 'no offer after a new ensemble was found');

    const navigated = page.waitForNavigation({ waitUntil: 'commit', timeout: 120_000 });
    await runCommand(page, 'Developer: Reload Window');
    await navigated;
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    // The watched cluster is still this workspace's, and the extension is active again.
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`ZK ${escape(clusterName())}: leader \\d+ · 3/3`) })
      .first()
      .waitFor({ timeout: 90_000 });
    await rescan(page, 4);
    assert.equal(await offerToasts(page).count(), 0, 'no offer toast after the reload');
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ timeout: 10_000 });
    await center.locator('.notification-list-item', { hasText: 'connect string(s)' }).first().waitFor({ timeout: 10_000 });
    assert.equal(
      await center.locator('.notification-list-item', { hasText: OFFER_PREFIX }).count(),
      0,
      'no offer in the notification list',
    );
    await shot(page, '7-reloaded-no-offer');
    await runCommand(page, 'Notifications: Clear All Notifications');
  } catch (err) {
    await shot(page, 'failure-reload').catch(() => undefined);
    throw err;
  }
});

test('a killed follower: the lens shows the ensemble degraded and the file flags the member unreachable', async () => {
  const page = w.browser!.page;
  try {
    await openFile(page, 'server.properties');
    await lensLine(page, /ZooKeeper: leader \S+ · 3\/3 · can lose 1/, 60_000);
    const leader = (await w.bed!.leaderId())!;
    const follower = w.bed!.members.find((m) => m.id !== leader)!;
    const address = `127.0.0.1:${follower.ports.client}`;
    await w.bed!.kill(follower.id);

    // Lenses of visible files refresh every 15 s (health cached 10 s).
    await lensLine(page, /ZooKeeper: leader \S+ · 2\/3 · can lose 0/, 90_000);
    // Diagnostics re-check an open file after an edit; the health cache now holds the degraded answer.
    await activeEditor(page).locator('.view-line', { hasText: 'broker.id' }).first().click();
    // On the empty last line: no word under the cursor to highlight in the screenshot.
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ');
    await activeEditor(page).locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+Z');
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: `ZooKeeper member ${address} is unreachable (down)` }).first();
    await row.waitFor({ timeout: 30_000 });
    await page.locator('.tab.active:not(.dirty)', { hasText: 'server.properties' }).waitFor({ timeout: 10_000 });
    // The alert toasts the kill raises (tested in alerts.test.ts) would cover the Problems rows.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await shot(page, '8-member-down');
  } catch (err) {
    await shot(page, 'failure-member-down').catch(() => undefined);
    throw err;
  }
});
