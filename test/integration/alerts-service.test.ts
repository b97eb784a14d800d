import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AlertService } from '../../src/core/alerts/alertService';
import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import type { AlertChange } from '../../src/core/alerts/clusterAlerts';
import { PersistedAlerts, parsePersistedAlerts } from '../../src/core/alerts/persistedAlerts';
import { HealthService } from '../../src/core/health/service';
import { Testbed } from '../../src/core/testbed/testbed';

// The editor's alert path without the editor: the health service polls a real 3-member ensemble,
// the alert service evaluates each report. A follower killed by pid fires member-down through the
// service (once), and its restart resolves it; both are in the persisted history.
const INTERVAL_MS = 1000;

let bed: Testbed;
let service: HealthService;
let alerts: AlertService;
const stored = new Map<string, PersistedAlerts>();
const changes: (AlertChange & { seenAt: number })[] = [];
const waiters = new Set<() => void>();

/** The first change at or after `since` matching `ok`; rejects after `timeoutMs` with what was seen. */
function changeWhere(
  what: string,
  ok: (c: AlertChange) => boolean,
  since: number,
  timeoutMs: number,
): Promise<AlertChange & { seenAt: number }> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const found = changes.find((c) => c.seenAt >= since && ok(c));
      if (!found) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(found);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(
        new Error(
          `${what}: not seen in ${timeoutMs} ms; seen ${changes.map((c) => `${c.event.state} ${c.event.rule} ${c.event.member ?? '-'}`).join(', ') || 'nothing'}`,
        ),
      );
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}

before(async () => {
  bed = await Testbed.start({ size: 3 });
  service = new HealthService();
  alerts = new AlertService(service, {
    rulesFor: () => BUILTIN_RULES,
    storage: { load: (id) => stored.get(id), save: (id, s) => stored.set(id, s) },
  });
  alerts.onAlert((c) => {
    changes.push({ ...c, seenAt: Date.now() });
    for (const w of [...waiters]) w();
  });
  service.update([{ id: 'bed', connectString: bed.connectString }], 'bed', {
    intervalMs: INTERVAL_MS,
    unfocusedIntervalMs: INTERVAL_MS,
    maxMonitored: 1,
  });
});

after(async () => {
  alerts?.dispose();
  service?.dispose();
  await bed?.close();
});

test('kill a follower: member-down fires once through the service, resolves after its restart, and both are kept', async () => {
  const monitor = service.get('bed')!;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no healthy report in 60 s'));
    }, 60_000);
    const off = monitor.onReport((r) => {
      if (!r.health.quorum || r.health.members.some((m) => m.condition !== 'up')) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
  const leader = (await bed.leaderId())!;
  const victim = bed.members.find((m) => m.id !== leader)!;
  const address = `127.0.0.1:${victim.ports.client}`;
  const since = Date.now();
  await bed.kill(victim.id);
  let fired;
  try {
    fired = await changeWhere(
      'member-down firing',
      (c) => c.event.rule === 'member-down' && c.event.member === address && c.event.state === 'firing',
      since,
      10 * INTERVAL_MS,
    );
    assert.equal(fired.news, true);
    assert.equal(fired.clusterId, 'bed');
    assert.equal(fired.event.severity, 'critical');
    const active = alerts
      .get('bed')!
      .active()
      .find((a) => a.rule.id === 'member-down' && a.member === address);
    assert.equal(active?.state, 'firing');
  } finally {
    bed.startMember(victim.id);
  }
  const resolved = await changeWhere(
    'member-down resolved',
    (c) => c.event.rule === 'member-down' && c.event.member === address && c.event.state === 'resolved',
    fired.seenAt,
    60_000,
  );
  assert.equal(resolved.news, true);
  assert.equal(resolved.firingSince, fired.event.at);
  const firings = changes.filter(
    (c) => c.event.rule === 'member-down' && c.event.member === address && c.event.state === 'firing' && c.news,
  );
  assert.equal(firings.length, 1, 'told once');
  const history = parsePersistedAlerts(JSON.parse(JSON.stringify(stored.get('bed')))).history.filter(
    (e) => e.rule === 'member-down' && e.member === address,
  );
  assert.deepEqual(
    history.map((e) => e.state),
    ['firing', 'resolved'],
    'persisted through storage',
  );
});
