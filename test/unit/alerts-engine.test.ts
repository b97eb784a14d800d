import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import { AlertEngine } from '../../src/core/alerts/engine';
import { applyRules } from '../../src/core/alerts/ruleSet';
import { buildReport } from '../../src/core/health/report';
import { AlertEvent, AlertRule, ThresholdRule } from '../../src/core/alerts/types';
import { addressOf, memberIndex, reportAt } from '../support/alertSeries';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const S = 1000;

function rules(overrides: unknown[] = []): readonly AlertRule[] {
  const result = applyRules(overrides);
  assert.deepEqual(result.errors, []);
  return result.rules;
}

function only(rule: string, overrides: unknown[] = []): readonly AlertRule[] {
  return rules(overrides).filter((r) => r.id === rule);
}

const states = (events: readonly AlertEvent[], rule: string): string[] =>
  events.filter((e) => e.rule === rule).map((e) => `${e.state}@${e.member ?? '-'}`);

describe('alert engine: member and ensemble rules on recorded snapshots', () => {
  const down = memberIndex('follower-down', 'down');
  const victim = addressOf('follower-down', down);

  it('member-down fires on the first report that shows it (no for), resolves after keep-firing once back', () => {
    const engine = new AlertEngine(rules());
    assert.deepEqual(states(engine.evaluate({ at: T0, report: reportAt('healthy-3', T0) }).alerts, 'member-down'), []);
    const fired = engine.evaluate({ at: T0 + 2 * S, report: reportAt('follower-down', T0 + 2 * S) }).alerts;
    assert.deepEqual(states(fired, 'member-down'), [`firing@${victim}`]);
    const firing = fired.find((e) => e.rule === 'member-down')!;
    assert.equal(firing.severity, 'critical');
    assert.match(firing.summary, /Member down \(127\.0\.0\.1:\d+\)/);
    // quorum holds with 2 of 3: one more failure loses it
    assert.deepEqual(states(fired, 'quorum-lost'), []);
    // back up: keep-firing (10 s) holds it, then it resolves
    assert.deepEqual(states(engine.evaluate({ at: T0 + 4 * S, report: reportAt('healthy-3', T0 + 4 * S) }).alerts, 'member-down'), []);
    assert.deepEqual(states(engine.evaluate({ at: T0 + 14 * S, report: reportAt('healthy-3', T0 + 14 * S) }).alerts, 'member-down'), [
      `resolved@${victim}`,
    ]);
  });

  it('quorum-at-risk waits its 10 s for; flapping members make one member-down alert, not many', () => {
    const engine = new AlertEngine(rules());
    const seen: AlertEvent[] = [];
    for (let i = 0; i <= 30; i++) {
      const t = T0 + i * 2 * S;
      seen.push(...engine.evaluate({ at: t, report: reportAt(i % 2 === 1 ? 'follower-down' : 'healthy-3', t) }).alerts);
    }
    // down every other poll (2 s up, 2 s down): keep-firing 10 s makes it one alert
    assert.deepEqual(states(seen, 'member-down'), [`firing@${victim}`]);
    // quorum-at-risk is never true 10 s in a row: pending again and again, never firing
    assert.ok(states(seen, 'quorum-at-risk').length > 0);
    assert.deepEqual(
      states(seen, 'quorum-at-risk').filter((s) => !s.startsWith('pending')),
      [],
    );
    const steady = new AlertEngine(rules());
    const risk: AlertEvent[] = [];
    for (let i = 0; i <= 6; i++)
      risk.push(...steady.evaluate({ at: T0 + i * 2 * S, report: reportAt('follower-down', T0 + i * 2 * S) }).alerts);
    assert.deepEqual(
      risk.filter((e) => e.rule === 'quorum-at-risk').map((e) => [e.state, e.at - T0]),
      [
        ['pending', 0],
        ['firing', 10 * S],
      ],
    );
  });

  it('member-hung on a SIGSTOPped member, critical', () => {
    const engine = new AlertEngine(rules());
    const hung = addressOf('follower-hung', memberIndex('follower-hung', 'hung'));
    assert.deepEqual(states(engine.evaluate({ at: T0, report: reportAt('follower-hung', T0) }).alerts, 'member-hung'), [`firing@${hung}`]);
  });

  it('a member seen down that accepts but does not answer yet is starting: still member-down, not member-hung, for the grace', () => {
    const hungReport = (t: number) => reportAt('follower-hung', t);
    const hung = addressOf('follower-hung', memberIndex('follower-hung', 'hung'));
    // The same member refusing connections first (a stopped JVM), then accepting without answering.
    const downReport = (t: number) => {
      const r = hungReport(t);
      const members = r.health.members.map((m) => (m.address === hung ? { ...m, condition: 'down' as const } : m));
      return { ...r, health: { ...r.health, members } };
    };
    const engine = new AlertEngine(rules());
    const first = engine.evaluate({ at: T0, report: downReport(T0) }).alerts;
    assert.deepEqual(states(first, 'member-down'), [`firing@${hung}`]);
    const starting = engine.evaluate({ at: T0 + 2 * S, report: hungReport(T0 + 2 * S) }).alerts;
    assert.deepEqual(states(starting, 'member-hung'), [], 'a starting JVM is not told as hung');
    assert.deepEqual(states(starting, 'member-down'), [], 'member-down keeps firing (no resolve)');
    // Silent for longer than the grace after it was last down: hung.
    const later = engine.evaluate({ at: T0 + 62 * S, report: hungReport(T0 + 62 * S) }).alerts;
    assert.deepEqual(states(later, 'member-hung'), [`firing@${hung}`]);
    // Down, back (answering), then silent: hung at once, whatever the grace.
    const again = new AlertEngine(rules());
    again.evaluate({ at: T0, report: downReport(T0) });
    again.evaluate({ at: T0 + 2 * S, report: reportAt('healthy-3', T0 + 2 * S) });
    assert.deepEqual(states(again.evaluate({ at: T0 + 4 * S, report: hungReport(T0 + 4 * S) }).alerts, 'member-hung'), [`firing@${hung}`]);
  });

  it('quorum-lost and no-leader when two of three are down; leader-changed after a re-election', () => {
    const engine = new AlertEngine(rules());
    engine.evaluate({ at: T0, report: reportAt('healthy-3', T0) });
    const lost = engine.evaluate({ at: T0 + 2 * S, report: reportAt('no-quorum', T0 + 2 * S) }).alerts;
    assert.deepEqual(states(lost, 'quorum-lost'), ['firing@-']);
    assert.deepEqual(states(lost, 'no-leader'), ['firing@-']);
    const back = engine.evaluate({ at: T0 + 4 * S, report: reportAt('leader-down-reelected', T0 + 4 * S) }).alerts;
    assert.deepEqual(states(back, 'quorum-lost'), ['resolved@-']);
    assert.deepEqual(states(back, 'no-leader'), ['resolved@-']);
    assert.deepEqual(states(back, 'leader-changed'), ['firing@-']);
    // an election stays news for 5 minutes
    assert.deepEqual(
      states(engine.evaluate({ at: T0 + 200 * S, report: reportAt('leader-down-reelected', T0 + 200 * S) }).alerts, 'leader-changed'),
      [],
    );
    assert.deepEqual(
      states(engine.evaluate({ at: T0 + 305 * S, report: reportAt('leader-down-reelected', T0 + 305 * S) }).alerts, 'leader-changed'),
      ['resolved@-'],
    );
  });

  it('split-brain when two members say they lead', () => {
    const base = reportAt('healthy-3', T0).health;
    const follower = base.members.findIndex((m) => m.role === 'follower');
    const snapshot = base.members.map((m) => m.snapshot);
    const edited = snapshot.map((m, i) => (i === follower ? { ...m, probe: { ...m.probe, state: 'leader' as const } } : m));
    const report = buildReport({
      connectString: base.connectString,
      takenAt: base.takenAt,
      elapsedMs: 1,
      members: edited,
      dynamicConfig: null,
      dynamicConfigNote: null,
    });
    const engine = new AlertEngine(rules());
    assert.deepEqual(states(engine.evaluate({ at: T0, report }).alerts, 'split-brain'), ['firing@-']);
  });
});

describe('alert engine: durations, hysteresis, gaps, counters', () => {
  const leader = memberIndex('healthy-3', 'leader');
  const follower = memberIndex('healthy-3', 'follower');
  const followerAddress = addressOf('healthy-3', follower);

  it('for: pending until the condition held for its duration; a dip before that goes back to inactive silently', () => {
    const engine = new AlertEngine(only('outstanding-high', [{ id: 'outstanding-high', forSeconds: 60 }]));
    const at = (s: number, outstanding: number): readonly AlertEvent[] =>
      engine.evaluate({ at: T0 + s * S, report: reportAt('healthy-3', T0 + s * S, { [follower]: { outstanding_requests: outstanding } }) })
        .alerts;
    assert.deepEqual(states(at(0, 50), 'outstanding-high'), [`pending@${followerAddress}`]);
    assert.deepEqual(states(at(30, 0), 'outstanding-high'), []);
    assert.deepEqual(states(at(40, 50), 'outstanding-high'), [`pending@${followerAddress}`]);
    assert.deepEqual(states(at(99, 50), 'outstanding-high'), []);
    assert.deepEqual(states(at(100, 50), 'outstanding-high'), [`firing@${followerAddress}`]);
  });

  it('hysteresis: a firing alert stays firing between the clear and the firing threshold, and keep-firing delays the resolve', () => {
    const engine = new AlertEngine(only('outstanding-high', [{ id: 'outstanding-high', forSeconds: 0, keepFiringSeconds: 20 }]));
    const at = (s: number, outstanding: number): string[] =>
      states(
        engine.evaluate({
          at: T0 + s * S,
          report: reportAt('healthy-3', T0 + s * S, { [follower]: { outstanding_requests: outstanding } }),
        }).alerts,
        'outstanding-high',
      );
    assert.deepEqual(at(0, 11), [`firing@${followerAddress}`]);
    assert.deepEqual(at(2, 9), []); // under 10 but above the clear threshold 5: still firing
    assert.deepEqual(at(4, 7), []);
    assert.deepEqual(at(6, 5), []); // cleared: keep-firing 20 s starts
    assert.deepEqual(at(8, 6), []); // still ≤ clear? no: 6 > 5 restarts the keep-firing clock
    assert.deepEqual(at(10, 2), []);
    assert.deepEqual(at(29, 2), []);
    assert.deepEqual(at(30, 2), [`resolved@${followerAddress}`]);
    assert.deepEqual(at(32, 11), [`firing@${followerAddress}`]);
  });

  it('a member that stops answering is no data, not resolved; its alert carries on when it answers again', () => {
    const downIndex = memberIndex('follower-down', 'down');
    const address = addressOf('follower-down', downIndex);
    const engine = new AlertEngine(only('watch-count-high', [{ id: 'watch-count-high', forSeconds: 0 }]));
    const healthy = (s: number, watches: number): string[] =>
      states(
        engine.evaluate({ at: T0 + s * S, report: reportAt('healthy-3', T0 + s * S, { [downIndex]: { watch_count: watches } }) }).alerts,
        'watch-count-high',
      );
    assert.deepEqual(healthy(0, 20_000), [`firing@${address}`]);
    assert.deepEqual(
      states(engine.evaluate({ at: T0 + 2 * S, report: reportAt('follower-down', T0 + 2 * S) }).alerts, 'watch-count-high'),
      [`nodata@${address}`],
    );
    assert.deepEqual(
      states(engine.evaluate({ at: T0 + 4 * S, report: reportAt('follower-down', T0 + 4 * S) }).alerts, 'watch-count-high'),
      [],
    );
    assert.equal(engine.instances().find((i) => i.rule.id === 'watch-count-high')!.state, 'nodata');
    assert.deepEqual(healthy(6, 20_000), [`firing@${address}`]);
    assert.deepEqual(healthy(8, 100), [`resolved@${address}`]);
  });

  it('latency over the window from sum_/cnt_ deltas, not the since-start average; a counter reset is handled', () => {
    const engine = new AlertEngine(only('latency-high', [{ id: 'latency-high', forSeconds: 0 }]));
    let sum = 0;
    let cnt = 0;
    const step = (s: number, requests: number, msEach: number, metrics: Record<string, number> = {}): string[] => {
      sum += requests * msEach;
      cnt += requests;
      // avg_latency (since start) is huge from an old bulk load; it must not matter
      const m = { sum_readlatency: sum, cnt_readlatency: cnt, sum_updatelatency: 0, cnt_updatelatency: 0, avg_latency: 900, ...metrics };
      return states(
        engine.evaluate({ at: T0 + s * S, report: reportAt('healthy-3', T0 + s * S, { [follower]: m }) }).alerts,
        'latency-high',
      );
    };
    for (let s = 0; s < 60; s += 2) assert.deepEqual(step(s, 100, 2), []);
    assert.ok(engine.instances().every((i) => i.rule.id !== 'latency-high'));
    // requests slow down to 500 ms each: the 5-minute window passes 100 ms within a few polls
    let fired: string[] = [];
    let s = 60;
    for (; s < 120 && fired.length === 0; s += 2) fired = step(s, 100, 500);
    assert.deepEqual(fired, [`firing@${followerAddress}`]);
    // a restart resets the counters to small numbers: no negative or huge value, and the window still holds the slow requests
    sum = 0;
    cnt = 0;
    assert.deepEqual(step(s, 10, 500, { uptime: 1000 }), []);
    const value = engine.instances().find((i) => i.rule.id === 'latency-high')!.value!;
    assert.ok(value > 100 && value < 500, `windowed latency ${value}`);
  });

  it('a restart (uptime going down) is an event', () => {
    const engine = new AlertEngine(rules());
    engine.evaluate({ at: T0, report: reportAt('healthy-3', T0, { [leader]: { uptime: 500_000 } }) });
    const result = engine.evaluate({ at: T0 + 2 * S, report: reportAt('healthy-3', T0 + 2 * S, { [leader]: { uptime: 1_000 } }) });
    assert.deepEqual(
      result.restarts.map((r) => r.member),
      [addressOf('healthy-3', leader)],
    );
  });

  it('leader-only scope: pending_syncs is judged on the leader only', () => {
    const engine = new AlertEngine(only('pending-syncs-high', [{ id: 'pending-syncs-high', forSeconds: 0 }]));
    const onFollower = engine.evaluate({ at: T0, report: reportAt('healthy-3', T0, { [follower]: { pending_syncs: 50 } }) }).alerts;
    assert.deepEqual(states(onFollower, 'pending-syncs-high'), []);
    const onLeader = engine.evaluate({
      at: T0 + 2 * S,
      report: reportAt('healthy-3', T0 + 2 * S, { [leader]: { pending_syncs: 50 } }),
    }).alerts;
    assert.deepEqual(states(onLeader, 'pending-syncs-high'), [`firing@${addressOf('healthy-3', leader)}`]);
  });

  it('fraction-of-limit rules compare against the limit the member reports', () => {
    const engine = new AlertEngine(only('fds-high', [{ id: 'fds-high', forSeconds: 0 }]));
    const fired = engine.evaluate({
      at: T0,
      report: reportAt('healthy-3', T0, { [follower]: { open_file_descriptor_count: 230, max_file_descriptor_count: 256 } }),
    }).alerts;
    assert.deepEqual(states(fired, 'fds-high'), [`firing@${followerAddress}`]);
    assert.ok(Math.abs(fired[0]!.value! - 230 / 256) < 1e-9);
    assert.match(fired[0]!.summary, /89.8 % of max_file_descriptor_count \(> 85 %\)/);
  });

  it('every built-in id of the contract is there, each with a source', () => {
    const ids = [
      'member-down',
      'member-hung',
      'quorum-lost',
      'no-leader',
      'split-brain',
      'quorum-at-risk',
      'leader-changed',
      'follower-lagging',
      'follower-not-synced',
      'latency-high',
      'outstanding-high',
      'pending-syncs-high',
      'connections-high',
      'fds-high',
      'fsync-slow',
      'watch-count-high',
      'znode-count-high',
      'data-size-high',
      'heap-high',
      'version-skew',
      'config-drift',
      'read-only-mode',
      'even-voters',
    ];
    for (const id of ids)
      assert.ok(
        BUILTIN_RULES.some((r) => r.id === id),
        id,
      );
    for (const rule of BUILTIN_RULES) assert.match(rule.source, /\S/);
    for (const id of ['member-down', 'member-hung', 'quorum-lost', 'no-leader', 'split-brain']) {
      assert.equal((BUILTIN_RULES.find((r) => r.id === id) as ThresholdRule).forSeconds, 0, id);
    }
  });
});
