import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { zkops } from '../support/healthWait';
import { sleep } from '../support/wait';

/** The table's rows (header first) split into cells. */
function rows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}

describe('zkops top --once against a real 3-member ensemble', () => {
  let bed: Testbed;
  before(async () => {
    bed = await Testbed.start({ size: 3 });
  });
  after(() => bed?.close());

  test('healthy: one table of three members, one leader, exit 0', async () => {
    const { code, out, err } = await zkops('top', bed.connectString, '--once');
    assert.equal(code, 0, `${out}\n${err}`);
    const table = rows(out);
    assert.deepEqual(table[0], ['ID', 'ADDRESS', 'ROLE', 'STATE', 'ZXID LAG', 'LATENCY', 'OUTST', 'CONNS', 'PKTS/S IN/OUT']);
    assert.equal(table.length, 4, out);
    const roles = table.slice(1).map((r) => r[2]);
    assert.deepEqual(roles.sort(), ['follower', 'follower', 'leader']);
    for (const r of table.slice(1)) {
      assert.equal(r[3], 'up');
      assert.match(r[4]!, /^\d+$/, 'a lag for every serving member');
      assert.match(r[1]!, /^127\.0\.0\.1:\d+$/);
    }
    assert.match(err, /leader \S+ · 3\/3 · can lose 1/, 'the summary (the id may be missing when conf timed out under load)');
  });

  test('a killed follower: its row says DOWN and the exit code is 1; back to 0 after its restart', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    await bed.kill(victim.id);
    try {
      const { code, out } = await zkops('top', bed.connectString, '--once');
      assert.equal(code, 1, out);
      const row = rows(out).find((r) => r[1]!.endsWith(`:${victim.ports.client}`));
      assert.ok(row, out);
      assert.equal(row[3], 'DOWN');
      assert.equal(row[2], '-');
    } finally {
      bed.startMember(victim.id);
    }
    const deadline = Date.now() + 30_000;
    let last = '';
    while (Date.now() < deadline) {
      const { code, out } = await zkops('top', bed.connectString, '--once');
      if (code === 0) return;
      last = out;
      await sleep(300);
    }
    assert.fail(`not back to exit 0 within 30 s:\n${last}`);
  });

  test('a hung (SIGSTOPped) follower shows as HUNG within the probe budget, exit 1', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    bed.pause(victim.id);
    try {
      const { code, out } = await zkops('top', bed.connectString, '--once', '--timeout', '800');
      assert.equal(code, 1, out);
      const row = rows(out).find((r) => r[1]!.endsWith(`:${victim.ports.client}`));
      assert.equal(row?.[3], 'HUNG', out);
    } finally {
      bed.resume(victim.id);
    }
  });

  test('bad usage: exit 2', async () => {
    assert.equal((await zkops('top', bed.connectString, '--interval', '0.1', '--once')).code, 2);
    assert.equal((await zkops('top')).code, 2);
  });
});
