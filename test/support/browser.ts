import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { E2E_MARKER } from './codeServer';

export interface HeadlessBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile and no background traffic. */
export async function openBrowser(): Promise<HeadlessBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `${E2E_MARKER}chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where e2e screenshots and logs go. */
export function outputDir(): string {
  const dir = path.resolve(__dirname, '..', '..', 'test-output', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Opens a workbench URL. Waits for the navigation to commit, not for the page's `load` event: the
 * workbench's load event waits for every script and font of the whole workbench, which on a busy
 * 2-core machine took over Playwright's 30 s default although the workbench itself was usable
 * (`load` is never what a test needs). Then waits, bounded, for the workbench to render.
 */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
}

/** Attempts at a quick-input step before it fails (each bounded by its own waits). */
const QUICK_INPUT_ATTEMPTS = 3;

/**
 * Runs `step`, a sequence of quick-input interactions that has no effect until its final Enter,
 * again (after Escape) when it fails. The workbench closes a quick input whenever it loses focus,
 * and on a busy machine a webview re-rendering (after a theme change, say) took the focus between
 * F1 and typing: the input vanished and the fill waited 30 s for nothing. Retrying is safe because
 * nothing ran; a step that did press Enter must itself be safe to repeat (opening a view is).
 */
export async function retryQuickInput(page: Page, what: string, step: () => Promise<void>): Promise<void> {
  let last: unknown;
  for (let attempt = 1; attempt <= QUICK_INPUT_ATTEMPTS; attempt++) {
    try {
      await step();
      return;
    } catch (err) {
      last = err;
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
  throw new Error(`${what}: failed ${QUICK_INPUT_ATTEMPTS} times; last: ${last instanceof Error ? last.message : String(last)}`);
}

/** Picks the row of the open quick input that matches `text` (typed, then Enter: nothing to click that a hover could cover). */
export async function pickQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text, { timeout: 5_000 });
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: text.replace(/^>/, '') })
    .first()
    .waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Runs a command by its palette title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await retryQuickInput(page, `run "${title}"`, () => openPaletteAndPick(page, title));
}

async function openPaletteAndPick(page: Page, title: string): Promise<void> {
  // A focused webview (the dashboard) takes the key itself and forwards it to the workbench only
  // sometimes: give the focus back to the workbench's document first, where F1 is bound.
  // (Runs in the page; the tests' TypeScript has no DOM types, so the page is reached untyped.)
  await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; blur(): void } | null } }).document;
    if (doc.activeElement?.tagName === 'IFRAME') doc.activeElement.blur();
  });
  // A palette still closing from the last command would swallow this F1.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  await page.keyboard.press('F1');
  await pickQuickInput(page, `>${title}`);
}
