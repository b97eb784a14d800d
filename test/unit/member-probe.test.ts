import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeJson, probeTable } from '../../src/cli/commands/probe';
import { MEMBER_STATES, MemberProbe, failureState, isAnswered, stateOfRole } from '../../src/core/ensemble/probe';

test('answered means serving or not-serving; hung, down and unknown are not answers', () => {
  assert.deepEqual(MEMBER_STATES.filter(isAnswered), ['leader', 'follower', 'observer', 'standalone', 'not-serving']);
});

test('roles and transport failures map to states with reasons', () => {
  assert.equal(stateOfRole('observer', 'observer').state, 'observer');
  assert.equal(stateOfRole('observer', 'observer').reason, null);
  assert.equal(stateOfRole('read-only', 'read-only').state, 'not-serving');
  assert.equal(stateOfRole('other', 'looking').state, 'unknown');
  assert.match(stateOfRole('other', 'looking').reason ?? '', /looking/);
  assert.equal(stateOfRole(null, null).state, 'unknown');
  const failure = { message: 'm', connected: false, bytes: 0 };
  assert.equal(failureState({ ...failure, kind: 'refused' }).state, 'down');
  assert.equal(failureState({ ...failure, kind: 'unreachable' }).state, 'down');
  assert.equal(failureState({ ...failure, kind: 'connect-timeout' }).state, 'down');
  assert.equal(failureState({ ...failure, kind: 'timeout', connected: true }).state, 'hung');
  assert.equal(failureState({ ...failure, kind: 'reset', connected: true }).state, 'unknown');
});

function member(over: Partial<MemberProbe>): MemberProbe {
  return {
    address: '127.0.0.1:2181',
    host: '127.0.0.1',
    port: 2181,
    state: 'leader',
    answered: true,
    source: '4lw',
    zxid: '0x100000003',
    latencyMs: { min: 0, avg: 0.5, max: 3 },
    connections: 2,
    reason: null,
    errorKind: null,
    missing: [],
    adminPort: null,
    version: '3.8.0',
    elapsedMs: 4.2,
    timings: { srvr: 4 },
    stats: null,
    monitor: null,
    leader: null,
    ...over,
  };
}

test('table: a header and one aligned row per member, dashes for missing values', () => {
  const table = probeTable([
    member({}),
    member({
      address: '[::1]:12182',
      state: 'hung',
      answered: false,
      source: 'tcp',
      zxid: null,
      latencyMs: null,
      connections: null,
      reason: 'did not answer',
      elapsedMs: 1500.4,
    }),
  ]);
  const [header, first, second] = table.split('\n');
  assert.match(header!, /^ADDRESS +STATE +SOURCE +ZXID +LATENCY\(min\/avg\/max\) +CONNS +TIME +REASON$/);
  assert.match(first!, /^127\.0\.0\.1:2181 +leader +4lw +0x100000003 +0\/0\.5\/3 +2 +4ms +-$/);
  assert.match(second!, /^\[::1\]:12182 +hung +tcp +- +- +- +1500ms +did not answer$/);
  assert.equal(first!.indexOf('leader'), second!.indexOf('hung'), 'columns aligned');
});

test('JSON: the documented keys, nothing from the raw replies', () => {
  const doc = probeJson(
    { connectString: 'a:1', timeoutMs: 1500, startedAt: 'now', elapsedMs: 5, members: [member({})], allAnswered: true },
    { servers: [{ host: 'a', port: 1 }], chroot: '/x' },
  ) as { chroot: string; members: Record<string, unknown>[] };
  assert.equal(doc.chroot, '/x');
  assert.deepEqual(Object.keys(doc.members[0]!), [
    'address',
    'host',
    'port',
    'state',
    'answered',
    'source',
    'zxid',
    'latencyMs',
    'connections',
    'reason',
    'errorKind',
    'missing',
    'adminPort',
    'version',
    'elapsedMs',
  ]);
});
