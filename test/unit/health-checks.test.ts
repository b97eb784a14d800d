import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CHECKS, DEFAULT_THRESHOLDS, exitCodeOf, overallStatus, runChecks, thresholdsFrom } from '../../src/core/health/checks';
import { assessEnsemble } from '../../src/core/health/model';
import { buildReport } from '../../src/core/health/report';
import type { CheckResult, EnsembleSnapshot } from '../../src/core/health/types';
import { indexOf, loadSnapshot, patchMetrics, patchProbe, withMember } from '../support/healthFixtures';

const run = (snapshot: EnsembleSnapshot): CheckResult[] => runChecks(assessEnsemble(snapshot), { connectionsFetched: true });
const statusOf = (results: CheckResult[], id: string): string | undefined => results.find((r) => r.id === id)?.status;
const problems = (results: CheckResult[]): string[] => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`);

test('at least 20 checks with unique, stable ids, each with evidence and advice', () => {
  assert.ok(ALL_CHECKS.length >= 20, `${ALL_CHECKS.length} checks`);
  const ids = ALL_CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of [
    'quorum',
    'leader',
    'split-brain',
    'members-reachable',
    'hung-members',
    'not-serving',
    'read-only',
    'zxid-lag',
    'version-skew',
    'config-drift',
    'avg-latency',
    'outstanding-requests',
    'connections',
    'file-descriptors',
    'znode-count',
    'data-size',
    'watch-count',
    'pending-syncs',
    'synced-followers',
    'monitoring-access',
    'voter-count',
    'leader-elections',
    'ephemerals',
    'fsync-time',
  ]) {
    assert.ok(ids.includes(id), `missing check ${id}`);
  }
  for (const r of run(loadSnapshot('healthy-3'))) {
    assert.ok(r.evidence.length > 10 && r.advice.length > 5, `${r.id} lacks evidence or advice`);
  }
});

test('healthy ensembles pass every check (3 members; default whitelist with AdminServer; 5 with an observer)', () => {
  for (const name of ['healthy-3', 'default-whitelist-admin', 'five-with-observer', 'reconfig-enabled']) {
    const results = run(loadSnapshot(name));
    assert.deepEqual(problems(results), [], name);
    assert.equal(exitCodeOf(overallStatus(results)), 0);
  }
});

test('a follower down or hung while quorum holds is a warning (exit 1), never a failure', () => {
  const down = run(loadSnapshot('follower-down'));
  assert.equal(overallStatus(down), 'warn');
  assert.equal(statusOf(down, 'members-reachable'), 'warn');
  assert.equal(statusOf(down, 'fault-tolerance'), 'warn');
  const hung = run(loadSnapshot('follower-hung'));
  assert.equal(overallStatus(hung), 'warn');
  assert.equal(statusOf(hung, 'hung-members'), 'warn');
  assert.equal(statusOf(hung, 'quorum'), 'pass');
  const reelected = run(loadSnapshot('leader-down-reelected'));
  assert.equal(overallStatus(reelected), 'warn');
});

test('no quorum, no leader, a hung leader, nothing answering: failures (exit 2)', () => {
  for (const name of ['no-quorum', 'all-down', 'leader-hung', 'leader-down-electing']) {
    const results = run(loadSnapshot(name));
    assert.equal(overallStatus(results), 'fail', name);
    assert.equal(statusOf(results, 'leader'), 'fail', name);
    assert.equal(exitCodeOf(overallStatus(results)), 2);
  }
  assert.equal(statusOf(run(loadSnapshot('no-quorum')), 'quorum'), 'fail');
  assert.match(run(loadSnapshot('leader-hung')).find((r) => r.id === 'leader')!.evidence, /Hung: /);
});

test('split brain fails its own check', () => {
  const base = loadSnapshot('healthy-3');
  const results = run(withMember(base, indexOf(base, 'follower'), (m) => patchProbe(m, { state: 'leader' })));
  assert.equal(statusOf(results, 'split-brain'), 'fail');
  assert.match(results.find((r) => r.id === 'split-brain')!.evidence, /2 members report Mode: leader/);
});

test('without 4lw metrics and without AdminServer the ensemble is never reported healthy', () => {
  const results = run(loadSnapshot('default-whitelist-no-admin'));
  assert.equal(overallStatus(results), 'warn');
  assert.equal(statusOf(results, 'monitoring-access'), 'warn');
  assert.match(results.find((r) => r.id === 'znode-count')!.evidence, /^Unknown/);
  const base = loadSnapshot('healthy-3');
  const unknown = run(
    withMember(base, 0, (m) => patchProbe(m, { state: 'unknown', errorKind: 'not-whitelisted', reason: 'srvr: not in the 4lw whitelist' })),
  );
  assert.equal(statusOf(unknown, 'state-known'), 'warn');
});

test('version skew and config drift warn, with what differs', () => {
  const base = loadSnapshot('healthy-3');
  const skew = run(withMember(base, 0, (m) => patchProbe(m, { version: '3.9.2-abc, built on 2024-01-01' })));
  assert.equal(statusOf(skew, 'version-skew'), 'warn');
  assert.match(skew.find((r) => r.id === 'version-skew')!.evidence, /3\.9\.2/);
  const f = indexOf(base, 'follower');
  const drift = run(withMember(base, f, (m) => ({ ...m, membership: { ...m.membership!, members: m.membership!.members.slice(0, 2) } })));
  assert.equal(statusOf(drift, 'config-drift'), 'warn');
  assert.match(drift.find((r) => r.id === 'config-drift')!.evidence, /does not list server\.\d/);
});

test('every metric limit warns above its threshold', () => {
  const base = loadSnapshot('healthy-3');
  const leader = indexOf(base, 'leader');
  const cases: [string, Record<string, number>][] = [
    ['avg-latency', { avg_latency: 150, uptime: 3_600_000, leader_uptime: 3_600_000 }],
    ['max-latency', { max_latency: 6000 }],
    ['outstanding-requests', { outstanding_requests: 11 }],
    ['connections', { num_alive_connections: 51 }],
    ['file-descriptors', { open_file_descriptor_count: 900, max_file_descriptor_count: 1000 }],
    ['znode-count', { znode_count: 1_000_001 }],
    ['data-size', { approximate_data_size: 2 * 1024 ** 3 }],
    ['watch-count', { watch_count: 10_001 }],
    ['ephemerals', { ephemerals_count: 100_001 }],
    ['pending-syncs', { pending_syncs: 11 }],
    ['synced-followers', { synced_followers: 1 }],
    ['digest-mismatches', { digest_mismatches_count: 1 }],
    ['fsync-time', { sum_fsynctime: 200_000, uptime: 1_000_000, leader_uptime: 1_000_000 }],
    ['leader-elections', { uptime: 3_600_000, leader_uptime: 60_000 }],
  ];
  for (const [id, metrics] of cases) {
    const results = run(withMember(base, leader, (m) => patchMetrics(m, metrics)));
    assert.equal(statusOf(results, id), 'warn', id);
    assert.deepEqual(problems(results), [`${id}:warn`], `${id} alone`);
  }
});

test('zxid lag beyond the threshold warns; thresholds come from settings, bad values ignored', () => {
  const base = loadSnapshot('healthy-3');
  const leaderZxid = BigInt(base.members[indexOf(base, 'leader')]!.probe.zxid!);
  const snap = withMember(base, indexOf(base, 'leader'), (m) => patchProbe(m, { zxid: `0x${(leaderZxid + 2000n).toString(16)}` }));
  assert.equal(statusOf(run(snap), 'zxid-lag'), 'warn');
  const relaxed = thresholdsFrom({ zxidLag: 5000, watchCount: 'many', znodeCount: -1 });
  assert.equal(relaxed.zxidLag, 5000);
  assert.equal(relaxed.watchCount, DEFAULT_THRESHOLDS.watchCount);
  assert.equal(relaxed.znodeCount, DEFAULT_THRESHOLDS.znodeCount);
  assert.equal(statusOf(runChecks(assessEnsemble(snap), { thresholds: relaxed }), 'zxid-lag'), 'pass');
});

test('the per-client check needs client lists: left out of a poller report, run by the health check', () => {
  const snapshot = loadSnapshot('healthy-3');
  assert.equal(
    buildReport(snapshot).checks.some((c) => c.id === 'connections-per-client'),
    false,
  );
  const full = buildReport(snapshot, { connectionsFetched: true });
  assert.equal(full.checks.find((c) => c.id === 'connections-per-client')?.status, 'pass');
  const crowded = withMember(snapshot, 0, (m) => ({
    ...m,
    connections: { skippedLines: 0, connections: Array.from({ length: 55 }, () => ({ ...m.connections!.connections[0]! })) },
  }));
  assert.equal(statusOf(buildReport(crowded, { connectionsFetched: true }).checks as CheckResult[], 'connections-per-client'), 'warn');
});

test('fsync rate from a poller is preferred to the since-start average', () => {
  const snapshot = loadSnapshot('healthy-3');
  const leader = snapshot.members[indexOf(snapshot, 'leader')]!.target.address;
  const report = buildReport({ ...snapshot, rates: { [leader]: { sum_fsynctime: 250 } } });
  const fsync = report.checks.find((c) => c.id === 'fsync-time')!;
  assert.equal(fsync.status, 'warn');
  assert.match(fsync.evidence, /250\.0 ms\/s over the last minute/);
});

test('since-start averages of a server up for minutes are shown but not judged', () => {
  const base = loadSnapshot('healthy-3');
  const leader = indexOf(base, 'leader');
  const young = { avg_latency: 400, sum_fsynctime: 60_000, uptime: 120_000, leader_uptime: 120_000 };
  const results = run(withMember(base, leader, (m) => patchMetrics(m, young)));
  assert.equal(statusOf(results, 'avg-latency'), 'pass');
  assert.equal(statusOf(results, 'fsync-time'), 'pass');
  assert.match(
    results.find((r) => r.id === 'fsync-time')!.evidence,
    /500\.0 ms\/s averaged since start \(up under 10 min: not judged yet\)/,
  );
  assert.match(results.find((r) => r.id === 'avg-latency')!.evidence, /400 ms \(up under 10 min: not judged yet\)/);
  const old = { ...young, uptime: 1_200_000, leader_uptime: 1_200_000, sum_fsynctime: 240_000 };
  const judged = run(withMember(base, leader, (m) => patchMetrics(m, old)));
  assert.equal(statusOf(judged, 'avg-latency'), 'warn');
  assert.equal(statusOf(judged, 'fsync-time'), 'warn');
});

test('latency from a poller is judged over the recent window (rate of sum / rate of count), never the since-start average', () => {
  const base = loadSnapshot('healthy-3');
  const leaderIndex = indexOf(base, 'leader');
  const leader = base.members[leaderIndex]!.target.address;
  // Up for an hour with a bulk load long ago: avg_latency since start is 400 ms.
  const snapshot = withMember(base, leaderIndex, (m) => patchMetrics(m, { avg_latency: 400, uptime: 3_600_000 }));
  const since = run(snapshot);
  assert.equal(statusOf(since, 'avg-latency'), 'warn', 'a one-off check has only the since-start average');
  const quiet = buildReport({
    ...snapshot,
    rates: { [leader]: { sum_readlatency: 20, cnt_readlatency: 10, sum_updatelatency: 30, cnt_updatelatency: 5 } },
  });
  const check = quiet.checks.find((c) => c.id === 'avg-latency')!;
  assert.equal(check.status, 'pass', check.evidence);
  assert.match(check.evidence, /3\.3 ms over the last minute/);
  const slow = buildReport({
    ...snapshot,
    rates: { [leader]: { sum_readlatency: 1500, cnt_readlatency: 10, sum_updatelatency: 0, cnt_updatelatency: 0 } },
  });
  assert.equal(slow.checks.find((c) => c.id === 'avg-latency')!.status, 'warn');
  const idle = buildReport({
    ...snapshot,
    rates: { [leader]: { sum_readlatency: 0, cnt_readlatency: 0, sum_updatelatency: 0, cnt_updatelatency: 0 } },
  });
  assert.match(idle.checks.find((c) => c.id === 'avg-latency')!.evidence, /no requests in the last minute/);
  assert.equal(idle.checks.find((c) => c.id === 'avg-latency')!.status, 'pass');
});
