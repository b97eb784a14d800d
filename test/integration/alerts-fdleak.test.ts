import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyRules } from '../../src/core/alerts/ruleSet';
import { Forecast } from '../../src/core/alerts/types';
import { HealthPoller } from '../../src/core/health/poller';
import { Testbed } from '../../src/core/testbed/testbed';
import { AlertWatch } from '../support/alertWatch';
import { ConnectionLeak } from '../support/connectionLeak';
import { waitForReport } from '../support/healthWait';
import { withTimeout } from '../support/wait';

// A member started under `ulimit -n 256` and a client that opens sessions to it at a fixed rate:
// the fds forecast, taken 40 s into the leak, must name the time the member runs out of
// descriptors (its first refused session) within 20 % of the time that was left.
const LIMIT = 256;
const PER_SECOND = 2.5;
const INTERVAL_MS = 1000;
const SAMPLE_AFTER_MS = 40_000;

describe('fd leak: the fds forecast predicts exhaustion', () => {
  let bed: Testbed;
  let poller: HealthPoller;
  let watch: AlertWatch;
  let leak: ConnectionLeak | undefined;

  before(async () => {
    // maxClientCnxns=0: every loopback client shares 127.0.0.1, and 60 per IP would stop the leak first.
    bed = await Testbed.start({ size: 3, openFileLimits: { 1: LIMIT }, extraConfig: { maxClientCnxns: '0' } });
    poller = new HealthPoller({ connectString: bed.connectString, intervalMs: INTERVAL_MS });
    watch = new AlertWatch(
      poller,
      applyRules([]).rules.filter((r) => r.id === 'fds-forecast' || r.id === 'fds-high'),
    );
    poller.start();
    await waitForReport(poller, 'all members up', (r) => r.health.quorum && r.health.members.every((m) => m.condition === 'up'), 60_000);
  });

  after(async () => {
    leak?.stop();
    watch?.dispose();
    poller?.dispose();
    await bed?.close();
  });

  test('forecast of open_file_descriptor_count → max_file_descriptor_count within 20 % of the real exhaustion', async () => {
    const member = `127.0.0.1:${bed.member(1).ports.client}`;
    const max = poller.report!.health.members.find((m) => m.address === member)!.maxFileDescriptors;
    assert.equal(max, LIMIT, 'mntr reports the ulimit as max_file_descriptor_count');
    const forecasts: Forecast[] = [];
    watch.listeners.add((e) => forecasts.push(...e.forecasts.filter((f) => f.rule === 'fds-forecast' && f.member === member)));
    leak = new ConnectionLeak(bed.member(1).ports.client, PER_SECOND);
    const leakStart = Date.now();
    leak.start();
    const exhaustedAt = await withTimeout(leak.exhausted(), 6 * 60_000, () => `exhaustion (${leak!.established} sessions so far)`);
    const sample = forecasts.find((f) => f.at >= leakStart + SAMPLE_AFTER_MS);
    assert.ok(
      sample,
      `a forecast after ${SAMPLE_AFTER_MS / 1000} s of leaking (${forecasts.length} forecasts, exhausted after ${(exhaustedAt - leakStart) / 1000} s)`,
    );
    assert.ok(sample.at < exhaustedAt, 'the forecast came before the exhaustion');
    const predicted = sample.at + sample.etaSeconds.likely * 1000;
    const left = exhaustedAt - sample.at;
    const error = Math.abs(predicted - exhaustedAt) / left;
    const detail =
      `at +${((sample.at - leakStart) / 1000).toFixed(0)} s: likely ETA ${sample.etaSeconds.likely.toFixed(0)} s, ` +
      `pessimistic ${sample.etaSeconds.pessimistic.toFixed(0)} s; exhausted ${(left / 1000).toFixed(0)} s later ` +
      `(error ${(error * 100).toFixed(0)} %)`;
    assert.ok(error <= 0.2, detail);
    assert.ok(sample.etaSeconds.pessimistic <= sample.etaSeconds.likely, detail);
    // The pessimistic ETA was under an hour: the forecast rule fired.
    assert.ok(
      watch.events.some((e) => e.rule === 'fds-forecast' && e.state === 'firing' && e.member === member),
      detail,
    );
  });
});
