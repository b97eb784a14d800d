import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseMntr } from '../../src/core/ensemble/parsers/mntr';
import { ExporterMetrics } from '../../src/core/exporter/exporterMetrics';
import { buildReport } from '../../src/core/health/report';
import { METRIC_NAME, providerFamilies } from '../../src/core/metrics/prometheusNames';
import { indexOf, loadSnapshot, patchProbe, withMember } from '../support/healthFixtures';

const leaderMntr = (): Record<string, number> => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', '4lw', '3.8.0', 'leader.mntr.txt'), 'utf8');
  const parsed = parseMntr(text);
  if (parsed.status !== 'ok') assert.fail('leader.mntr.txt does not parse');
  return { ...parsed.value.metrics };
};

/** `promtool check metrics` (Debian's prometheus package, installed by scripts/ensure-deps.sh). */
function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('mntr keys under PrometheusMetricsProvider names', () => {
  const families = new Map(providerFamilies(leaderMntr()).map((f) => [f.name, f]));

  it('a summary is one family with _sum and _count; its mntr averages and percentiles are not served', () => {
    const fsync = families.get('fsynctime');
    assert.equal(fsync?.type, 'summary');
    assert.deepEqual(fsync.samples.map((s) => s.suffix).sort(), ['_count', '_sum']);
    for (const name of families.keys()) assert.doesNotMatch(name, /^(avg|min|max|cnt|sum|p50|p95|p99|p999)_(fsynctime|readlatency)$/);
    // avg_latency is a plain gauge (there is no cnt_latency), named as mntr names it.
    assert.equal(families.get('avg_latency')?.type, 'gauge');
  });

  it('a summary set is one family with a key label, as the provider serves it', () => {
    const set = families.get('write_per_namespace');
    assert.equal(set?.type, 'summary');
    const sums = Object.fromEntries(set.samples.filter((s) => s.suffix === '_sum').map((s) => [s.key ?? '', s.value] as const));
    assert.deepEqual(sums, { app: 12, zookeeper: 195 });
    const qp = families.get('learner_handler_qp_size');
    assert.deepEqual(
      qp?.samples
        .filter((s) => s.suffix === '_count')
        .map((s) => s.key)
        .sort(),
      ['1', '2', '4'],
    );
    assert.ok(![...families.keys()].some((n) => n.startsWith('1_') || n.includes('zookeeper_write')));
  });

  it('millisecond timings are served in seconds (promtool refuses abbreviated units); counts stay counts', () => {
    assert.equal(families.has('learner_handler_qp_time_ms'), false);
    const qp = families.get('learner_handler_qp_time_seconds')!;
    assert.ok(qp.fromMilliseconds);
    const one = (suffix: string): number => qp.samples.find((s) => s.key === '1' && s.suffix === suffix)!.value;
    assert.equal(one('_sum'), 0.006);
    assert.equal(one('_count'), 1);
  });

  it('counters and gauges ending in _count are untyped (promtool rejects them typed); every name is valid', () => {
    assert.equal(families.get('packets_received')?.type, 'untyped');
    assert.equal(families.get('znode_count')?.type, 'untyped');
    assert.equal(families.get('znode_count')?.samples[0]?.value, 7);
    assert.equal(families.get('outstanding_requests')?.type, 'gauge');
    for (const name of families.keys()) assert.match(name, METRIC_NAME);
  });
});

describe('ExporterMetrics: the exposition of a health report', () => {
  it('a follower down: its state is down, it has no ZooKeeper series, and promtool accepts the text', async () => {
    const snapshot = loadSnapshot('follower-down');
    const down = snapshot.members[indexOf(snapshot, 'down')]!.target.address;
    const metrics = new ExporterMetrics();
    assert.equal(metrics.ready, false);
    metrics.update(buildReport(snapshot), 1_700_000_000_000);
    assert.equal(metrics.ready, true);
    const text = await metrics.text();
    const checked = promtoolCheckMetrics(text);
    assert.equal(checked.status, 0, checked.output);
    assert.match(text, new RegExp(`^zkops_member_state\\{member="${down}",state="down"\\} 1$`, 'm'));
    assert.match(text, new RegExp(`^zkops_member_state\\{member="${down}",state="up"\\} 0$`, 'm'));
    assert.doesNotMatch(text, new RegExp(`^znode_count\\{member="${down}"\\}`, 'm'));
    assert.equal(text.match(/^znode_count\{/gm)?.length, 2);
    assert.match(text, /^zkops_quorum 1$/m);
    assert.match(text, /^zkops_quorum_margin 0$/m);
    assert.match(text, /^zkops_members 3$/m);
    assert.match(text, /^zkops_leader_id\{member="[^"]+"\} \d+$/m);
    assert.match(text, /^zkops_leaders 1$/m);
    assert.match(text, /^zkops_last_poll_timestamp_seconds 1700000000$/m);
    assert.match(text, /^# TYPE readlatency summary$/m);
    assert.match(text, /^readlatency_count\{member="[^"]+"\} \d+$/m);
  });

  it('families nobody reports any more are dropped; label values are escaped', async () => {
    const snapshot = loadSnapshot('healthy-3');
    const metrics = new ExporterMetrics();
    metrics.update(buildReport(snapshot));
    assert.match(await metrics.text(), /^leader_uptime\{/m);
    // The leader hung: no member reports leader_uptime (a leader-only key), and its version string is hostile.
    const leader = indexOf(snapshot, 'leader');
    const hung = withMember(snapshot, leader, (m) =>
      patchProbe(m, { state: 'hung', answered: false, monitor: null, stats: null, version: 'x"y\\z\nw', reason: 'timeout' }),
    );
    metrics.update(buildReport(hung));
    const text = await metrics.text();
    assert.doesNotMatch(text, /^leader_uptime/m);
    assert.doesNotMatch(text, /^zkops_leader_id\{/m);
    assert.match(text, /^zkops_leaders 0$/m);
    assert.match(text, /^zkops_member_info\{member="[^"]+",id="\d+",version="x\\"y\\\\z\\nw"\} 1$/m);
    const checked = promtoolCheckMetrics(text);
    assert.equal(checked.status, 0, checked.output);
  });
});
