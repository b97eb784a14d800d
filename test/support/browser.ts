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

/** Runs a command by its palette title (typed, then Enter: nothing to click that a hover could cover). */
export async function runCommand(page: Page, title: string): Promise<void> {
  // A focused webview (the dashboard) takes the key itself and forwards it to the workbench only
  // sometimes: give the focus back to the workbench's document first, where F1 is bound.
  // (Runs in the page; the tests' TypeScript has no DOM types, so the page is reached untyped.)
  await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; blur(): void } | null } }).document;
    if (doc.activeElement?.tagName === 'IFRAME') doc.activeElement.blur();
  });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}
