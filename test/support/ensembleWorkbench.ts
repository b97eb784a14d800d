import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testbed } from '../../src/core/testbed/testbed';
import { HeadlessBrowser, openBrowser } from './browser';
import { CodeServer, CodeServerOptions, REPO_ROOT, startCodeServer } from './codeServer';

/** The packaged extension every e2e test installs (`npm run package` builds it). */
export const VSIX = path.join(REPO_ROOT, 'dist', 'zookeeper-ops.vsix');

/**
 * What most e2e tests run on: a 3-member testbed, the packaged extension in code-server set up
 * for that testbed, and a headless browser. Fields fill as each part starts and whatever a test
 * starts alongside registers its own stop with `alsoStop`, so `stop()` stops exactly what did
 * start, in reverse: browser, code-server, the extras, the testbed.
 */
export class EnsembleWorkbench {
  bed: Testbed | undefined;
  server: CodeServer | undefined;
  browser: HeadlessBrowser | undefined;
  private readonly extras: (() => Promise<unknown>)[] = [];

  /** `codeServer` gets the running testbed (and may start more, registering it with `alsoStop`). */
  async launch(codeServer: (bed: Testbed) => Omit<CodeServerOptions, 'vsix'> | Promise<Omit<CodeServerOptions, 'vsix'>>): Promise<void> {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    this.bed = await Testbed.start({ size: 3 });
    this.server = await startCodeServer({ vsix: VSIX, ...(await codeServer(this.bed)) });
    this.browser = await openBrowser();
  }

  /** Stops `close` with the workbench, after code-server and before the testbed. */
  alsoStop(close: () => Promise<unknown>): void {
    this.extras.push(close);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.server?.stop();
    for (const close of this.extras.reverse()) await close();
    await this.bed?.close();
  }
}
