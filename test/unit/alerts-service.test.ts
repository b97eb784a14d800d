import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firingSpans } from '../../src/core/alerts/alertHistory';
import { AlertService } from '../../src/core/alerts/alertService';
import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import { AlertChange, AlertSink, ClusterAlerts, RestartChange } from '../../src/core/alerts/clusterAlerts';
import { rulesForCluster } from '../../src/core/alerts/clusterRules';
import { PersistedAlerts, parsePersistedAlerts } from '../../src/core/alerts/persistedAlerts';
import { applyRules } from '../../src/core/alerts/ruleSet';
import {
  parseReceiverSecret,
  receiverSecretKey,
  receiversForCluster,
  toReceiverConfig,
} from '../../src/core/alerts/receivers/receiverSettings';
import type { AlertEvent, AlertRule } from '../../src/core/alerts/types';
import { HealthService } from '../../src/core/health/service';
import { addressOf, memberIndex, reportAt } from '../support/alertSeries';
import { FakeMonitor } from '../support/fakeMonitor';
import { FakePoller } from '../support/fakePoller';

// The per-cluster alert service on synthetic and recorded reports: what is told once, what is
// kept, what is muted, what survives a reload, and what goes to receivers.

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const S = 1000;
const down = memberIndex('follower-down', 'down');
const victim = addressOf('follower-down', down);

function rules(overrides: unknown[] = []): readonly AlertRule[] {
  const result = applyRules(overrides);
  assert.deepEqual(result.errors, []);
  return result.rules;
}

/** A cluster's alerts on a hand-driven monitor and clock. */
function harness(options: { rules?: readonly AlertRule[]; persisted?: unknown; maxHistory?: number } = {}) {
  let now = T0;
  const monitor = new FakeMonitor('prod');
  const saved: PersistedAlerts[] = [];
  const alerts = new ClusterAlerts(monitor, {
    rules: options.rules ?? BUILTIN_RULES,
    persisted: options.persisted,
    maxHistory: options.maxHistory,
    save: (s) => saved.push(s),
    now: () => now,
  });
  const changes: AlertChange[] = [];
  alerts.onAlert((c) => changes.push(c));
  const at = (seconds: number, name: string, metrics: Record<number, Record<string, number>> = {}): void => {
    now = T0 + seconds * S;
    monitor.publish(reportAt(name, now, metrics));
  };
  const setNow = (seconds: number): void => {
    now = T0 + seconds * S;
  };
  return { monitor, alerts, changes, saved, at, setNow };
}

/** member-down fires at 2 s and 22 s and resolves at 20 s and 40 s (after its 10 s keep-firing). */
function twoOutages(h: ReturnType<typeof harness>): void {
  for (const [t, name] of [
    [0, 'healthy-3'],
    [2, 'follower-down'],
    [4, 'healthy-3'],
    [20, 'healthy-3'],
    [22, 'follower-down'],
    [24, 'healthy-3'],
    [40, 'healthy-3'],
  ] as const)
    h.at(t, name);
}

const told = (changes: readonly AlertChange[], rule: string): string[] =>
  changes.filter((c) => c.event.rule === rule).map((c) => `${c.event.state}${c.news ? '!' : ''}@${c.event.member ?? '-'}`);

describe("ClusterAlerts: one cluster's alerts from its monitor's reports", () => {
  it('a member down fires once as news, is kept in history, and its resolve is news with when it began', () => {
    const h = harness();
    h.at(0, 'healthy-3');
    h.at(2, 'follower-down');
    assert.deepEqual(told(h.changes, 'member-down'), [`firing!@${victim}`]);
    const active = h.alerts.active().find((a) => a.rule.id === 'member-down')!;
    assert.equal(active.state, 'firing');
    assert.equal(active.member, victim);
    assert.equal(active.firingSince, T0 + 2 * S);
    assert.equal(active.mutedUntil, null);
    // flapping: back and down again within keep-firing is the same alert, told once
    h.at(4, 'healthy-3');
    h.at(6, 'follower-down');
    h.at(8, 'healthy-3');
    h.at(20, 'healthy-3');
    assert.deepEqual(told(h.changes, 'member-down'), [`firing!@${victim}`, `resolved!@${victim}`]);
    const resolved = h.changes.find((c) => c.event.rule === 'member-down' && c.event.state === 'resolved')!;
    assert.equal(resolved.firingSince, T0 + 2 * S);
    const kept = h.alerts
      .history()
      .filter((e) => e.rule === 'member-down')
      .map((e) => `${e.state}@${(e.at - T0) / S}`);
    assert.deepEqual(kept, ['firing@2', 'resolved@20']);
    assert.deepEqual(
      h.alerts.active().filter((a) => a.rule.id === 'member-down'),
      [],
      'a resolved alert is not under way',
    );
    assert.ok(h.saved.length >= 2, 'history changes are handed to storage');
    assert.deepEqual(h.saved.at(-1)!.history.filter((e) => e.rule === 'member-down').length, 2);
  });

  it('a firing alert whose member stops answering is "no data", never resolved; its data coming back is not news again', () => {
    const h = harness({ rules: rules([{ id: 'outstanding-high', forSeconds: 0 }]) });
    const busy = { [down]: { outstanding_requests: 50 } };
    h.at(0, 'healthy-3', busy);
    h.at(2, 'follower-down');
    h.at(4, 'healthy-3', busy);
    assert.deepEqual(told(h.changes, 'outstanding-high'), [`firing!@${victim}`, `nodata@${victim}`, `firing@${victim}`]);
    assert.deepEqual(
      h.alerts
        .history()
        .filter((e) => e.rule === 'outstanding-high')
        .map((e) => e.state),
      ['firing', 'nodata'],
      'the gap is remembered, the same firing is not',
    );
    h.at(6, 'healthy-3', { [down]: { outstanding_requests: 1 } });
    assert.deepEqual(told(h.changes, 'outstanding-high').at(-1), `resolved!@${victim}`);
  });

  it('mutes: a muted alert is still listed, marked until when; expired mutes drop; unmute lifts it', () => {
    const h = harness();
    h.at(0, 'healthy-3');
    h.alerts.mute('member-down', victim, T0 + 3600 * S);
    h.at(2, 'follower-down');
    const change = h.changes.find((c) => c.event.rule === 'member-down')!;
    assert.equal(change.news, true, 'still news: the editor decides not to notify');
    assert.equal(change.mutedUntil, T0 + 3600 * S);
    assert.equal(h.alerts.active().find((a) => a.rule.id === 'member-down')!.mutedUntil, T0 + 3600 * S);
    // a mute of the whole rule covers every member; the ensemble's alerts only by their own rule
    h.alerts.mute('quorum-at-risk', null, T0 + 60 * S);
    assert.equal(h.alerts.mutedUntil('quorum-at-risk', null), T0 + 60 * S);
    assert.equal(h.alerts.mutedUntil('member-down', 'other:1'), null);
    h.setNow(61);
    assert.equal(h.alerts.mutedUntil('quorum-at-risk', null), null, 'expired');
    assert.deepEqual(
      h.alerts.activeMutes().map((m) => m.rule),
      ['member-down'],
    );
    h.alerts.unmute('member-down', victim);
    assert.equal(h.alerts.mutedUntil('member-down', victim), null);
    assert.deepEqual(
      h.saved.at(-1)!.mutes.map((m) => m.rule),
      ['quorum-at-risk'],
      'the lifted mute is gone from storage too',
    );
    h.at(62, 'follower-down');
    assert.deepEqual(h.saved.at(-1)!.mutes, [], 'expired mutes are pruned at the next evaluation');
  });

  it('history and mutes survive a reload through the persisted form; the history is bounded', () => {
    const h = harness({ maxHistory: 3 });
    twoOutages(h);
    assert.equal(h.alerts.history().length, 3, 'bounded');
    assert.deepEqual(
      h.alerts.history().map((e) => `${e.state}@${(e.at - T0) / S}`),
      ['resolved@20', 'firing@22', 'resolved@40'],
      'the oldest go first',
    );
    h.alerts.mute('member-down', null, T0 + 7200 * S);
    const stored = JSON.parse(JSON.stringify(h.alerts.toJSON())) as unknown;
    const again = harness({ persisted: stored });
    assert.deepEqual(again.alerts.history(), h.alerts.history());
    assert.equal(again.alerts.mutedUntil('member-down', victim), T0 + 7200 * S);
    // a damaged store loses only what is wrong
    const damaged = { version: 1, history: [h.alerts.history()[0], { rule: 'x', state: 'exploded' }, 42], mutes: 'nope' };
    assert.equal(parsePersistedAlerts(damaged).history.length, 0, 'mutes not an array: the document is refused');
    const partly = {
      version: 1,
      history: [h.alerts.history()[0], { rule: 'x', state: 'exploded' }, 42],
      mutes: [{ rule: 'a', member: null, until: 5 }, { rule: 1 }],
    };
    const parsed = parsePersistedAlerts(partly);
    assert.equal(parsed.history.length, 1);
    assert.equal(parsed.mutes.length, 1);
    assert.deepEqual(parsePersistedAlerts(undefined), { version: 1, history: [], mutes: [] });
    assert.deepEqual(parsePersistedAlerts({ version: 2, history: [], mutes: [] }).history, []);
  });

  it('receivers get each firing and resolve once (not pending, not a firing back from no data); a throwing sink stops nothing', () => {
    const h = harness({ rules: rules([{ id: 'outstanding-high', forSeconds: 0 }]) });
    const handled: AlertEvent[] = [];
    let ticks = 0;
    const sink: AlertSink = { handle: (events) => handled.push(...events), tick: () => ticks++, dispose: () => undefined };
    h.alerts.setSink(sink);
    const busy = { [down]: { outstanding_requests: 50 } };
    h.at(0, 'healthy-3', busy);
    h.at(2, 'follower-down');
    h.at(4, 'healthy-3', busy);
    h.at(20, 'healthy-3');
    assert.deepEqual(
      handled.map((e) => `${e.state} ${e.rule}`),
      ['firing outstanding-high', 'firing member-down', 'resolved member-down', 'resolved outstanding-high'].filter((x) =>
        handled.some((e) => `${e.state} ${e.rule}` === x),
      ),
    );
    assert.equal(handled.filter((e) => e.rule === 'outstanding-high' && e.state === 'firing').length, 1);
    assert.equal(handled.filter((e) => e.state === 'pending' || e.state === 'nodata').length, 0);
    assert.equal(ticks, 4, 'ticked every evaluation (Alertmanager re-sends)');
    let disposed = false;
    h.alerts.setSink({
      handle: () => {
        throw new Error('boom');
      },
      tick: () => undefined,
      dispose: () => (disposed = true),
    });
    h.at(22, 'follower-down');
    assert.ok(told(h.changes, 'member-down').includes(`firing!@${victim}`), 'evaluation went on');
    h.alerts.dispose();
    assert.ok(disposed, 'the sink is disposed with the alerts');
  });

  it('a restart right after a member-down firing is explained; one out of the blue is not', () => {
    const h = harness();
    const restarts: RestartChange[] = [];
    h.alerts.onRestart((r) => restarts.push(r));
    h.at(0, 'healthy-3', { 0: { uptime: 100_000 }, 1: { uptime: 100_000 }, 2: { uptime: 100_000 } });
    h.at(2, 'healthy-3', { 0: { uptime: 102_000 }, 1: { uptime: 500 }, 2: { uptime: 102_000 } });
    assert.equal(restarts.length, 1);
    assert.equal(restarts[0]!.explained, false, 'nobody saw it down');
    h.at(4, 'follower-down', { 1: { uptime: 104_000 }, 2: { uptime: 104_000 } });
    h.at(6, 'healthy-3', { [down]: { uptime: 300 }, 1: { uptime: 106_000 }, 2: { uptime: 106_000 } });
    assert.equal(restarts.length, 2);
    assert.equal(restarts[1]!.member, victim);
    assert.equal(restarts[1]!.explained, true, 'member-down told it already');
  });

  it('a rule changed in settings starts over from now; unchanged rules keep their state', () => {
    const h = harness({ rules: rules([{ id: 'outstanding-high', forSeconds: 0 }]) });
    const busy = { [down]: { outstanding_requests: 50 } };
    h.at(0, 'healthy-3', busy);
    h.at(2, 'follower-down');
    assert.ok(h.alerts.active().some((a) => a.rule.id === 'member-down' && a.state === 'firing'));
    h.alerts.setRules(rules([{ id: 'outstanding-high', forSeconds: 0, threshold: 100 }]));
    assert.ok(
      h.alerts.active().some((a) => a.rule.id === 'member-down' && a.state === 'firing'),
      'member-down unchanged: still firing',
    );
    assert.ok(!h.alerts.active().some((a) => a.rule.id === 'outstanding-high'), 'outstanding-high changed: starts over');
    h.at(4, 'healthy-3', busy);
    assert.ok(!h.alerts.active().some((a) => a.rule.id === 'outstanding-high'), '50 is under the new threshold of 100');
    h.alerts.setRules(rules([{ id: 'member-down', enabled: false }]));
    assert.ok(!h.alerts.active().some((a) => a.rule.id === 'member-down'), 'disabled: gone from the list');
  });

  it('firing spans from history: closed by their resolve, open while firing', () => {
    const h = harness();
    twoOutages(h);
    h.at(42, 'follower-down');
    const spans = firingSpans(h.alerts.history()).filter((s) => s.rule === 'member-down');
    assert.deepEqual(
      spans.map((s) => [(s.from - T0) / S, s.to === null ? null : (s.to - T0) / S]),
      [
        [2, 20],
        [22, 40],
        [42, null],
      ],
    );
    assert.equal(spans[0]!.severity, 'critical');
  });
});

describe('AlertService: one ClusterAlerts per monitor of the health service', () => {
  it("follows the service's clusters, loads and saves through storage, and evaluates before other report listeners", () => {
    const pollers: FakePoller[] = [];
    const service = new HealthService({ createPoller: (o) => (pollers.push(new FakePoller(o)), pollers.at(-1)!) });
    const stored = new Map<string, unknown>([
      ['prod', { version: 1, history: [], mutes: [{ rule: 'member-down', member: null, until: Date.now() + 3_600_000 }] }],
    ]);
    const alerts = new AlertService(service, {
      rulesFor: (id) => (id === 'staging' ? rules([{ id: 'member-down', enabled: false }]) : BUILTIN_RULES),
      storage: { load: (id) => stored.get(id), save: (id, s) => stored.set(id, s) },
    });
    const changes: AlertChange[] = [];
    alerts.onAlert((c) => changes.push(c));
    service.update(
      [
        { id: 'prod', connectString: '127.0.0.1:2181' },
        { id: 'staging', connectString: '127.0.0.1:2182', monitor: true },
      ],
      'prod',
      { intervalMs: 2000, unfocusedIntervalMs: 10_000, maxMonitored: 3 },
    );
    assert.deepEqual(
      alerts
        .all()
        .map((a) => a.clusterId)
        .sort(),
      ['prod', 'staging'],
    );
    const prod = alerts.get('prod')!;
    assert.ok(prod.mutedUntil('member-down', victim) !== null, 'mutes loaded from storage');
    // A report listener added after the service sees alerts of the very report it gets.
    let seenByLater: string[] = [];
    service.get('prod')!.onReport(() => (seenByLater = prod.active().map((a) => `${a.state} ${a.rule.id}`)));
    const p = pollers.find((x) => x.options.connectString === '127.0.0.1:2181')!;
    p.round('healthy-3', Date.now());
    p.round('follower-down', Date.now() + 2000);
    assert.ok(seenByLater.includes('firing member-down'), seenByLater.join(', '));
    assert.ok(changes.some((c) => c.clusterId === 'prod' && c.event.rule === 'member-down' && c.event.state === 'firing'));
    assert.ok(
      (stored.get('prod') as PersistedAlerts).history.some((e) => e.rule === 'member-down'),
      'saved',
    );
    const s = pollers.find((x) => x.options.connectString === '127.0.0.1:2182')!;
    s.round('healthy-3', Date.now());
    s.round('follower-down', Date.now() + 2000);
    assert.ok(
      !alerts
        .get('staging')!
        .active()
        .some((a) => a.rule.id === 'member-down'),
      'staging has its own rules',
    );
    service.update([{ id: 'prod', connectString: '127.0.0.1:2181' }], 'prod');
    assert.deepEqual(
      alerts.all().map((a) => a.clusterId),
      ['prod'],
      "a removed cluster's alerts go",
    );
    alerts.dispose();
    service.dispose();
  });
});

describe('rulesForCluster: zookeeper.alerts.rules with per-cluster entries', () => {
  const prod = { id: 'prod', name: 'Prod' };
  it("entries without a cluster apply everywhere; a cluster's own entries apply after them, by name or id", () => {
    const setting = [
      { id: 'latency-high', threshold: 200 },
      { id: 'latency-high', threshold: 50, cluster: 'Prod' },
      { id: 'fds-high', enabled: false, cluster: 'staging' },
      { id: 'my-watch-rule', title: 'Many watches', signal: 'watch_count', op: '>', threshold: 5, action: 'look', cluster: 'prod' },
    ];
    const result = rulesForCluster(setting, prod);
    assert.deepEqual(result.errors, []);
    const byId = new Map(result.rules.map((r) => [r.id, r]));
    assert.equal((byId.get('latency-high') as { threshold: number }).threshold, 50);
    assert.equal(byId.get('fds-high')!.enabled, true, "staging's entry does not apply to prod");
    assert.equal(byId.get('my-watch-rule')!.kind, 'threshold');
    const staging = rulesForCluster(setting, { id: 'staging', name: 'staging' });
    assert.equal(staging.rules.find((r) => r.id === 'fds-high')!.enabled, false);
    assert.equal((staging.rules.find((r) => r.id === 'latency-high') as { threshold: number }).threshold, 200);
    assert.ok(!staging.rules.some((r) => r.id === 'my-watch-rule'));
  });

  it('a bad entry is reported by its place and field and changes nothing; the rest apply', () => {
    const result = rulesForCluster(
      [{ id: 'latency-high', threshold: 'high' }, { id: 'fds-high', severity: 'critical' }, { id: 'x', cluster: 3 }, 'nope'],
      prod,
    );
    assert.deepEqual(result.errors.map((e) => `${e.rule}.${e.field}`).sort(), ['latency-high.threshold', 'rules[3].(entry)', 'x.cluster']);
    assert.equal(result.rules.find((r) => r.id === 'fds-high')!.severity, 'critical');
    assert.equal((result.rules.find((r) => r.id === 'latency-high') as { threshold: number }).threshold, 100);
    assert.deepEqual(
      rulesForCluster({ not: 'an array' }, prod).errors.map((e) => e.field),
      ['zookeeper.alerts.rules'],
    );
    assert.equal(rulesForCluster(undefined, prod).rules, BUILTIN_RULES);
  });
});

describe('receiver settings and secrets', () => {
  const prod = { id: 'prod', name: 'Prod' };
  it("picks the cluster's receivers, refuses credentials in URLs, and fills secrets in", () => {
    const { receivers, errors } = receiversForCluster(
      [
        { name: 'team', kind: 'webhook', url: 'http://127.0.0.1:9/hook', template: '{{summary}}' },
        { name: 'am', kind: 'alertmanager', url: 'http://127.0.0.1:9093', cluster: 'Prod' },
        { name: 'other', kind: 'webhook', url: 'http://127.0.0.1:9/x', cluster: 'staging' },
        { name: 'leaky', kind: 'webhook', url: 'http://user:secret@127.0.0.1:9/x' },
        { name: 'slack', kind: 'webhook' },
        { name: 'bad kind', kind: 'pager' },
      ],
      prod,
    );
    assert.deepEqual(
      receivers.map((r) => r.name),
      ['team', 'am', 'slack'],
    );
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /receivers\[3\] \(leaky\): url must not hold credentials/);
    assert.ok(!errors.join('\n').includes('secret@'), 'the credential is not repeated in the error');
    assert.match(errors[1]!, /receivers\[5\]: .*name/);
    const withToken = toReceiverConfig(receivers[1]!, parseReceiverSecret(JSON.stringify({ token: 't0k' })));
    assert.deepEqual(withToken, {
      config: { kind: 'alertmanager', url: 'http://127.0.0.1:9093', headers: { authorization: 'Bearer t0k' } },
    });
    assert.match((toReceiverConfig(receivers[2]!, {}) as { error: string }).error, /no URL/);
    assert.deepEqual(toReceiverConfig(receivers[2]!, parseReceiverSecret('{"url":"https://hooks.example/T/B/x"}')), {
      config: { kind: 'webhook', url: 'https://hooks.example/T/B/x' },
    });
    assert.deepEqual(parseReceiverSecret('not json'), {});
    assert.equal(receiverSecretKey('team'), 'zookeeper.alerts.receiver.team');
  });
});
