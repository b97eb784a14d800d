import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealthAnnouncer } from '../../src/core/health/announcer';
import { EventExtractor } from '../../src/core/health/events';
import { HealthReport, buildReport } from '../../src/core/health/report';
import { loadSnapshot } from '../support/healthFixtures';

const report = (name: string): HealthReport => buildReport(loadSnapshot(name), { connectionsFetched: true });

/** Feeds recorded reports in order through the extractor and the announcer, as the health service does. */
function announce(names: readonly string[]): ReturnType<HealthAnnouncer['observe']>[] {
  const extractor = new EventExtractor();
  const announcer = new HealthAnnouncer();
  return names.map((name, i) => {
    const r = report(name);
    return announcer.observe(r, extractor.observe(r, i * 1000));
  });
}

test('a follower going down is told with its name, from the same summary the status bar shows', () => {
  const [first, down] = announce(['healthy-3', 'follower-down']);
  assert.equal(first, undefined, 'a healthy first report is no news');
  assert.ok(down);
  const summary = report('follower-down').summary;
  assert.equal(down.summary, summary);
  assert.ok(down.message.startsWith(summary), down.message);
  assert.match(down.message, /\(127\.0\.0\.1:37285\) DOWN/);
  assert.equal(down.severity, 'warning');
  assert.equal(down.condition, true);
});

test('a member down while a warning is already active is still told', () => {
  const [, hung, down] = announce(['healthy-3', 'follower-hung', 'follower-down']);
  assert.ok(hung && /HUNG/.test(hung.message), hung?.message);
  assert.ok(down, 'the second fault is announced although a warning was active');
  assert.match(down.message, /DOWN/);
});

test('recovery replaces the condition with news that may close by itself', () => {
  const [, down, back] = announce(['healthy-3', 'follower-down', 'healthy-3']);
  assert.ok(down?.condition);
  assert.ok(back);
  assert.equal(back.condition, false);
  assert.equal(back.severity, 'info');
  assert.match(back.message, /back/);
});

test('a member that joins the membership already down is named as DOWN', () => {
  const announcer = new HealthAnnouncer();
  const r = report('follower-down');
  const down = r.health.members.find((m) => m.condition === 'down')!;
  const healthy = r.health.members.find((m) => m.condition === 'up')!;
  const a = announcer.observe(r, [{ kind: 'membership-changed', added: [down.address, healthy.address], removed: ['127.0.0.1:9'], at: 1, seq: 1 }]);
  assert.ok(a);
  assert.ok(a.message.includes(`(${down.address}) DOWN (new in the membership)`), a.message);
  assert.match(a.message, /joined/);
  assert.match(a.message, /127\.0\.0\.1:9 left the membership/);
});

test('the same condition reported again is not told twice', () => {
  const [, down, again] = announce(['healthy-3', 'follower-down', 'follower-down']);
  assert.ok(down);
  assert.equal(again, undefined);
});
