import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PolledClusterMonitor } from '../../src/core/health/clusterMonitor';
import type { SamplesAppended } from '../../src/core/health/monitorApi';
import type { HealthReport } from '../../src/core/health/report';
import { HealthService, ServiceSettings } from '../../src/core/health/service';
import { Testbed } from '../../src/core/testbed/testbed';
import { ZXID_LAG_KEY } from '../../src/shared/dashboardProtocol';
import type { EnsembleEvent } from '../../src/shared/ensembleEvents';

const settings: ServiceSettings = { intervalMs: 500, unfocusedIntervalMs: 2000, maxMonitored: 3 };

/** The first report of `monitor` (the current one included) that satisfies `ok`. */
function reportWhere(
  monitor: PolledClusterMonitor,
  what: string,
  ok: (r: HealthReport) => boolean,
  timeoutMs = 30_000,
): Promise<HealthReport> {
  return new Promise((resolve, reject) => {
    let last = monitor.report?.summary ?? 'no report';
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what}: not seen in ${timeoutMs} ms (last: ${last})`));
    }, timeoutMs);
    const off = monitor.onReport((r) => {
      last = r.summary;
      if (!ok(r)) return;
      clearTimeout(timer);
      off();
      resolve(r);
    });
    if (monitor.report && ok(monitor.report)) {
      clearTimeout(timer);
      off();
      resolve(monitor.report);
    }
  });
}

/** The first event of `monitor` from now on that satisfies `ok`. */
function eventWhere(
  monitor: PolledClusterMonitor,
  what: string,
  ok: (e: EnsembleEvent) => boolean,
  timeoutMs = 30_000,
): Promise<EnsembleEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what}: no such event in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = monitor.onEvent((e) => {
      if (!ok(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

const allUp = (r: HealthReport): boolean =>
  r.health.members.length === 3 && r.health.members.every((m) => m.condition === 'up') && r.health.quorum;

describe('the health service against real ensembles', () => {
  let bed: Testbed;
  let solo: Testbed;
  let service: HealthService;
  before(async () => {
    [bed, solo] = await Promise.all([Testbed.start({ size: 3 }), Testbed.start({ size: 1 })]);
  });
  after(async () => {
    service?.dispose();
    await Promise.all([bed?.close(), solo?.close()]);
  });

  test('a settings change restarts the poller and keeps the history', async () => {
    service = new HealthService();
    service.update([{ id: 'a', connectString: bed.connectString }], 'a', settings);
    const monitor = service.get('a')!;
    await reportWhere(monitor, 'healthy', allUp);
    const member = monitor.report!.health.members[0]!.address;
    await reportWhere(monitor, 'a few samples', () => monitor.store.query(member, 'znode_count').points.length >= 3);
    const before = monitor.store.query(member, 'znode_count').points;
    const firstAt = before[0]!.t;
    service.update([{ id: 'a', connectString: bed.connectString }], 'a', { ...settings, intervalMs: 700 });
    assert.equal(service.get('a'), monitor, 'the same monitor');
    assert.equal(monitor.intervalMs, 700, 'the new interval applies');
    const count = before.length;
    await reportWhere(
      monitor,
      'more samples after the restart',
      () => monitor.store.query(member, 'znode_count').points.length >= count + 2,
    );
    const after = monitor.store.query(member, 'znode_count').points;
    assert.equal(after[0]!.t, firstAt, 'the samples from before the change are still there');
    assert.ok(after.length >= count + 2);
    service.dispose();
  });

  test('a background-monitored cluster keeps collecting (and sees a follower die) while another is active', async () => {
    service = new HealthService();
    service.update(
      [
        { id: 'fg', connectString: solo.connectString },
        { id: 'bg', connectString: bed.connectString, monitor: true },
      ],
      'fg',
      settings,
    );
    assert.deepEqual(service.polledIds().sort(), ['bg', 'fg']);
    const bg = service.get('bg')!;
    await reportWhere(service.get('fg')!, 'the active standalone', (r) => r.health.standalone);
    const healthy = await reportWhere(bg, 'background healthy', allUp);
    // The follower lag series is recorded by the monitor itself, with no dashboard open.
    const follower = healthy.health.members.find((m) => m.role === 'follower')!;
    assert.equal(bg.derivedStore.query(follower.address, ZXID_LAG_KEY).points.at(-1)?.value, follower.lag);
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    const samples: number[] = [];
    const offSamples = bg.onSamples((s) => samples.push(s.members.length));
    const down = eventWhere(
      bg,
      'follower down',
      (e) => e.kind === 'member-state-changed' && e.to === 'down' && e.member.endsWith(`:${victim.ports.client}`),
    );
    await bed.kill(victim.id);
    try {
      const event = await down;
      // Usually from "up"; on a loaded machine a round may first see it hung while it dies.
      assert.ok(event.kind === 'member-state-changed' && event.from !== 'down', JSON.stringify(event));
      // The report that saw it down may carry no samples (only its refused probe): wait for the next.
      const next = await new Promise<SamplesAppended>((resolve, reject) => {
        const timer = setTimeout(() => (offNext(), reject(new Error('no samples within 10 s'))), 10_000);
        const offNext = bg.onSamples((s) => (clearTimeout(timer), offNext(), resolve(s)));
      });
      assert.ok(next.members.length >= 1 && !next.members.some((m) => m.endsWith(`:${victim.ports.client}`)), JSON.stringify(next));
      assert.ok(samples.length > 0, 'samples keep coming in the background');
      assert.ok(
        bg.events.some((e) => e.seq === event.seq),
        'kept in the history',
      );
    } finally {
      offSamples();
      bed.startMember(victim.id);
    }
    const back = await reportWhere(bg, 'back', allUp);
    assert.equal(back.health.members.length, 3);
    assert.ok(bg.events.some((e) => e.kind === 'member-state-changed' && e.to === 'up' && e.member.endsWith(`:${victim.ports.client}`)));
    service.dispose();
  });
});
