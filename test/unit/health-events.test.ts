import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventExtractor } from '../../src/core/health/events';
import { buildReport } from '../../src/core/health/report';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import type { EnsembleEvent } from '../../src/shared/ensembleEvents';
import { loadSnapshot, patchMetrics } from '../support/healthFixtures';

/** A recorded snapshot with every answering member's uptime set to `uptime` (ms). */
function at(name: string, uptime: number): EnsembleSnapshot {
  const s = loadSnapshot(name);
  return { ...s, members: s.members.map((m) => (m.probe.monitor ? patchMetrics(m, { uptime }) : m)) };
}

const kinds = (events: readonly EnsembleEvent[]): string[] => events.map((e) => e.kind);

test('the first report has no events; an unchanged one has none either', () => {
  const x = new EventExtractor();
  assert.deepEqual(x.observe(buildReport(at('healthy-3', 1000)), 1), []);
  assert.deepEqual(x.observe(buildReport(at('healthy-3', 3000)), 2), []);
});

test('a follower goes down and comes back: one event each way, with the reason', () => {
  const x = new EventExtractor();
  x.observe(buildReport(at('healthy-3', 1000)), 1);
  const down = x.observe(buildReport(at('follower-down', 3000)), 2);
  assert.deepEqual(kinds(down), ['member-state-changed']);
  const e = down[0]!;
  assert.ok(e.kind === 'member-state-changed');
  assert.equal(e.member, '127.0.0.1:37285');
  assert.equal(e.from, 'up');
  assert.equal(e.to, 'down');
  assert.match(e.reason ?? '', /refused/);
  assert.equal(e.at, 2);
  const back = x.observe(buildReport(at('healthy-3', 5000)), 3);
  assert.equal(back.length, 1);
  assert.ok(back[0]!.kind === 'member-state-changed' && back[0]!.to === 'up' && back[0]!.from === 'down' && back[0]!.reason === null);
  assert.ok(back[0]!.seq > e.seq, 'sequence numbers grow');
});

test('a hung member is its own state', () => {
  const x = new EventExtractor();
  x.observe(buildReport(at('healthy-3', 1000)), 1);
  const hung = x.observe(buildReport(at('follower-hung', 3000)), 2);
  assert.deepEqual(
    hung.map((e) => (e.kind === 'member-state-changed' ? `${e.member} ${e.from}->${e.to}` : e.kind)),
    ['127.0.0.1:34043 up->hung'],
  );
});

test('the leader dies: the election shows as leader changes and member states', () => {
  const x = new EventExtractor();
  x.observe(buildReport(at('healthy-3', 1000)), 1);
  const electing = x.observe(buildReport(at('leader-down-electing', 3000)), 2);
  const leaderEvents = electing.filter((e) => e.kind === 'leader-changed');
  assert.deepEqual(
    leaderEvents.map((e) => e.kind === 'leader-changed' && [e.from, e.to]),
    [['127.0.0.1:41655', null]],
  );
  assert.equal(electing.filter((e) => e.kind === 'member-state-changed').length, 3, 'all three changed state');
  const elected = x.observe(buildReport(at('leader-down-reelected', 5000)), 3);
  const changed = elected.find((e) => e.kind === 'leader-changed');
  assert.ok(changed?.kind === 'leader-changed');
  assert.deepEqual([changed.from, changed.to], [null, '127.0.0.1:34043']);
});

test('a restart between two polls is caught by uptime going down, even when no poll saw the member down', () => {
  const x = new EventExtractor();
  x.observe(buildReport(at('healthy-3', 600_000)), 1);
  const s = at('healthy-3', 601_000);
  const restarted = { ...s, members: s.members.map((m, i) => (i === 0 ? patchMetrics(m, { uptime: 900 }) : m)) };
  const events = x.observe(buildReport(restarted), 2);
  assert.deepEqual(kinds(events), ['member-restarted']);
  assert.ok(events[0]!.kind === 'member-restarted' && events[0]!.member === s.members[0]!.target.address);
});

test('a restart seen down in between is reported once it answers with a lower uptime', () => {
  const x = new EventExtractor();
  x.observe(buildReport(at('healthy-3', 600_000)), 1);
  x.observe(buildReport(at('follower-down', 602_000)), 2);
  const events = x.observe(buildReport(at('healthy-3', 2_000)), 3);
  // Every member's uptime went down here (the fixture sets all), so each is a restart.
  assert.ok(events.some((e) => e.kind === 'member-restarted' && e.member === '127.0.0.1:37285'));
  assert.ok(events.some((e) => e.kind === 'member-state-changed' && e.member === '127.0.0.1:37285' && e.to === 'up'));
});

test('membership changes list who was added and who removed', () => {
  const x = new EventExtractor();
  const base = at('healthy-3', 1000);
  x.observe(buildReport({ ...base, members: base.members.slice(0, 2) }), 1);
  const events = x.observe(buildReport(base), 2);
  const m = events.find((e) => e.kind === 'membership-changed');
  assert.ok(m?.kind === 'membership-changed');
  assert.deepEqual(m.added, [base.members[2]!.target.address]);
  assert.deepEqual(m.removed, []);
  const shrunk = x.observe(buildReport({ ...base, members: base.members.slice(1) }), 3);
  const r = shrunk.find((e) => e.kind === 'membership-changed');
  assert.ok(r?.kind === 'membership-changed');
  assert.deepEqual(r.removed, [base.members[0]!.target.address]);
});
