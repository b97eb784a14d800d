import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessEnsemble } from '../../src/core/health/model';
import { summaryLine } from '../../src/core/health/summary';
import { indexOf, loadSnapshot, patchProbe, withMember } from '../support/healthFixtures';

test('healthy 3-member ensemble: one leader, quorum, can lose one, no lag, no drift', () => {
  const h = assessEnsemble(loadSnapshot('healthy-3'));
  assert.ok(h.leader);
  assert.equal(h.leader.role, 'leader');
  assert.equal(typeof h.leader.id, 'number');
  assert.deepEqual([h.voters, h.servingVoters, h.majority, h.canLose, h.quorum, h.splitBrain], [3, 3, 2, 1, true, false]);
  assert.equal(h.votersSource, 'membership');
  assert.ok(h.members.every((m) => m.condition === 'up' && m.voting === true && m.id !== null));
  assert.ok(h.members.every((m) => m.lag === 0 || m === h.leader));
  assert.equal(h.membership.drift, false);
  assert.ok(h.membership.agreed);
  assert.equal(h.versions.length, 1);
  assert.equal(summaryLine(h), `leader ${h.leader.id} · 3/3 · can lose 1`);
});

test('a killed follower is down, identified by elimination, and leaves no tolerance', () => {
  const h = assessEnsemble(loadSnapshot('follower-down'));
  const down = h.members.find((m) => m.condition === 'down')!;
  assert.ok(down.id !== null, 'the one unmatched server.N is the down member');
  assert.deepEqual([h.servingVoters, h.quorum, h.canLose], [2, true, 0]);
  assert.match(summaryLine(h), /^leader \d+ · 2\/3 · can lose 0$/);
});

test('a SIGSTOPped follower is hung while the quorum holds', () => {
  const h = assessEnsemble(loadSnapshot('follower-hung'));
  assert.equal(h.members.filter((m) => m.condition === 'hung').length, 1);
  assert.deepEqual([h.quorum, h.canLose, h.leader !== null], [true, 0, true]);
});

test('a SIGSTOPped leader: followers still follow it, but no leader answers: no quorum', () => {
  const h = assessEnsemble(loadSnapshot('leader-hung'));
  assert.equal(h.leader, null);
  assert.equal(h.quorum, false);
  assert.equal(h.members.filter((m) => m.condition === 'hung').length, 1);
  assert.equal(summaryLine(h), 'no leader · 2/3');
});

test('leader killed: during the election nobody serves; after it the new leader leads two of three', () => {
  const electing = assessEnsemble(loadSnapshot('leader-down-electing'));
  assert.equal(electing.quorum, false);
  assert.ok(electing.members.some((m) => m.condition === 'not-serving'));
  const after = assessEnsemble(loadSnapshot('leader-down-reelected'));
  assert.deepEqual([after.quorum, after.servingVoters, after.canLose], [true, 2, 0]);
});

test('no quorum and everything down', () => {
  const lost = assessEnsemble(loadSnapshot('no-quorum'));
  assert.deepEqual([lost.quorum, lost.leader, lost.servingVoters], [false, null, 0]);
  assert.equal(summaryLine(lost), 'no quorum · 0/3');
  const down = assessEnsemble(loadSnapshot('all-down'));
  assert.ok(down.members.every((m) => m.condition === 'down'));
  assert.equal(down.voters, 3, 'voters from the connect string when nothing answers');
});

test('default whitelist with AdminServer: metrics and membership come from the AdminServer', () => {
  const h = assessEnsemble(loadSnapshot('default-whitelist-admin'));
  assert.ok(h.members.every((m) => m.metricsSource === 'admin'));
  assert.ok(
    h.members.every((m) => m.id !== null),
    'ids from AdminServer configuration',
  );
  assert.ok(h.membership.views.some((v) => v.source === 'voting-view'));
  assert.equal(h.quorum, true);
});

test('default whitelist without AdminServer: roles known from srvr, metrics unknown', () => {
  const h = assessEnsemble(loadSnapshot('default-whitelist-no-admin'));
  assert.ok(h.members.every((m) => m.condition === 'up' && m.metricsSource === null));
  assert.equal(h.quorum, true);
});

test('five members with an observer: four voters, the observer does not vote', () => {
  const h = assessEnsemble(loadSnapshot('five-with-observer'));
  const observer = h.members.find((m) => m.role === 'observer')!;
  assert.equal(observer.voting, false);
  assert.deepEqual([h.voters, h.majority, h.servingVoters, h.canLose], [4, 3, 4, 1]);
  assert.equal(h.members.length, 5);
});

test('standalone server', () => {
  const h = assessEnsemble(loadSnapshot('standalone'));
  assert.equal(h.standalone, true);
  assert.deepEqual([h.voters, h.quorum, h.canLose], [1, true, 0]);
  assert.match(summaryLine(h), /^standalone /);
});

test('split brain: two answering members claim to lead', () => {
  const base = loadSnapshot('healthy-3');
  const h = assessEnsemble(withMember(base, indexOf(base, 'follower'), (m) => patchProbe(m, { state: 'leader' })));
  assert.equal(h.splitBrain, true);
  assert.equal(h.leader, null);
  assert.equal(h.quorum, false);
  assert.match(summaryLine(h), /^SPLIT BRAIN \(\d+, \d+\) · 3\/3$/);
});

test('zxid lag within an epoch, and a member still on the previous epoch', () => {
  const base = loadSnapshot('healthy-3');
  const leader = base.members[indexOf(base, 'leader')]!.probe.zxid!;
  const epoch = BigInt(leader) >> 32n;
  const behind = `0x${((epoch << 32n) + 7n).toString(16)}`;
  const ahead = `0x${((epoch << 32n) + 5000n).toString(16)}`;
  const f = indexOf(base, 'follower');
  let snap = withMember(base, indexOf(base, 'leader'), (m) => patchProbe(m, { zxid: ahead }));
  snap = withMember(snap, f, (m) => patchProbe(m, { zxid: behind }));
  assert.equal(assessEnsemble(snap).members[f]!.lag, 4993);
  const old = withMember(snap, f, (m) => patchProbe(m, { zxid: `0x${((epoch - 1n) << 32n).toString(16)}ff` }));
  const member = assessEnsemble(old).members[f]!;
  assert.deepEqual([member.olderEpoch, member.lag], [true, 5000]);
});

test('read-only and unknown members are never "up"', () => {
  const base = loadSnapshot('healthy-3');
  const f = indexOf(base, 'follower');
  const ro = assessEnsemble(withMember(base, f, (m) => patchProbe(m, { state: 'not-serving', errorKind: 'read-only' })));
  assert.equal(ro.members[f]!.condition, 'read-only');
  const unknown = assessEnsemble(withMember(base, f, (m) => patchProbe(m, { state: 'unknown', errorKind: 'not-whitelisted' })));
  assert.equal(unknown.members[f]!.condition, 'unknown');
  assert.equal(unknown.servingVoters, 2);
});
