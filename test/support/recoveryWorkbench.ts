import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testbed } from '../../src/core/testbed/testbed';
import { HeadlessBrowser, openBrowser } from './browser';
import { CodeServer, REPO_ROOT, startCodeServer } from './codeServer';
import { ControlServer, startControlServer } from './memberControl';

const VSIX = path.join(REPO_ROOT, 'dist', 'zookeeper-ops.vsix');

/**
 * What the recovery e2e tests run on: a 3-member testbed, a control server that starts and stops
 * its members, and the packaged extension in code-server with one cluster whose control commands
 * go through that server. Fields fill as each part starts, so `stop()` stops what did.
 */
export class RecoveryWorkbench {
  bed: Testbed | undefined;
  control: ControlServer | undefined;
  server: CodeServer | undefined;
  browser: HeadlessBrowser | undefined;

  async start(clusterName: string, settings: Record<string, unknown> = {}): Promise<void> {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    this.bed = await Testbed.start({ size: 3 });
    this.control = await startControlServer(this.bed);
    const template = this.control.template();
    this.server = await startCodeServer({
      vsix: VSIX,
      settings: {
        'zookeeper.clusters': [
          {
            name: clusterName,
            connectString: this.bed.connectString,
            control: { start: template, stop: template, restart: template, timeoutSeconds: 60 },
          },
        ],
        // Runbooks read every check: give busy members time to answer mntr and conf.
        'zookeeper.health.pollIntervalSeconds': 1,
        'zookeeper.health.probeTimeoutMs': 3000,
        'zookeeper.recovery.verifyTimeoutSeconds': 60,
        ...settings,
      },
    });
    this.browser = await openBrowser();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.server?.stop();
    await this.control?.close();
    await this.bed?.close();
  }
}
