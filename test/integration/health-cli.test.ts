import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { zkops } from '../support/healthWait';
import type { HealthJson } from '../../src/shared/healthJson';
import { sleep } from '../support/wait';

async function health(...args: string[]): Promise<{ code: number; json: HealthJson; ms: number }> {
  const started = Date.now();
  const { code, out } = await zkops('health', ...args, '--json');
  return { code, json: JSON.parse(out) as HealthJson, ms: Date.now() - started };
}

/** Polls `zkops health` until it exits with `code` (recovery takes a few seconds after a restart). */
async function eventually(connect: string, code: number, timeoutMs = 30_000): Promise<HealthJson> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const result = await health(connect);
    if (result.code === code) return result.json;
    last = `${result.code} ${result.json.summary}: ${result.json.checks
      .filter((c) => c.status !== 'pass')
      .map((c) => c.id)
      .join(',')}`;
    await sleep(300);
  }
  assert.fail(`zkops health did not exit ${code} within ${timeoutMs} ms (last: ${last})`);
}

describe('zkops health: exit codes and bounded time against a real 3-member ensemble', () => {
  let bed: Testbed;
  let follower: number;

  before(async () => {
    bed = await Testbed.start({ size: 3 });
    const leader = (await bed.leaderId())!;
    follower = bed.members.find((m) => m.id !== leader)!.id;
  });
  after(() => bed?.close());

  test('healthy: exit 0, markdown by default, at least 20 checks in JSON', async () => {
    const text = await zkops('health', bed.connectString);
    assert.equal(text.code, 0, text.out);
    assert.match(text.out, /^# ZooKeeper health: PASS/);
    const { code, json } = await health(bed.connectString);
    assert.equal(code, 0);
    assert.equal(json.status, 'pass');
    assert.ok(json.checks.length >= 20);
    assert.ok(
      json.checks.every((c) => c.status === 'pass'),
      JSON.stringify(json.checks.filter((c) => c.status !== 'pass')),
    );
    assert.deepEqual(
      json.members.map((m) => m.state),
      ['up', 'up', 'up'],
    );
  });

  test('a follower killed: exit 1 (serving but degraded); after its restart exit 0 again', async () => {
    await bed.kill(follower);
    const { code, json } = await health(bed.connectString);
    assert.equal(code, 1, json.summary);
    assert.equal(json.status, 'warn');
    assert.equal(json.checks.find((c) => c.id === 'members-reachable')?.status, 'warn');
    assert.equal(json.checks.find((c) => c.id === 'quorum')?.status, 'pass');
    bed.startMember(follower);
    await eventually(bed.connectString, 0);
  });

  test('a follower hung (SIGSTOP): exit 1 within a bounded time', async () => {
    bed.pause(follower);
    try {
      const { code, json, ms } = await health(bed.connectString, '--timeout', '1000');
      assert.equal(code, 1, json.summary);
      assert.equal(json.members.find((m) => m.state === 'hung')?.address, `127.0.0.1:${bed.member(follower).ports.client}`);
      assert.ok(ms < 2500, `took ${ms} ms`);
    } finally {
      bed.resume(follower);
    }
    await eventually(bed.connectString, 0);
  });

  test('quorum lost: exit 2; the whole ensemble down: exit 2 with nothing answering; back: exit 0', async () => {
    const leader = (await bed.leaderId())!;
    for (const m of bed.members) if (m.id !== leader) await bed.kill(m.id);
    const lost = await eventually(bed.connectString, 2, 10_000);
    assert.equal(lost.checks.find((c) => c.id === 'quorum')?.status, 'fail');
    await bed.stopAll();
    const { code, json, ms } = await health(bed.connectString);
    assert.equal(code, 2);
    assert.ok(json.members.every((m) => m.state === 'down'));
    assert.ok(ms < 4000, `took ${ms} ms`);
    await bed.startAll();
    await eventually(bed.connectString, 0);
  });

  test('bad usage and unparseable connect strings: exit 2 with a clear message', async () => {
    const none = await zkops('health');
    assert.equal(none.code, 2);
    assert.match(none.err, /which connect string\?/);
    const bad = await zkops('health', 'host:notaport');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad connect string: bad port "notaport"/);
    assert.equal((await zkops('health', bed.connectString, '--admin-ports', '1,2')).code, 2);
    assert.equal((await zkops('health', bed.connectString, '--timeout', 'soon')).code, 2);
  });
});
