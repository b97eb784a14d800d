import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReport, reportToJson, reportToMarkdown } from '../../src/core/health/report';
import { memberLine } from '../../src/core/health/summary';
import type { HealthJson } from '../../src/shared/healthJson';
import { indexOf, loadSnapshot, patchMetrics, patchProbe, withMember } from '../support/healthFixtures';

test('the JSON document has the documented, stable shape', () => {
  const report = buildReport(loadSnapshot('follower-down'), { connectionsFetched: true });
  const json: HealthJson = reportToJson(report);
  assert.deepEqual(Object.keys(json), [
    'schema',
    'connectString',
    'takenAt',
    'elapsedMs',
    'status',
    'exitCode',
    'summary',
    'counts',
    'ensemble',
    'checks',
    'members',
    'notes',
  ]);
  assert.equal(json.schema, 'zkops-health/1');
  assert.equal(json.status, 'warn');
  assert.equal(json.exitCode, 1);
  assert.ok(json.checks.length >= 20);
  for (const c of json.checks) {
    assert.deepEqual(Object.keys(c), ['id', 'title', 'status', 'evidence', 'advice']);
    assert.ok(['pass', 'warn', 'fail'].includes(c.status));
  }
  assert.equal(json.members.length, 3);
  assert.deepEqual(json.members.map((m) => m.state).sort(), ['down', 'up', 'up']);
  assert.ok(JSON.parse(JSON.stringify(json)), 'serialisable');
});

test('the markdown report: verdict, member table, problems with advice first, then every check', () => {
  const report = buildReport(loadSnapshot('follower-down'), { connectionsFetched: true });
  const md = reportToMarkdown(report);
  assert.match(md, /^# ZooKeeper health: WARN\n/);
  assert.match(md, /## Members\n\n\| Member \| Id \| State/);
  assert.match(md, /### WARN: Members reachable \(`members-reachable`\)\n\n\*\*Evidence:\*\* .*connection refused/);
  assert.match(md, /\*\*What to do:\*\* Start the member/);
  for (const c of report.checks) assert.ok(md.includes(`(\`${c.id}\`)`), c.id);
  assert.ok(md.indexOf('## Needs attention') < md.indexOf('## All checks'));
  assert.equal(reportToMarkdown(buildReport(loadSnapshot('healthy-3'))).includes('## Needs attention'), false);
});

test('table cells never break the markdown table', () => {
  const base = loadSnapshot('follower-down');
  const down = base.members.findIndex((m) => m.probe.state === 'down');
  const md = reportToMarkdown(buildReport(withMember(base, down, (m) => patchProbe(m, { reason: 'a | b\nc' }))));
  assert.ok(md.includes('a \\| b c'));
});

test('member lines for tooltips name the state, zxid and connections', () => {
  const report = buildReport(loadSnapshot('follower-down'));
  const lines = report.health.members.map(memberLine);
  assert.ok(lines.some((l) => /^\d+ leader 127\.0\.0\.1:\d+ · zxid 0x/.test(l)));
  assert.ok(lines.some((l) => /DOWN .*connection refused/.test(l)));
});

test('server-made text in the markdown report cannot become a link, an image or HTML', () => {
  const base = loadSnapshot('follower-down');
  const evil = '<img src=x onerror=alert(1)> [click](http://127.0.0.1/x) `code`';
  const snapshot = withMember(base, indexOf(base, 'down'), (m) => patchProbe(m, { reason: evil }));
  const md = reportToMarkdown(buildReport(snapshot));
  assert.ok(md.includes('\\<img src=x onerror=alert(1)\\> \\[click\\](http://127.0.0.1/x) \\`code\\`'), md);
  assert.doesNotMatch(md, /(^|[^\\])<img/, 'an unescaped tag');
  assert.doesNotMatch(md, /(^|[^\\])\[click/, 'an unescaped link');
});

test('one cause (mntr not whitelisted) is said once, with the checks it leaves unknown grouped under it', () => {
  const report = buildReport(loadSnapshot('default-whitelist-no-admin'), { connectionsFetched: true });
  const md = reportToMarkdown(report);
  const unknown = report.checks.filter((c) => c.evidence.startsWith('Unknown:'));
  assert.ok(unknown.length >= 10, `${unknown.length} unknown checks`);
  assert.equal(md.split('mntr: not in the 4lw whitelist').length - 1, 1, 'the reason appears once');
  assert.equal(md.split('cons: not in the 4lw whitelist').length - 1, 1, 'a note shared by every member appears once');
  assert.equal((md.match(/^### /gm) ?? []).length, 1, 'one section under Needs attention');
  assert.match(md, /### WARN: Metrics available .*\n\n\*\*Evidence:\*\* No metrics from/);
  const grouped = new RegExp(`\\*\\*Unknown for the same reason \\(${unknown.length}\\):\\*\\* `);
  assert.match(md, grouped);
  for (const c of unknown) assert.ok(md.includes(`| WARN | ${c.title} (\`${c.id}\`) | Unknown: see “Metrics available`), c.id);
});

test('a since-start average over its limit on a young member reads NOT JUDGED, never PASS', () => {
  const base = loadSnapshot('healthy-3');
  const leader = base.members.findIndex((m) => m.probe.monitor?.metrics['server_state'] !== undefined);
  const young = { avg_latency: 120.1, uptime: 120_000 };
  const report = buildReport(
    withMember(base, Math.max(leader, 0), (m) => patchMetrics(m, young)),
    { connectionsFetched: true },
  );
  const check = report.checks.find((c) => c.id === 'avg-latency')!;
  assert.equal(check.status, 'pass', 'not a warning either: not judged');
  assert.equal(check.notJudged, true);
  const md = reportToMarkdown(report);
  const row = md.split('\n').find((l) => l.includes('(`avg-latency`)') && l.startsWith('|'))!;
  assert.match(row, /^\| NOT JUDGED \| /);
  assert.match(row, /120\.1 ms/);
  assert.doesNotMatch(row, /PASS/);
  for (const line of md.split('\n')) if (/120\.1/.test(line)) assert.doesNotMatch(line, /PASS/, line);
  assert.match(md, /## Not judged yet/);
  assert.match(md, /30 checks: \d+ passed, 1 not judged yet/);
});

test('a young member under the limit still passes (nothing to judge)', () => {
  const base = loadSnapshot('healthy-3');
  const report = buildReport(withMember(base, 0, (m) => patchMetrics(m, { avg_latency: 3, uptime: 120_000 })));
  const check = report.checks.find((c) => c.id === 'avg-latency')!;
  assert.equal(check.status, 'pass');
  assert.equal(check.notJudged, undefined);
});

test('the member table rounds latencies as everywhere else (mntr gives 35.7815)', () => {
  const base = loadSnapshot('healthy-3');
  const report = buildReport(
    withMember(base, 0, (m) => patchProbe(m, { latencyMs: { min: 0, avg: 35.7815, max: 362 } })),
    { connectionsFetched: true },
  );
  const md = reportToMarkdown(report);
  const row = md
    .split('\n')
    .find((l) => l.startsWith(`| ${report.health.members.find((x) => x.address === base.members[0]!.target.address)!.address} |`))!;
  assert.match(row, /\| 0\/35\.8\/362 \|/);
  assert.doesNotMatch(md, /35\.78/);
});
