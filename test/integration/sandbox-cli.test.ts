import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAlive, pidsRunning } from '../../src/core/testbed/processes';
import { SERVER_MAIN } from '../../src/core/testbed/testbed';

// `zkops sandbox` as a user runs it: a separate process per command, on a real 3-member ensemble.

const cli = path.resolve(__dirname, '../../src/cli/main.ts');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-sandbox-cli-'));
const env = { ...process.env, ZKOPS_SANDBOX_DIR: path.join(root, 'sandbox'), ZKOPS_SANDBOX_WORKSPACE: path.join(root, 'workspace') };
const settingsPath = path.join(root, 'workspace', '.vscode', 'settings.json');

interface Run {
  code: number;
  out: string;
  err: string;
}

function zkops(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, 'sandbox', ...args], { env, timeout: 240_000 }, (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      resolve({ code, out, err });
    });
  });
}

async function ok(...args: string[]): Promise<Run> {
  const run = await zkops(...args);
  assert.equal(run.code, 0, `zkops sandbox ${args.join(' ')}: ${run.err}${run.out}`);
  return run;
}

/** `member <id> 127.0.0.1:<port> pid <pids> <state>` lines of `zkops sandbox status`. */
function members(status: string): Map<number, { pids: number[]; state: string }> {
  const rows = [...status.matchAll(/^ {2}member (\d+) \S+ pid (\S+) (.+)$/gm)];
  return new Map(rows.map((r) => [Number(r[1]), { pids: r[2] === '-' ? [] : r[2]!.split(',').map(Number), state: r[3]! }]));
}

function sandboxClusterConnect(): string {
  const settings = JSON.parse(fs.readFileSync(settingsPath, 'utf8')) as { 'zookeeper.clusters': { name: string; connectString: string }[] };
  return settings['zookeeper.clusters'].find((c) => c.name === 'sandbox')!.connectString;
}

/** Every server process running one of this sandbox's configs (none may outlive `down`). */
function sandboxServers(): number[] {
  const dir = path.join(root, 'sandbox', 'ensemble');
  return [1, 2, 3].flatMap((id) => pidsRunning(SERVER_MAIN, path.join(dir, `s${id}`, 'zoo.cfg')));
}

describe('zkops sandbox: repairable, ports kept, members stopped and started by id', { timeout: 600_000 }, () => {
  let connect: string;

  before(async () => {
    connect = (await ok('up')).out.trim();
  });
  after(async () => {
    await zkops('down');
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('up writes the workspace settings with the connect string', () => {
    assert.match(connect, /^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    assert.equal(sandboxClusterConnect(), connect);
  });

  test('stop <id>: status shows it down; up starts the missing member instead of answering "already up"', async () => {
    const stop = await ok('stop', '2');
    assert.match(stop.err, /member 2 stopped/);
    const status = await zkops('status');
    assert.equal(status.code, 1, status.out);
    const rows = members(status.out);
    assert.deepEqual(rows.get(2), { pids: [], state: 'down' });
    assert.match(rows.get(1)!.state, /^(leader|follower)$/);
    const up = await ok('up');
    assert.doesNotMatch(up.err, /already up/);
    assert.match(up.err, /started member 2/);
    assert.equal(up.out.trim(), connect);
    const after = await ok('status');
    assert.ok(
      [...members(after.out).values()].every((m) => /^(leader|follower)$/.test(m.state)),
      after.out,
    );
  });

  test('stop then start <id> brings the member back, restart <id> too; down stops the restarted one (no orphan)', async () => {
    await ok('stop', '3');
    const start = await ok('start', '3');
    const pid = Number(/started \(pid (\d+)\)/.exec(start.err)?.[1]);
    assert.ok(pid > 0, start.err);
    const rows = members((await ok('status')).out);
    assert.deepEqual(rows.get(3)!.pids, [pid]);
    assert.match(rows.get(3)!.state, /^(leader|follower)$/);
    // restart <id> (what a recovery --control template runs): a new process, serving again.
    const restart = await ok('restart', '3');
    assert.match(restart.err, new RegExp(`member 3 stopped \\(pid ${pid}\\)`));
    const restartedPid = Number(/started \(pid (\d+)\)/.exec(restart.err)?.[1]);
    assert.ok(restartedPid > 0 && restartedPid !== pid, restart.err);
    const restarted = members((await ok('status')).out);
    assert.deepEqual(restarted.get(3)!.pids, [restartedPid]);
    assert.match(restarted.get(3)!.state, /^(leader|follower)$/);
    const down = await ok('down');
    assert.match(down.err, /stopped \d+ processes/);
    assert.equal(isAlive(restartedPid), false, `member 3 (pid ${restartedPid}) outlived sandbox down`);
    assert.deepEqual(sandboxServers(), []);
    assert.equal((await zkops('status')).out.trim(), 'sandbox: down');
  });

  test('down + up keeps the connect string', async () => {
    const again = (await ok('up')).out.trim();
    assert.equal(again, connect);
    assert.equal(sandboxClusterConnect(), connect);
  });

  test('a saved port taken by another process: up picks new ports and rewrites the workspace settings', async () => {
    await ok('down');
    const taken = Number(connect.split(',')[1]!.split(':')[1]);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: taken }, resolve));
    try {
      const up = await ok('up');
      const moved = up.out.trim();
      assert.notEqual(moved, connect);
      assert.ok(!moved.includes(`:${taken}`));
      assert.match(up.err, /connect string changed/);
      assert.equal(sandboxClusterConnect(), moved);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
