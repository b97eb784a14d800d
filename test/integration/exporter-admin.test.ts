import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { MetricsExporter } from '../../src/core/exporter/exporterServer';
import { Testbed } from '../../src/core/testbed/testbed';
import { parseExposition, sampleKey } from '../support/exposition';
import { sleep } from '../support/wait';

// An ensemble whose 4lw whitelist is ZooKeeper's default (srvr only: no mntr): the exporter reads
// the members' metrics from the AdminServer and serves the same names.

describe('zkops exporter over the AdminServer (mntr not whitelisted)', () => {
  let bed: Testbed;
  let exporter: MetricsExporter;

  before(async () => {
    bed = await Testbed.start({ size: 3, fourLetterWords: 'default', adminServer: true });
    exporter = await MetricsExporter.start({
      connectString: bed.connectString,
      intervalMs: 1000,
      adminPorts: bed.members.map((m) => m.ports.admin),
      host: '127.0.0.1',
      port: 0,
    });
  });

  after(async () => {
    await exporter?.close();
    await bed?.close();
  });

  test("every member's metrics under the provider's names, with the same shape as from mntr", async () => {
    let text: string;
    const deadline = Date.now() + 30_000;
    const addresses = bed.members.map((m) => `127.0.0.1:${m.ports.client}`);
    for (;;) {
      const res = await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(5000) });
      text = res.status === 200 ? await res.text() : '';
      const samples = parseExposition(text);
      const ready = addresses.every(
        (member) =>
          samples.get(sampleKey('zkops_member_state', { member, state: 'up' })) === 1 && samples.has(sampleKey('znode_count', { member })),
      );
      if (ready) break;
      if (Date.now() > deadline)
        assert.fail(
          `not every member up with metrics within 30 s:\n${text
            .split('\n')
            .filter((l) => l.startsWith('zkops_member_state'))
            .join('\n')}`,
        );
      await sleep(250);
    }
    const samples = parseExposition(text);
    for (const member of addresses) {
      assert.ok(samples.has(sampleKey('fsynctime_count', { member })), `fsynctime summary of ${member}`);
      assert.ok(samples.has(sampleKey('num_alive_connections', { member })), `num_alive_connections of ${member}`);
    }
    // Leader-only keys from the leader alone.
    assert.equal([...samples.keys()].filter((k) => k.startsWith('leader_uptime{')).length, 1);
    assert.equal(samples.get(sampleKey('zkops_quorum', {})), 1);
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    assert.equal(checked.status, 0, `${checked.stdout}${checked.stderr}`);
  });
});
