import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ClusterConfig } from '../../src/core/clusters/clusterConfig';
import { DEFAULT_THRESHOLDS } from '../../src/core/health/checks';
import { buildReport } from '../../src/core/health/report';
import { NO_CLUSTER_TEXT, presentStatus } from '../../src/ui/health/presentation';
import { formatLatency } from '../../src/core/health/summary';
import { loadSnapshot, patchMetrics, patchProbe, withMember } from '../support/healthFixtures';

const cluster: ClusterConfig = { id: 'prod', name: 'prod', connectString: '127.0.0.1:2181', readOnly: false, refresh: 'watch' };

test('status bar: no cluster keeps the text the smoke test expects', () => {
  const view = presentStatus({ kind: 'no-cluster' });
  assert.equal(view.text, NO_CLUSTER_TEXT);
  assert.match(view.text, /ZK: no cluster$/);
  assert.equal(view.severity, 'none');
});

test('status bar: healthy, degraded and failing ensembles, with a line per member in the tooltip', () => {
  const healthy = buildReport(loadSnapshot('healthy-3'));
  const ok = presentStatus({ kind: 'watching', cluster, report: healthy });
  assert.match(ok.text, /^\$\(pass\) ZK prod: leader \d · 3\/3 · can lose 1$/);
  assert.equal(ok.severity, 'ok');
  assert.equal(ok.tooltip.filter((l) => l.startsWith('- ')).length, 3);
  const degraded = presentStatus({ kind: 'watching', cluster, report: buildReport(loadSnapshot('follower-down')) });
  assert.equal(degraded.severity, 'warning');
  assert.match(degraded.text, /^\$\(warning\) ZK prod: leader \d · 2\/3 · can lose 0$/);
  assert.ok(degraded.tooltip.some((l) => l.startsWith('WARN Members reachable')));
  const failing = presentStatus({ kind: 'watching', cluster, report: buildReport(loadSnapshot('no-quorum')) }, ['staging']);
  assert.equal(failing.severity, 'error');
  assert.match(failing.text, /ZK prod: no quorum · 0\/3$/);
  assert.ok(failing.tooltip.some((l) => l.includes('Other clusters: staging')));
});

test('status bar: starting, not monitored and a bad connect string', () => {
  assert.match(presentStatus({ kind: 'starting', cluster }).text, /ZK prod: connecting…$/);
  const paused = presentStatus({ kind: 'paused', cluster, report: buildReport(loadSnapshot('healthy-3')) });
  assert.match(paused.text, /^\$\(debug-pause\) ZK prod: leader/);
  assert.equal(paused.severity, 'none');
  const error = presentStatus({ kind: 'error', cluster, message: 'bad port "x"' });
  assert.equal(error.severity, 'error');
});

test('status bar: icon syntax in a cluster name or a message is shown as written, not drawn', () => {
  const named = { ...cluster, name: '$(zap) prod' };
  const error = presentStatus({ kind: 'error', cluster: named, message: 'refused by $(server)' });
  assert.equal(error.text, '$(error) ZK \\$(zap) prod: refused by \\$(server)');
  const ok = presentStatus({ kind: 'watching', cluster: named, report: buildReport(loadSnapshot('healthy-3')) });
  assert.match(ok.text, /^\$\(pass\) ZK \\\$\(zap\) prod: leader/);
});

test("package.json declares the health settings with the code's defaults", () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: {
      configuration: {
        properties: Record<string, { default: unknown; minimum?: number; properties?: Record<string, { default: unknown }> }>;
      };
    };
  };
  const props = manifest.contributes.configuration.properties;
  assert.equal(props['zookeeper.health.pollIntervalSeconds']?.default, 2);
  assert.equal(props['zookeeper.health.pollIntervalSeconds']?.minimum, 0.5);
  assert.ok(props['zookeeper.health.pauseWhenUnfocusedMinutes']);
  const declared = props['zookeeper.health.thresholds']?.properties ?? {};
  assert.deepEqual(Object.keys(declared).sort(), Object.keys(DEFAULT_THRESHOLDS).sort());
  for (const [key, value] of Object.entries(DEFAULT_THRESHOLDS)) assert.equal(declared[key]?.default, value, key);
});

test('status bar: "can lose 0" looks more urgent than a latency warning; a lost quorum more urgent still', () => {
  const base = loadSnapshot('healthy-3');
  const leader = base.members.findIndex((m) => m.probe.state === 'leader');
  const slow = withMember(base, leader, (m) => patchMetrics(m, { avg_latency: 400, uptime: 3_600_000 }));
  const latency = presentStatus({ kind: 'watching', cluster, report: buildReport(slow) });
  const atRisk = presentStatus({ kind: 'watching', cluster, report: buildReport(loadSnapshot('follower-down')) });
  const lost = presentStatus({ kind: 'watching', cluster, report: buildReport(loadSnapshot('no-quorum')) });
  assert.deepEqual([latency.severity, atRisk.severity, lost.severity], ['notice', 'warning', 'error']);
  assert.match(latency.text, /^\$\(info\) ZK prod: leader \d · 3\/3 · can lose 1$/);
  assert.match(atRisk.text, /^\$\(warning\) /);
  assert.match(lost.text, /^\$\(error\) /);
});

test('status bar tooltip: no two text lines run together; latencies rounded; "1 conn"', () => {
  const base = loadSnapshot('follower-down');
  const leader = base.members.findIndex((m) => m.probe.state === 'leader');
  const odd = withMember(base, leader, (m) => patchProbe(m, { latencyMs: { min: 0, avg: 142.0815, max: 900 }, connections: 1 }));
  const view = presentStatus({ kind: 'watching', cluster, report: buildReport(odd) });
  const lines = view.tooltip;
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1]!, lines[i]!];
    const together = a !== '' && b !== '' && !(a.startsWith('- ') && b.startsWith('- '));
    assert.ok(!together, `"${a}" and "${b}" would run together in markdown`);
  }
  const leaderLine = lines.find((l) => l.includes('leader 127'))!;
  assert.match(leaderLine, /142 ms avg/);
  assert.match(leaderLine, /1 conn(?!s)/);
  assert.equal(formatLatency(0.4211), '0.4 ms');
  assert.equal(formatLatency(12.345), '12.3 ms');
});
