import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConf } from '../../src/core/ensemble/parsers/conf';
import { buildReport } from '../../src/core/health/report';
import { ChangeSyntaxError, applyChanges, parseAdd, parseId } from '../../src/core/recovery/reconfig/changes';
import { planReconfig } from '../../src/core/recovery/reconfig/plan';
import { loadSnapshot } from '../support/healthFixtures';

const CONFIG = [
  'server.1=127.0.0.1:2001:3001:participant;127.0.0.1:4001',
  'server.2=127.0.0.1:2002:3002:participant;127.0.0.1:4002',
  'server.3=127.0.0.1:2003:3003:participant;127.0.0.1:4003',
  'version=100000000',
].join('\n');
const current = (() => {
  const parsed = parseConf(CONFIG);
  assert.equal(parsed.status, 'ok');
  return parsed.status === 'ok' ? parsed.value.membership : [];
})();

/** The healthy fixture with its ids made 1..3 (the rules look members up by id). */
function healthyReport() {
  const report = buildReport(loadSnapshot('healthy-3'));
  return { ...report, health: { ...report.health, members: report.health.members.map((m, i) => ({ ...m, id: i + 1 })) } };
}

describe('reconfig changes', () => {
  test('parses --add with or without a role and a client host; refuses other forms', () => {
    const add = parseAdd('server.4=10.0.0.4:2888:3888:observer;2181');
    assert.equal(add.kind === 'add' && add.member.role, 'observer');
    assert.equal(parseAdd('server.4=h4:2888:3888;10.0.0.4:2181').kind, 'add');
    for (const bad of [
      'server.4=h4:2888:3888',
      'server.x=h:1:2;3',
      'server.4=h:1:2:boss;3',
      'server.4=h:1:99999;3',
      'server.4=h;rm:1:2;3',
    ]) {
      assert.throws(() => parseAdd(bad), ChangeSyntaxError, bad);
    }
    assert.throws(() => parseId('remove', 'two'), ChangeSyntaxError);
  });

  test('applies changes: joining lines and leaving ids; conflicts are refused', () => {
    const out = applyChanges(current, [parseId('observer', '3'), parseId('remove', '2')]);
    assert.deepEqual(out.leaving, [2]);
    assert.deepEqual(out.joining, ['server.3=127.0.0.1:2003:3003:observer;127.0.0.1:4003']);
    assert.deepEqual(
      out.members.map((m) => `${m.id}:${m.role}`),
      ['1:participant', '3:observer'],
    );
    assert.throws(() => applyChanges(current, [parseId('remove', '9')]), /not a member/);
    assert.throws(() => applyChanges(current, [parseId('remove', '2'), parseId('observer', '2')]), /named by two changes/);
    assert.throws(() => applyChanges(current, [parseAdd('server.1=h:1:2;3')]), /already a member/);
    assert.throws(() => applyChanges(current, [parseId('participant', '1')]), /already a participant/);
  });
});

describe('reconfig rules', () => {
  const report = healthyReport();

  test('adding a 4th voter: quorum size 3, fault tolerance 0 until it syncs, 1 once it does', () => {
    const add = parseAdd('server.4=127.0.0.1:2004:3004;127.0.0.1:4004');
    const unsynced = planReconfig(current, '100000000', [add], report);
    assert.equal(unsynced.refusal, null);
    assert.deepEqual([unsynced.voters, unsynced.quorumSize, unsynced.faultTolerance], [4, 3, 0]);
    assert.match(unsynced.warnings.join(), /even count/);
    const synced = planReconfig(current, '100000000', [add], report, new Map([[4, true]]));
    assert.equal(synced.faultTolerance, 1);
  });

  test('refuses two new participants at once', () => {
    const plan = planReconfig(
      current,
      '1',
      [parseAdd('server.4=h:1:2;3'), parseAdd('server.5=h:4:5;6')],
      report,
      new Map([
        [4, true],
        [5, true],
      ]),
    );
    assert.match(plan.refusal!, /^at most one new participant at a time/);
    const promote = planReconfig(current, '1', [parseAdd('server.4=h:1:2:observer;3')], report);
    assert.equal(promote.refusal, null, 'an observer is not a participant');
  });

  test('refuses a change that leaves no majority of synced members', () => {
    const down = {
      ...report,
      health: {
        ...report.health,
        members: report.health.members.map((m) => (m.id === 3 ? { ...m, condition: 'down' as const, role: null } : m)),
      },
    };
    const plan = planReconfig(current, '1', [parseId('remove', '2')], down);
    assert.match(plan.refusal!, /no majority of synced members: 1 of its 2 voters are synced now \(1\), 2 needed; not synced: 3/);
    assert.equal(planReconfig(current, '1', [parseId('remove', '3')], down).refusal, null, 'removing the down member is fine');
  });
});
