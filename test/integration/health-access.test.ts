import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HealthPoller } from '../../src/core/health/poller';
import { Testbed } from '../../src/core/testbed/testbed';
import { waitForReport, zkops } from '../support/healthWait';
import type { HealthJson } from '../../src/shared/healthJson';

async function healthJson(...args: string[]): Promise<{ code: number; json: HealthJson }> {
  const { code, out } = await zkops('health', ...args, '--json');
  return { code, json: JSON.parse(out) as HealthJson };
}

const statusOf = (json: HealthJson, id: string): string | undefined => json.checks.find((c) => c.id === id)?.status;

describe('4lw whitelist at its default (srvr only)', () => {
  test('with the AdminServer: metrics and membership from it, all checks pass; without its port: never healthy', async () => {
    const bed = await Testbed.start({ size: 3, fourLetterWords: 'default', adminServer: true });
    try {
      const ports = bed.members.map((m) => m.ports.admin).join(',');
      const { code, json } = await healthJson(bed.connectString, '--admin-ports', ports);
      assert.equal(code, 0, JSON.stringify(json.checks.filter((c) => c.status !== 'pass')));
      assert.match(json.checks.find((c) => c.id === 'monitoring-access')!.evidence, /AdminServer/);
      assert.ok(json.members.every((m) => m.id !== null));
      const blind = await healthJson(bed.connectString, '--admin-ports=-');
      assert.equal(blind.code, 1);
      assert.equal(statusOf(blind.json, 'monitoring-access'), 'warn');
      const poller = new HealthPoller({ connectString: bed.connectString, intervalMs: 500, adminPorts: bed.members.map(() => null) });
      poller.start();
      try {
        const { report } = await waitForReport(poller, 'first report', () => true, 10_000);
        assert.notEqual(report.status, 'pass', 'unknown metrics are never healthy');
      } finally {
        poller.dispose();
      }
    } finally {
      await bed.close();
    }
  });

  test('without the AdminServer: roles from srvr, metrics unknown: exit 1, never 0', async () => {
    const bed = await Testbed.start({ size: 3, fourLetterWords: 'default', adminServer: false });
    try {
      const { code, json } = await healthJson(bed.connectString);
      assert.equal(code, 1);
      assert.deepEqual(
        json.members.map((m) => m.state),
        ['up', 'up', 'up'],
      );
      assert.equal(statusOf(json, 'monitoring-access'), 'warn');
      assert.equal(statusOf(json, 'quorum'), 'pass');
      assert.equal(statusOf(json, 'config-drift'), 'pass', '/zookeeper/config still gives the membership');
    } finally {
      await bed.close();
    }
  });
});
