import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterConfig } from '../../src/core/clusters/clusterConfig';
import type { Announcement } from '../../src/core/health/announcer';
import { DEFAULT_THRESHOLDS } from '../../src/core/health/checks';
import { HealthService } from '../../src/core/health/service';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import { ClusterSource, Disposable, EnsembleHealthController, HealthWindow, NoticeSink, SettingsSource } from '../../src/ui/health/controller';
import { presentStatus } from '../../src/ui/health/presentation';
import type { HealthSettings } from '../../src/ui/health/settings';
import { FakePoller } from '../support/fakePoller';
import { loadSnapshot, patchMetrics, withMember } from '../support/healthFixtures';

// The controller's lifecycle in plain node: fakes of the window, the settings, the cluster
// registry, the notifications and the pollers (no vscode, no network).

function listeners<T extends unknown[]>(): { add: (l: (...a: T) => void) => Disposable; fire: (...a: T) => void } {
  const set = new Set<(...a: T) => void>();
  return { add: (l) => (set.add(l), { dispose: () => set.delete(l) }), fire: (...a) => [...set].forEach((l) => l(...a)) };
}

const cluster = (name: string, extra: Partial<ClusterConfig> = {}): ClusterConfig => ({
  id: name,
  name,
  connectString: `127.0.0.1:${name === 'prod' ? 2181 : 2182}`,
  readOnly: false,
  refresh: 'watch',
  ...extra,
});

const baseSettings: HealthSettings = {
  intervalMs: 2000,
  unfocusedIntervalMs: 10_000,
  maxMonitored: 3,
  probeTimeoutMs: undefined,
  notifications: true,
  thresholds: DEFAULT_THRESHOLDS,
};

function harness(clusters: ClusterConfig[] = [cluster('prod')]) {
  const pollers: FakePoller[] = [];
  const service = new HealthService({ createPoller: (o) => (pollers.push(new FakePoller(o)), pollers.at(-1)!) });
  const clusterEvents = listeners<[]>();
  let active = clusters[0]?.id;
  const source: ClusterSource = {
    list: () => clusters,
    get active() {
      return clusters.find((c) => c.id === active);
    },
    setActive: async (id) => {
      active = id;
      clusterEvents.fire();
    },
    onDidChange: clusterEvents.add,
  };
  const focus = listeners<[boolean]>();
  let focused = true;
  const window: HealthWindow = {
    get focused() {
      return focused;
    },
    onDidChangeFocus: focus.add,
  };
  let settings = baseSettings;
  const settingsEvents = listeners<[]>();
  const settingsSource: SettingsSource = { read: () => settings, onDidChange: settingsEvents.add };
  const shown: { cluster: string; a: Announcement }[] = [];
  let clears = 0;
  const notices: NoticeSink = { show: (c, a) => shown.push({ cluster: c, a }), clear: () => clears++ };
  const controller = new EnsembleHealthController({ clusters: source, window, settings: settingsSource, notices, service });
  return {
    controller,
    pollers,
    live: () => pollers.filter((p) => !p.disposed),
    shown,
    clears: () => clears,
    setFocus: (f: boolean) => ((focused = f), focus.fire(f)),
    setSettings: (s: Partial<HealthSettings>) => ((settings = { ...settings, ...s }), settingsEvents.fire()),
    setActive: (id: string) => source.setActive(id),
  };
}

/** A recorded snapshot whose answering members have run for `uptime` ms. */
function snap(name: string, uptime: number, change?: (s: EnsembleSnapshot) => EnsembleSnapshot): EnsembleSnapshot {
  const s = loadSnapshot(name);
  const aged = { ...s, members: s.members.map((m) => (m.probe.monitor ? patchMetrics(m, { uptime, leader_uptime: uptime }) : m)) };
  return change ? change(aged) : aged;
}

test('at once: "connecting…" for the active cluster and a poller at the set interval', () => {
  const h = harness();
  assert.equal(h.controller.state.kind, 'starting');
  assert.match(presentStatus(h.controller.state).text, /ZK prod: connecting…$/);
  assert.equal(h.live().length, 1);
  assert.equal(h.live()[0]!.intervalMs, 2000);
  h.live()[0]!.round('healthy-3', 1000);
  assert.equal(h.controller.state.kind, 'watching');
  h.controller.dispose();
  assert.equal(h.live().length, 0, 'nothing outlives dispose');
});

test('unfocused: polling goes on at the slower interval (no pause); focus brings the fast one back', () => {
  const h = harness();
  h.live()[0]!.round('healthy-3', 1000);
  h.setFocus(false);
  assert.equal(h.live().length, 1);
  assert.equal(h.live()[0]!.intervalMs, 10_000);
  assert.ok(h.live()[0]!.running);
  assert.equal(h.controller.state.kind, 'watching', 'still watching, with the last report');
  h.setFocus(true);
  assert.equal(h.live()[0]!.intervalMs, 2000);
  h.controller.dispose();
});

test('a settings change restarts the poller and keeps the history and the report', () => {
  const h = harness();
  h.live()[0]!.round('healthy-3', 1000);
  const monitor = h.controller.activeMonitor!;
  const store = monitor.store;
  h.setSettings({ intervalMs: 500 });
  assert.equal(h.pollers.length, 2);
  assert.equal(h.live()[0]!.intervalMs, 500);
  assert.equal(h.controller.activeMonitor, monitor);
  assert.equal(h.controller.activeMonitor.store, store);
  assert.equal(store.memberNames().length, 3);
  assert.equal(h.controller.state.kind, 'watching', 'the last report is still shown');
  h.controller.dispose();
});

test('changing the active cluster follows its monitor; the one left keeps its history', () => {
  const h = harness([cluster('prod'), cluster('staging')]);
  h.live()[0]!.round('healthy-3', 1000);
  const prod = h.controller.activeMonitor!;
  void h.setActive('staging');
  assert.equal(h.controller.state.kind, 'starting');
  assert.ok(h.clears() > 0, 'notices about the cluster left are closed');
  assert.notEqual(h.controller.activeMonitor, prod);
  void h.setActive('prod');
  assert.equal(h.controller.activeMonitor, prod);
  assert.equal(h.controller.state.kind, 'watching', 'its last report at once');
  h.controller.dispose();
});

test('a member going down is announced even while a latency warning is active; coming back replaces it', () => {
  const h = harness();
  const p = h.live()[0]!;
  const slow = (s: EnsembleSnapshot): EnsembleSnapshot => {
    const leader = s.members.findIndex((m) => m.probe.state === 'leader');
    return withMember(s, leader, (m) => patchMetrics(m, { avg_latency: 400, uptime: 3_600_000 }));
  };
  p.round(snap('healthy-3', 700_000, slow), 1000);
  assert.equal(h.shown.length, 1, 'the latency warning');
  assert.equal(h.shown[0]!.a.severity, 'info', 'a latency warning is a notice, not an alarm');
  p.round(snap('follower-down', 702_000, slow), 3000);
  assert.equal(h.shown.length, 2, 'the member down is news although the level stayed "warn"');
  const down = h.shown[1]!.a;
  assert.match(down.message, /DOWN/);
  assert.equal(down.severity, 'warning', 'can lose 0 is more urgent than latency');
  assert.ok(down.condition, 'stays until it clears');
  p.round(snap('follower-down', 704_000, slow), 5000);
  assert.equal(h.shown.length, 2, 'unchanged: nothing new');
  p.round(snap('healthy-3', 706_000, slow), 7000);
  assert.equal(h.shown.length, 3);
  assert.match(h.shown[2]!.a.message, /back/);
  h.controller.dispose();
});

test('the announcement comes from the report the status bar shows (leader killed: "no leader" in both)', () => {
  const h = harness();
  const p = h.live()[0]!;
  p.round(snap('healthy-3', 700_000), 1000);
  const texts: string[] = [];
  h.controller.onDidAnnounce(({ announcement }) => {
    const status = presentStatus(h.controller.state).text;
    texts.push(status);
    assert.ok(status.endsWith(announcement.summary), `status bar "${status}" vs notice "${announcement.message}"`);
  });
  // Followers still say "following" while the dead leader is refused: "no leader".
  const s = snap('healthy-3', 702_000);
  const leader = s.members.findIndex((m) => m.probe.state === 'leader');
  const dead = loadSnapshot('leader-down-reelected').members.find((m) => m.probe.state === 'down')!;
  p.round(withMember(s, leader, (m) => ({ ...m, probe: { ...dead.probe, address: m.probe.address, host: m.probe.host, port: m.probe.port } })), 3000);
  assert.equal(h.shown.length, 1);
  assert.equal(h.shown[0]!.a.severity, 'error');
  assert.match(h.shown[0]!.a.message, /^no leader · 2\/3 — .*no leader \(was/);
  assert.match(texts[0]!, /no leader · 2\/3$/);
  h.controller.dispose();
});

test('notifications off: nothing is shown, the state still follows', () => {
  const h = harness();
  h.setSettings({ notifications: false });
  const p = h.live()[0]!;
  p.round(snap('healthy-3', 700_000), 1000);
  p.round(snap('follower-down', 702_000), 3000);
  assert.equal(h.shown.length, 0);
  assert.match(presentStatus(h.controller.state).text, /2\/3 · can lose 0/);
  h.controller.dispose();
});
