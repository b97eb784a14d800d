import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConnectString } from '../../src/core/connectString';
import { parseConf } from '../../src/core/ensemble/parsers/conf';
import { MemberSet } from '../../src/core/health/members';
import {
  agreeOnMembership,
  clientAddressOf,
  compareViews,
  viewFromConf,
  viewFromDynamicConfig,
  viewFromVotingView,
} from '../../src/core/health/membership';
import type { MembershipView } from '../../src/core/health/types';
import { loadSnapshot } from '../support/healthFixtures';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

function confView(role: string, reporter: string): MembershipView {
  const parsed = parseConf(fs.readFileSync(path.join(FIXTURES, '4lw', '3.8.0', `${role}.conf.txt`), 'utf8'));
  assert.equal(parsed.status, 'ok');
  return viewFromConf(parsed.status === 'ok' ? parsed.value : (undefined as never), reporter)!;
}

function votingView(role: string, reporter: string): MembershipView {
  const text = fs.readFileSync(path.join(FIXTURES, 'admin', '3.8.0', `${role}.voting_view.txt`), 'utf8');
  return viewFromVotingView(JSON.parse(text.slice(text.indexOf('{'))) as Record<string, unknown>, reporter)!;
}

test('conf, voting_view and /zookeeper/config of one ensemble agree (voting_view on voters only)', () => {
  const leader = confView('leader', 'L');
  const observer = confView('observer', 'O');
  assert.equal(leader.members.length, 4);
  const voting = votingView('follower', 'F');
  assert.equal(voting.members.length, 3, 'voting_view omits the observer');
  assert.deepEqual(compareViews(leader, observer), []);
  assert.deepEqual(compareViews(leader, voting), []);
  const dynamic = viewFromDynamicConfig(leader.members.map((m) => `server.${m.id}=${m.spec}`).join('\n') + '\nversion=0\n')!;
  assert.equal(dynamic.source, 'zookeeper-config');
  const agreement = agreeOnMembership([leader, observer, voting, dynamic], 'L');
  assert.equal(agreement.drift, false);
  assert.equal(agreement.agreed, leader);
});

test('drift: a missing server, a changed role, an older version; the newest version is the truth', () => {
  const leader: MembershipView = { ...confView('leader', 'L'), version: '100000005' };
  const [s1, s2, s3, s4] = leader.members;
  const stale: MembershipView = { ...leader, reporter: 'S', version: '100000003', members: [s1!, s2!, { ...s4!, role: 'participant' }] };
  const agreement = agreeOnMembership([stale, leader], 'S');
  assert.equal(agreement.agreed, leader, "the newest version wins, even over the leader's own older view");
  assert.equal(agreement.drift, true);
  const text = agreement.differences.join('\n');
  assert.match(text, new RegExp(`S \\(conf\\) does not list server\\.${s3!.id}`));
  assert.match(text, /has server\.4=.*:participant where L \(conf\) has server\.4=.*:observer/);
  assert.match(text, /config version 100000003, L \(conf\) at 100000005/);
  const same: MembershipView = { ...leader, reporter: 'F' };
  assert.equal(agreeOnMembership([same, leader], 'L').agreed, leader, "among equal versions the leader's view");
});

test('client addresses of reconfig-style lines, wildcards replaced by the quorum host', () => {
  const view = loadSnapshot('reconfig-enabled').members[0]!.membership!;
  assert.ok(
    view.members.every((m) => clientAddressOf(m) !== null),
    'reconfig lines carry ;host:port',
  );
  const base = { id: 1, host: '10.0.0.5', quorumPort: 1, electionPort: 2, role: 'participant', spec: '' };
  assert.deepEqual(clientAddressOf({ ...base, clientAddress: '0.0.0.0:2181' }), { host: '10.0.0.5', port: 2181 });
  assert.deepEqual(clientAddressOf({ ...base, clientAddress: '2182' }), { host: '10.0.0.5', port: 2182 });
  assert.deepEqual(clientAddressOf({ ...base, clientAddress: '[::1]:2183' }), { host: '::1', port: 2183 });
  assert.equal(clientAddressOf({ ...base, clientAddress: null }), null);
});

test('members: from the connect string, then discovered from the membership, dropped when reconfig removes them', () => {
  const snapshot = loadSnapshot('reconfig-enabled');
  const view = snapshot.members[0]!.membership!;
  const first = snapshot.members[0]!.target.address;
  const set = new MemberSet(parseConnectString(first), [8080], null);
  assert.equal(set.targets.length, 1);
  assert.equal(set.targets[0]!.adminPort, 8080);
  const { added } = set.follow(view);
  assert.equal(added.length, 2);
  assert.ok(added.every((t) => !t.fromConnectString && t.adminPort === null));
  assert.equal(set.follow(view).added.length, 0, 'nothing new the second time');
  const smaller: MembershipView = { ...view, members: view.members.filter((m) => clientAddressOf(m)!.port !== added[0]!.port) };
  const { removed } = set.follow(smaller);
  assert.deepEqual(
    removed.map((t) => t.address),
    [added[0]!.address],
  );
  const onlyOthers: MembershipView = { ...view, members: view.members.filter((m) => `127.0.0.1:${clientAddressOf(m)!.port}` !== first) };
  set.follow(onlyOthers);
  assert.ok(set.has(first), 'a member the user listed is never dropped');
});

test('members: duplicates in the connect string are probed once; per-member admin ports', () => {
  const set = new MemberSet(parseConnectString('a:1,A:1,b:2'), [10, 20, 30]);
  assert.deepEqual(
    set.targets.map((t) => [t.address, t.adminPort]),
    [
      ['a:1', 10],
      ['b:2', 30],
    ],
  );
});
