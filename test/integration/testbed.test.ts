import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { sendFourLetterWord } from '../../src/core/ensemble/fourLetterWord';
import { isAlive, listTestbedProcesses } from '../../src/core/testbed/processes';
import { Testbed } from '../../src/core/testbed/testbed';
import { sleep } from '../support/wait';

function httpStatus(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('3 members, every fault', () => {
  let bed: Testbed;
  after(() => bed?.close());

  test('comes up with exactly one leader', async () => {
    bed = await Testbed.start({ size: 3 });
    const modes = [...(await bed.modes()).values()].sort();
    assert.deepEqual(modes, ['follower', 'follower', 'leader']);
    assert.equal(bed.livePids().length, 3);
    assert.match(bed.connectString, /^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
  });

  test('kill -9 of a follower leaves a serving quorum', async () => {
    const leader = (await bed.leaderId())!;
    const follower = bed.members.find((m) => m.id !== leader)!.id;
    await bed.kill(follower);
    assert.equal(bed.isRunning(follower), false);
    assert.equal(await bed.mode(follower), 'no-answer');
    assert.equal(await bed.waitForLeader(10_000), leader);
    await bed.restart(follower);
    assert.equal(await bed.mode(follower), 'follower');
  });

  test('kill -9 of the leader elects another', async () => {
    const leader = (await bed.leaderId())!;
    await bed.kill(leader);
    const next = await bed.waitForLeader(15_000);
    assert.notEqual(next, leader);
    await bed.restart(leader);
    assert.equal(await bed.waitForLeader(15_000), next);
  });

  test('SIGSTOP makes a member accept and stay silent; SIGCONT brings it back', async () => {
    const leader = (await bed.leaderId())!;
    const follower = bed.members.find((m) => m.id !== leader)!;
    bed.pause(follower.id);
    const reply = await sendFourLetterWord('127.0.0.1', follower.ports.client, 'srvr', { timeoutMs: 500 });
    assert.equal(reply.ok ? `answered: ${JSON.stringify(reply.text.slice(0, 80))}` : reply.kind, 'timeout');
    // The others keep answering promptly while it hangs.
    const other = bed.members.find((m) => m.id !== follower.id)!;
    assert.notEqual(await bed.mode(other.id, 1000), 'no-answer');
    bed.resume(follower.id);
    assert.notEqual(await bed.waitForServing(follower.id, 30_000), 'not-serving');
  });

  test('losing two of three stops the survivor serving; restarting restores quorum', async () => {
    await bed.waitForLeader(30_000);
    const [a, b, c] = bed.members;
    await bed.kill(a!.id);
    await bed.kill(b!.id);
    const deadline = Date.now() + 15_000;
    let mode = await bed.mode(c!.id);
    while (mode !== 'not-serving' && Date.now() < deadline) {
      await sleep(200);
      mode = await bed.mode(c!.id);
    }
    assert.equal(mode, 'not-serving');
    bed.startMember(a!.id);
    bed.startMember(b!.id);
    await bed.waitForLeader(30_000);
  });

  test('stopAll and startAll bring the whole ensemble down and back', async () => {
    await bed.stopAll();
    assert.deepEqual(bed.livePids(), []);
    assert.deepEqual([...(await bed.modes(300)).values()], ['no-answer', 'no-answer', 'no-answer']);
    const leader = await bed.startAll();
    assert.ok(leader >= 1 && leader <= 3);
  });

  test('close kills every process by pid and removes the data dirs', async () => {
    const pids = bed.livePids();
    const runId = bed.record.runId;
    await bed.close();
    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} survived close`);
    assert.equal(listTestbedProcesses().filter((p) => p.run === runId).length, 0);
    assert.equal(fs.existsSync(bed.record.baseDir), false);
  });
});

describe('5 members with an observer', () => {
  test('comes up with one leader, three followers and an observer', async () => {
    const bed = await Testbed.start({ size: 5, observers: 1 });
    try {
      const modes = await bed.modes();
      assert.equal(modes.get(5), 'observer');
      assert.deepEqual([...modes.values()].sort(), ['follower', 'follower', 'follower', 'leader', 'observer']);
      assert.match(fs.readFileSync(bed.member(1).configPath, 'utf8'), /^server\.5=127\.0\.0\.1:\d+:\d+:observer$/m);
    } finally {
      await bed.close();
    }
  });
});

describe('options', () => {
  test('default whitelist answers srvr only; AdminServer off refuses HTTP', async () => {
    const bed = await Testbed.start({ size: 1, fourLetterWords: 'default', adminServer: false });
    try {
      const m = bed.members[0]!;
      assert.equal(await bed.mode(1), 'standalone');
      const mntr = await sendFourLetterWord('127.0.0.1', m.ports.client, 'mntr');
      assert.ok(mntr.ok);
      assert.match(mntr.ok ? mntr.text : '', /is not executed because it is not in the whitelist/);
      assert.equal(m.ports.admin, 0);
      assert.doesNotMatch(fs.readFileSync(m.configPath, 'utf8'), /admin\.serverPort/);
    } finally {
      await bed.close();
    }
  });

  test('all four-letter words and the AdminServer on', async () => {
    const bed = await Testbed.start({ size: 1 });
    try {
      const m = bed.members[0]!;
      const mntr = await sendFourLetterWord('127.0.0.1', m.ports.client, 'mntr');
      assert.match(mntr.ok ? mntr.text : '', /^zk_server_state\tstandalone$/m);
      assert.equal(await httpStatus(`http://127.0.0.1:${m.ports.admin}/commands/ruok`), 200);
    } finally {
      await bed.close();
    }
  });

  test('reconfig enabled with a super digest writes a dynamic config', async () => {
    const bed = await Testbed.start({ size: 3, reconfig: { superPassword: 'test-secret' } });
    try {
      const cfg = fs.readFileSync(bed.member(1).configPath, 'utf8');
      assert.match(cfg, /reconfigEnabled=true/);
      assert.match(cfg, /-Dzookeeper|dynamicConfigFile=/, 'ZooKeeper moved the server lines to a dynamic file');
      const conf = await sendFourLetterWord('127.0.0.1', bed.member(1).ports.client, 'conf');
      assert.match(conf.ok ? conf.text : '', /^server\.3=127\.0\.0\.1:\d+:\d+:participant;127\.0\.0\.1:\d+$/m);
      assert.deepEqual(bed.superAuth, { scheme: 'digest', auth: 'super:test-secret' });
      const cmdline = fs.readFileSync(`/proc/${bed.livePids()[0]}/cmdline`, 'utf8');
      assert.match(cmdline, /superDigest=super:[A-Za-z0-9+/=]+/);
      assert.doesNotMatch(cmdline, /test-secret/, 'only the digest reaches the command line');
    } finally {
      await bed.close();
    }
  });
});

describe('teardown when the owner dies', () => {
  const child = path.join(__dirname, '..', 'fixtures', 'testbed-child.ts');

  async function startChild(): Promise<{ proc: ReturnType<typeof spawn>; pids: number[]; baseDir: string }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('child testbed did not come up')), 60_000);
      proc.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) {
          clearTimeout(timer);
          resolve(text.split('\n')[0]!);
        }
      });
      proc.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    return { proc, ...(JSON.parse(line) as { pids: number[]; baseDir: string }) };
  }

  test('SIGTERM of the owner kills its servers and removes the data', async () => {
    const { proc, pids, baseDir } = await startChild();
    assert.equal(pids.length, 1);
    proc.kill('SIGTERM');
    await waitUntil('servers die with their owner', () => pids.every((pid) => !isAlive(pid)));
    await waitUntil('data dir removed', () => !fs.existsSync(baseDir));
  });

  test('after kill -9 of the owner, the next testbed reaps the orphans', async () => {
    const { proc, pids, baseDir } = await startChild();
    proc.kill('SIGKILL');
    await sleep(200);
    assert.ok(
      pids.every((pid) => isAlive(pid)),
      'an orphan survives its owner until reaped',
    );
    const bed = await Testbed.start({ size: 1, adminServer: false });
    await bed.close();
    await waitUntil('orphans reaped', () => pids.every((pid) => !isAlive(pid)));
    assert.equal(fs.existsSync(baseDir), false, "the orphans' data dir is removed too");
  });
});
