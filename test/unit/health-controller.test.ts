import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterConfig } from '../../src/core/clusters/clusterConfig';
import { DEFAULT_THRESHOLDS } from '../../src/core/health/checks';
import { HealthService } from '../../src/core/health/service';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import { ClusterSource, Disposable, EnsembleHealthController, HealthWindow, SettingsSource } from '../../src/ui/health/controller';
import { presentStatus } from '../../src/ui/health/presentation';
import type { HealthSettings } from '../../src/ui/health/settings';
import { FakePoller } from '../support/fakePoller';
import { loadSnapshot, patchMetrics } from '../support/healthFixtures';

// The controller's lifecycle in plain node: fakes of the window, the settings, the cluster
// registry and the pollers (no vscode, no network). Notifications are the alerts' (alerts-ui test).

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
  const controller = new EnsembleHealthController({ clusters: source, window, settings: settingsSource, service });
  return {
    controller,
    pollers,
    live: () => pollers.filter((p) => !p.disposed),
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
  assert.notEqual(h.controller.activeMonitor, prod);
  void h.setActive('prod');
  assert.equal(h.controller.activeMonitor, prod);
  assert.equal(h.controller.state.kind, 'watching', 'its last report at once');
  h.controller.dispose();
});

test('notifications setting: read for the alerts; the state follows reports either way', () => {
  const h = harness();
  assert.equal(h.controller.notificationsEnabled, true);
  h.setSettings({ notifications: false });
  assert.equal(h.controller.notificationsEnabled, false);
  const p = h.live()[0]!;
  p.round(snap('healthy-3', 700_000), 1000);
  p.round(snap('follower-down', 702_000), 3000);
  assert.match(presentStatus(h.controller.state).text, /2\/3 · can lose 0/);
  h.controller.dispose();
});
