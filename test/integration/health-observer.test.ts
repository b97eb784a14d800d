import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { zkops } from '../support/healthWait';
import type { HealthJson } from '../../src/shared/healthJson';

async function health(connect: string): Promise<{ code: number; json: HealthJson }> {
  const { code, out } = await zkops('health', connect, '--json');
  return { code, json: JSON.parse(out) as HealthJson };
}

describe('5 members, one of them an observer', () => {
  let bed: Testbed;
  before(async () => {
    bed = await Testbed.start({ size: 5, observers: 1 });
  });
  after(() => bed?.close());

  test('healthy: 4 voters, the observer does not vote, exit 0', async () => {
    const { code, json } = await health(bed.connectString);
    assert.equal(code, 0, `${json.summary}: ${JSON.stringify(json.checks.filter((c) => c.status !== 'pass'))}`);
    assert.deepEqual([json.ensemble.voters, json.ensemble.majority, json.ensemble.canLose], [4, 3, 1]);
    const observer = json.members.find((m) => m.role === 'observer')!;
    assert.equal(observer.voting, false);
    assert.equal(json.members.filter((m) => m.voting === true).length, 4);
  });

  test('losing the observer costs no tolerance; losing voters does, then the quorum', async () => {
    const observer = bed.members.find((m) => m.observer)!;
    await bed.kill(observer.id);
    let { code, json } = await health(bed.connectString);
    assert.equal(code, 1);
    assert.equal(json.ensemble.canLose, 1, 'an observer is not a voter');
    const leader = (await bed.leaderId())!;
    const voters = bed.members.filter((m) => !m.observer && m.id !== leader);
    await bed.kill(voters[0]!.id);
    ({ code, json } = await health(bed.connectString));
    assert.equal(code, 1);
    assert.equal(json.ensemble.canLose, 0);
    await bed.kill(voters[1]!.id);
    const deadline = Date.now() + 10_000;
    do ({ code, json } = await health(bed.connectString));
    while (code !== 2 && Date.now() < deadline);
    assert.equal(code, 2, json.summary);
    assert.equal(json.ensemble.quorum, false);
  });
});
