import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench, outputDir, pickQuickInput, retryQuickInput, runCommand } from '../support/browser';
import { EnsembleWorkbench } from '../support/ensembleWorkbench';
import { FakeMember, startFakeMember } from '../support/fakeMember';
import { waitFor as pollFor } from '../support/wait';

// The packaged extension in a real workbench: the dashboard of a live 3-member ensemble draws every
// member, follows a follower going down and coming back, switches range, survives a window reload,
// and shows hostile server strings as text in light and dark themes.
const HOSTILE_NAME = '<img src=x onerror="document.body.dataset.pwned=1">';
const HOSTILE_VERSION = '<script>document.body.dataset.pwned=2</script>[click](command:workbench.action.terminal.new)';
const HOSTILE_MODE = '<img src=y onerror="document.body.dataset.pwned=3">';

const w = new EnsembleWorkbench();
let fake: FakeMember | undefined;
const dialogs: string[] = [];

before(async () => {
  await w.launch(async (bed) => {
    const member = await startFakeMember(HOSTILE_VERSION);
    fake = member;
    w.alsoStop(() => member.close());
    return {
      settings: {
        'zookeeper.clusters': [
          { name: 'e2e', connectString: bed.connectString },
          { name: HOSTILE_NAME, connectString: `127.0.0.1:${member.port}`, adminPorts: [null], monitor: true },
        ],
        'zookeeper.health.pollIntervalSeconds': 1,
        // The status bar's toasts would cover the charts in the screenshots.
        'zookeeper.health.notifications': false,
        'workbench.colorTheme': 'Default Dark Modern',
      },
    };
  });
  w.browser!.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

after(() => w.stop());

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(outputDir(), `dashboard-${name}.png`) });

/** Scrolls the dashboard back to its top (the summary cards), for a screenshot of the whole layout. */
async function toTop(frame: FrameLocator): Promise<void> {
  await frame.locator('#summary').scrollIntoViewIfNeeded();
}

/** Opens the dashboard of the cluster called `name` (the command asks which: there are two). */
async function openDashboard(page: Page, name: string): Promise<void> {
  // The cluster picker can lose its focus too; the command is safe to run again (one panel per cluster).
  await retryQuickInput(page, `open the dashboard of ${name}`, async () => {
    await runCommand(page, 'ZooKeeper: Open Dashboard');
    await pickQuickInput(page, name);
  });
}

/** The dashboard inside its webview (the active one when several are open). */
function dashboard(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Points per member of one chart, as the webview reports them (`member=count …`). */
async function pointsOf(frame: FrameLocator, chart: string, attribute = 'data-points'): Promise<Map<string, number>> {
  const text = (await frame.locator(`.chart[data-chart="${chart}"]`).getAttribute(attribute)) ?? '';
  return new Map(
    text
      .split(' ')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.lastIndexOf('=');
        return [pair.slice(0, at), Number(pair.slice(at + 1))] as const;
      }),
  );
}

/** The shared waitFor at this file's pace, naming the last value seen when it gives up. */
function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  return pollFor(what, read, ok, { timeoutMs, everyMs: 250, describe: (v) => `still ${JSON.stringify(v instanceof Map ? [...v] : v)}` });
}

test('the dashboard draws every member, follows a follower down and back, switches range and survives a reload', async () => {
  const page = w.browser!.page;
  const members = w.bed!.members.map((m) => `127.0.0.1:${m.ports.client}`);
  try {
    await openWorkbench(page, `${w.server!.url}/?folder=${encodeURIComponent(w.server!.workspace)}`, 120_000);
    // Every member serving first: a member still joining has no metrics to draw.
    await page
      .locator('.statusbar-item', { hasText: /ZK e2e: leader \S+ · 3\/3/ })
      .first()
      .waitFor({ timeout: 90_000 });
    await openDashboard(page, 'e2e');
    const frame = dashboard(page);
    await frame.locator('.chart[data-chart="avg-latency"] canvas').first().waitFor({ timeout: 30_000 });
    assert.equal((await frame.locator('.chart canvas').count()) >= 15, true, 'a canvas per chart');
    await waitFor(
      'points for every member',
      () => pointsOf(frame, 'znodes'),
      (p) => members.every((m) => (p.get(m) ?? 0) >= 3),
      30_000,
    );
    await frame.locator('.card.member').nth(2).waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.card.member').count(), 3);
    assert.match((await frame.locator('h1').innerText()).trim(), /ZooKeeper dashboard: e2e/);
    await shot(page, '1-dark');

    const leader = (await w.bed!.leaderId())!;
    const follower = w.bed!.members.find((m) => m.id !== leader)!;
    const address = `127.0.0.1:${follower.ports.client}`;
    await w.bed!.kill(follower.id);
    const down = frame.locator('.event[data-kind="down"]', { hasText: address });
    await down.first().waitFor({ timeout: 20_000 });
    // Its series stops while the others go on.
    // Last sample times, not counts: the 5 min window also drops old points as it slides.
    const before = await pointsOf(frame, 'znodes', 'data-last');
    const other = members.find((m) => m !== address)!;
    const afterKill = await waitFor(
      'the others keep drawing',
      () => pointsOf(frame, 'znodes', 'data-last'),
      (p) => (p.get(other) ?? 0) >= (before.get(other) ?? 0) + 3000,
      20_000,
    );
    assert.equal(afterKill.get(address), before.get(address), 'the killed follower gets no new points');
    await shot(page, '2-follower-down');

    w.bed!.startMember(follower.id);
    await frame.locator('.event[data-kind="back"]', { hasText: address }).first().waitFor({ timeout: 60_000 });
    await waitFor(
      'the follower draws again',
      () => pointsOf(frame, 'znodes', 'data-last'),
      (p) => (p.get(address) ?? 0) > (afterKill.get(address) ?? 0),
      30_000,
    );

    // An event centres the charts on it and pauses live updates.
    await down.first().click();
    await waitFor(
      'centred',
      () => frame.locator('body').getAttribute('data-centred-on'),
      (v) => v !== null,
      5_000,
    );
    assert.equal(await frame.locator('#live').evaluate((el) => (el as unknown as { checked: boolean }).checked), false);

    await frame.locator('#range vscode-radio[value="1h"]').click();
    await waitFor(
      'range 1 h',
      () => frame.locator('body').getAttribute('data-range'),
      (v) => v === '1h',
      10_000,
    );
    await waitFor(
      'points after the range switch',
      () => pointsOf(frame, 'znodes'),
      (p) => members.every((m) => (p.get(m) ?? 0) > 0),
      10_000,
    );

    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await waitFor(
      'light theme',
      () => frame.locator('body').getAttribute('class'),
      (c) => /vscode-light/.test(c ?? ''),
      10_000,
    );
    await toTop(frame);
    await shot(page, '3-light');

    // Reloaded as a user does (Developer: Reload Window): the workbench saves its state, the
    // webview's included, before it reloads. A browser refresh skips that save, so what a
    // restore finds then depends on when the workbench last saved by itself.
    const navigated = page.waitForNavigation({ waitUntil: 'commit', timeout: 120_000 });
    await runCommand(page, 'Developer: Reload Window');
    await navigated;
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    // The extension host starts again (as after the first load) before the serializer can run.
    await page
      .locator('.statusbar-item', { hasText: /ZK e2e:/ })
      .first()
      .waitFor({ timeout: 90_000 });
    const restored = dashboard(page);
    await restored.locator('.chart[data-chart="znodes"] canvas').first().waitFor({ timeout: 60_000 });
    await waitFor(
      'restored range',
      () => restored.locator('body').getAttribute('data-range'),
      (v) => v === '1h',
      20_000,
    );
    await waitFor(
      'restored points',
      () => pointsOf(restored, 'znodes'),
      (p) => members.every((m) => (p.get(m) ?? 0) > 0),
      30_000,
    );
    await toTop(restored);
    await shot(page, '4-restored');
  } catch (err) {
    await shot(page, 'failure').catch(() => undefined);
    throw err;
  }
});

test('server and user strings with tags, scripts and markdown links appear as text and run nothing', async () => {
  const page = w.browser!.page;
  try {
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await openDashboard(page, HOSTILE_NAME);
    const frame = dashboard(page);
    await waitFor(
      'the hostile title',
      () => frame.locator('h1').innerText(),
      (t) => t.includes(HOSTILE_NAME),
      30_000,
    );
    await frame.locator('.card.member').first().waitFor({ timeout: 30_000 });
    await waitFor(
      'the hostile version',
      () => frame.locator('.cards.ensemble').innerText(),
      (t) => t.includes(HOSTILE_VERSION),
      20_000,
    );
    // The member now reports a hostile mode: its state changes and the reason quotes it.
    fake!.mode = HOSTILE_MODE;
    await frame.locator('.event', { hasText: HOSTILE_MODE }).first().waitFor({ timeout: 20_000 });
    await toTop(frame);
    await shot(page, '5-hostile');
    assert.equal(await frame.locator('img').count(), 0, 'no injected image');
    assert.equal(await frame.locator('a').count(), 0, 'no link made from markdown');
    assert.equal(await frame.locator('script', { hasText: 'pwned' }).count(), 0, 'no injected script element');
    assert.equal(await frame.locator('body').getAttribute('data-pwned'), null, 'no injected handler ran');
    assert.deepEqual(dialogs, []);
  } catch (err) {
    await shot(page, 'failure-hostile').catch(() => undefined);
    throw err;
  }
});
