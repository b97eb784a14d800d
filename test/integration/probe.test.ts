import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as zookeeper from 'node-zookeeper-client';
import { runCli } from '../../src/cli/main';
import { askAdmin } from '../../src/core/ensemble/adminServer';
import { askFourLetterWord } from '../../src/core/ensemble/fourLetterWordClient';
import { EnsembleProbe, MemberProbe, probeEnsemble } from '../../src/core/ensemble/probe';
import { Testbed } from '../../src/core/testbed/testbed';
import { sleep } from '../support/wait';

const TIMEOUT_MS = 1500;

/**
 * Resolves once nothing accepts on `port`. Testbed.kill returns when the JVM's main thread is a
 * zombie; its other threads may still hold the sockets for a few ms, and a connection made then
 * is reset (the probe rightly calls that unknown, not down).
 */
async function waitUntilRefused(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
    });
    if (refused) return;
    await sleep(20);
  }
  assert.fail(`port ${port} still accepts connections 2 s after kill -9`);
}

/** Runs `zkops` in-process and captures its output. */
async function zkops(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

function memberOf(report: EnsembleProbe, bed: Testbed, id: number): MemberProbe {
  const found = report.members.find((m) => m.port === bed.member(id).ports.client);
  assert.ok(found, `member ${id} missing from the report`);
  return found;
}

const adminPorts = (bed: Testbed): string => bed.members.map((m) => m.ports.admin).join(',');

describe('probe: 3 members, every 4lw whitelisted, AdminServer on', () => {
  let bed: Testbed;
  before(async () => {
    bed = await Testbed.start({ size: 3, fourLetterWords: 'all', adminServer: true });
  });
  after(() => bed?.close());

  test('every member answers from 4lw with state, zxid, latency and connections', async () => {
    const leaderId = (await bed.leaderId())!;
    const report = await probeEnsemble(`${bed.connectString}/some/chroot`, { timeoutMs: TIMEOUT_MS });
    assert.equal(report.allAnswered, true);
    assert.deepEqual(report.members.map((m) => m.state).sort(), ['follower', 'follower', 'leader']);
    assert.equal(memberOf(report, bed, leaderId).state, 'leader');
    for (const m of report.members) {
      assert.equal(m.source, '4lw');
      assert.match(m.zxid ?? '', /^0x[0-9a-f]+$/);
      assert.ok(m.latencyMs && m.latencyMs.max >= m.latencyMs.min);
      assert.equal(m.connections, 0, 'an idle member: the probe does not count itself');
      assert.equal(m.reason, null);
      assert.ok(m.monitor && Object.keys(m.monitor.metrics).length > 400, 'mntr fetched for the poller');
      assert.deepEqual(m.missing, []);
      assert.equal(m.adminPort, null, 'the AdminServer is not needed when 4lw answers everything');
    }
  });

  test('connections count real clients only', async () => {
    const target = bed.members[0]!;
    const client = zookeeper.createClient(`127.0.0.1:${target.ports.client}`, { sessionTimeout: 10_000, retries: 0 });
    try {
      await new Promise<void>((resolve) => {
        client.once('connected', () => resolve());
        client.connect();
      });
      const report = await probeEnsemble(bed.connectString, { timeoutMs: TIMEOUT_MS });
      assert.equal(memberOf(report, bed, target.id).connections, 1);
    } finally {
      client.close();
    }
  });

  test('zkops probe: table, JSON, exit code 0', async () => {
    const text = await zkops('probe', bed.connectString);
    assert.equal(text.code, 0);
    const lines = text.out.trim().split('\n');
    assert.equal(lines.length, 4, 'a header and one row per member');
    for (const m of bed.members) assert.match(text.out, new RegExp(`^127\\.0\\.0\\.1:${m.ports.client} +(leader|follower) +4lw +0x`, 'm'));
    const json = await zkops('probe', bed.connectString, '--json');
    assert.equal(json.code, 0);
    const doc = JSON.parse(json.out) as { connectString: string; allAnswered: boolean; members: Record<string, unknown>[] };
    assert.equal(doc.connectString, bed.connectString);
    assert.equal(doc.allAnswered, true);
    for (const member of doc.members) {
      for (const key of ['address', 'host', 'port', 'state', 'source', 'zxid', 'latencyMs', 'connections', 'reason'])
        assert.ok(key in member, key);
    }
    assert.equal((await zkops('probe', 'nohost:notaport')).code, 2);
    assert.equal((await zkops('probe')).code, 2);
    assert.equal((await zkops('probe', bed.connectString, '--admin-ports', '1,2')).code, 2);
  });

  test('SIGSTOP: the stopped member is hung after one timeout; the others answer at once', async () => {
    const leaderId = (await bed.leaderId())!;
    const paused = bed.members.find((m) => m.id !== leaderId)!;
    bed.pause(paused.id);
    try {
      const started = Date.now();
      const reportedAt = new Map<number, number>();
      const report = await probeEnsemble(bed.connectString, {
        timeoutMs: TIMEOUT_MS,
        onMember: (m) => reportedAt.set(m.port, Date.now() - started),
      });
      const total = Date.now() - started;
      const hung = memberOf(report, bed, paused.id);
      assert.equal(hung.state, 'hung');
      assert.equal(hung.source, 'tcp');
      assert.equal(hung.errorKind, 'timeout');
      assert.match(hung.reason ?? '', /did not answer/);
      assert.ok(hung.elapsedMs >= TIMEOUT_MS - 5 && hung.elapsedMs < TIMEOUT_MS + 500, `hung after ${hung.elapsedMs} ms`);
      // Bounded by the one timeout, not by a timeout per member (the slack is a loaded machine's, not the probe's).
      assert.ok(total < TIMEOUT_MS + 1000, `whole probe took ${total} ms`);
      // Members are asked at once: the others are reported before the stopped one's timeout runs out
      // (no absolute bound: on a loaded machine an answer took 509 ms).
      const hungAt = reportedAt.get(paused.ports.client)!;
      for (const m of report.members.filter((x) => x !== hung)) {
        assert.ok(m.answered, `${m.address} ${m.state}`);
        assert.ok(
          reportedAt.get(m.port)! < hungAt,
          `${m.address} reported after ${reportedAt.get(m.port)} ms, the stopped member at ${hungAt} ms`,
        );
      }
      assert.equal(report.allAnswered, false);
      // The AdminServer of a stopped JVM accepts and is silent too.
      const admin = await askAdmin('127.0.0.1', paused.ports.admin, 'monitor', { timeoutMs: 500 });
      assert.equal(admin.status === 'failed' && admin.failure.kind, 'timeout');
      const cli = await zkops('probe', bed.connectString, '--json', '--timeout', '800');
      assert.equal(cli.code, 1);
      const doc = JSON.parse(cli.out) as { members: { port: number; state: string; reason: string | null }[] };
      const row = doc.members.find((m) => m.port === paused.ports.client)!;
      assert.equal(row.state, 'hung');
      assert.ok(row.reason);
    } finally {
      bed.resume(paused.id);
    }
    await bed.waitForServing(paused.id, 30_000);
  });

  test('kill -9 of one member: down, at once; of two: the survivor is not-serving', async () => {
    const leaderId = (await bed.leaderId())!;
    const follower = bed.members.find((m) => m.id !== leaderId)!;
    const survivor = bed.members.find((m) => m.id !== leaderId && m.id !== follower.id)!;
    await bed.kill(follower.id);
    await waitUntilRefused(follower.ports.client);
    const one = await probeEnsemble(bed.connectString, { timeoutMs: TIMEOUT_MS });
    const down = memberOf(one, bed, follower.id);
    assert.equal(down.state, 'down', `${down.errorKind}: ${down.reason}`);
    assert.equal(down.errorKind, 'refused');
    assert.equal(down.source, 'none');
    // Refused, not timed out: well before the budget (the absolute figure belongs to a benchmark, not a loaded machine).
    assert.ok(down.elapsedMs < TIMEOUT_MS / 2, `down reported after ${down.elapsedMs} ms`);
    assert.equal((await zkops('probe', bed.connectString)).code, 1);

    await bed.kill(leaderId);
    let state = '';
    const deadline = Date.now() + 10_000;
    let last: EnsembleProbe | undefined;
    while (Date.now() < deadline && state !== 'not-serving') {
      last = await probeEnsemble(bed.connectString, { timeoutMs: TIMEOUT_MS, adminPorts: bed.members.map((m) => m.ports.admin) });
      state = memberOf(last, bed, survivor.id).state;
      if (state !== 'not-serving') await sleep(100);
    }
    assert.equal(state, 'not-serving');
    const alone = memberOf(last!, bed, survivor.id);
    assert.equal(alone.answered, true);
    assert.match(alone.reason ?? '', /not currently serving/);
    // On the AdminServer, monitor's HTTP 500 without quorum comes back as not-serving.
    const monitor = await askAdmin('127.0.0.1', survivor.ports.admin, 'monitor', { timeoutMs: TIMEOUT_MS });
    assert.equal(monitor.status, 'not-serving');
    assert.equal((await askFourLetterWord('127.0.0.1', survivor.ports.client, 'isro')).status, 'not-serving');
    assert.equal((await askFourLetterWord('127.0.0.1', survivor.ports.client, 'ruok')).status, 'ok', 'ruok says nothing about quorum');
    await bed.startAll();
  });
});

describe('probe: default whitelist (srvr only), AdminServer on', () => {
  let bed: Testbed;
  before(async () => {
    bed = await Testbed.start({ size: 3, fourLetterWords: 'default', adminServer: true });
  });
  after(() => bed?.close());

  test('state from srvr, metrics from the AdminServer, the whitelist named as what is missing', async () => {
    // Jetty's first request on a fresh server takes 0.7-0.8 s here (class loading); warm it up so
    // the 1.5 s budget measures the probe, not the JVM.
    await Promise.all(bed.members.map((m) => askAdmin('127.0.0.1', m.ports.admin, 'monitor', { timeoutMs: 10_000 })));
    const report = await probeEnsemble(bed.connectString, { timeoutMs: TIMEOUT_MS, adminPorts: bed.members.map((m) => m.ports.admin) });
    assert.equal(report.allAnswered, true);
    for (const m of report.members) {
      assert.equal(m.source, '4lw');
      assert.ok(m.zxid);
      assert.ok(m.missing.includes('mntr: not in the 4lw whitelist'), m.missing.join('; '));
      assert.ok(m.monitor && m.monitor.role === m.state, 'monitor from the AdminServer');
      assert.equal(typeof m.timings['admin:monitor'], 'number');
    }
    const mntr = await askFourLetterWord('127.0.0.1', bed.members[0]!.ports.client, 'mntr');
    assert.equal(mntr.status, 'not-whitelisted');
    assert.equal((await zkops('probe', bed.connectString, '--admin-ports', adminPorts(bed))).code, 0);
  });
});

describe('probe: default whitelist, AdminServer off', () => {
  let bed: Testbed;
  before(async () => {
    bed = await Testbed.start({ size: 3, fourLetterWords: 'default', adminServer: false });
  });
  after(() => bed?.close());

  test('srvr alone still gives every state; the missing metrics are explained', async () => {
    const report = await probeEnsemble(bed.connectString, { timeoutMs: TIMEOUT_MS, adminPorts: [null, null, null] });
    assert.equal(report.allAnswered, true);
    assert.deepEqual(report.members.map((m) => m.state).sort(), ['follower', 'follower', 'leader']);
    for (const m of report.members) {
      assert.equal(m.monitor, null);
      assert.ok(m.missing.includes('AdminServer: not asked (no admin port)'), m.missing.join('; '));
    }
    // Guessing 8080 must never mislabel a member, whatever listens there.
    const guessed = await probeEnsemble(bed.connectString, { timeoutMs: TIMEOUT_MS });
    assert.deepEqual(guessed.members.map((m) => m.state).sort(), ['follower', 'follower', 'leader']);
  });

  test('the zkops binary exits 0, then 1 once a member is killed', async () => {
    const run = (): Promise<number> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '-e', "require('./src/cli/main').main()", 'zkops', 'probe', bed.connectString, '--timeout', '1000'],
          {
            cwd: path.join(__dirname, '..', '..'),
            stdio: 'ignore',
          },
        );
        child.on('exit', (code) => resolve(code ?? -1));
      });
    assert.equal(await run(), 0);
    await bed.kill(bed.members[2]!.id);
    await waitUntilRefused(bed.members[2]!.ports.client);
    assert.equal(await run(), 1);
  });
});
