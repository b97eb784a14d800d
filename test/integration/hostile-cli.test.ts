/**
 * zkops against servers that are not ZooKeeper or lie (test/support/hostileServer.ts): every
 * command run as its own process ends with a clear message, within its --timeout plus one second
 * of its first connection to the server (node's start-up and loading the bundle are not the
 * command's to bound: 1–2.5 s on this shared machine) and within 100 MB of the peak memory of a
 * CLI that did nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChildRun, runCliChild } from '../support/childRun';
import { HOSTILE_MODES, HostileMode, HostileServer } from '../support/hostileServer';

const TIMEOUT_MS = 1000;
const MEMORY_MB = 100;

/** What the message of a znode command must say for each mode. */
const MESSAGES: Record<HostileMode, RegExp> = {
  silent: /no connect response|no ZooKeeper server answered/,
  random: /not a ZooKeeper server|malformed handshake/,
  'plain-text': /not a ZooKeeper server.*plain text/,
  'handshake-lying-length': /malformed handshake/,
  'handshake-200mb': /malformed handshake/,
  expired: /session expired.*new session|timeout 0/,
  echo: /echoed/,
  'frame-lying-length': /frame length/,
  'field-lying-length': /MARSHALLINGERROR|could not decode/,
  'never-replies': /no reply within 1000 ms/,
};

const ZNODE_COMMANDS: Record<string, (connect: string) => string[]> = {
  ls: (c) => ['ls', c, '/'],
  get: (c) => ['get', c, '/x'],
  export: (c) => ['export', c, '/'],
};

let baseline: ChildRun;

before(async () => {
  // A CLI run that connects to nothing: start-up time and memory every run below pays too.
  baseline = await runCliChild(['ls', '--help'], 30_000);
  assert.equal(baseline.code, 0, baseline.err);
  assert.ok(Number.isFinite(baseline.peakMb));
});

/** Runs the CLI; `ms` is counted from its first connection to `server` (or its start, if it made none). */
async function run(server: HostileServer, args: string[]): Promise<ChildRun> {
  const seen = server.acceptedAt.length;
  const result = await runCliChild(args, 30_000);
  const first = server.acceptedAt[seen];
  return first === undefined ? result : { ...result, ms: result.endedAt - first };
}

function assertBounded(run: ChildRun, what: string, budgetMs: number): void {
  const output = `stderr: ${run.err.slice(0, 400)} stdout: ${run.out.slice(0, 400)}`;
  const detail = `${what}: exit ${run.code} ${run.ms} ms after its first connection, peak ${run.peakMb.toFixed(0)} MB; ${output}`;
  assert.equal(run.killed, false, `hung: ${detail}`);
  assert.ok(run.ms <= budgetMs + 1000, `took longer than ${budgetMs} + 1000 ms: ${detail}`);
  assert.ok(run.peakMb <= baseline.peakMb + MEMORY_MB, `peak memory over ${baseline.peakMb.toFixed(0)} + ${MEMORY_MB} MB: ${detail}`);
  assert.doesNotMatch(run.err, /\n\s+at .+:\d+:\d+/, `stack trace on stderr: ${detail}`);
}

for (const mode of HOSTILE_MODES) {
  describe(`zkops against a hostile server: ${mode}`, () => {
    let server: HostileServer;
    before(async () => {
      server = await HostileServer.start(mode);
    });
    after(() => server?.close());

    for (const [name, argv] of Object.entries(ZNODE_COMMANDS)) {
      test(`${name}: exit 2 with a clear message, bounded in time and memory`, async () => {
        const before = server.connections;
        const result = await run(server, [...argv(server.connectString), '--timeout', String(TIMEOUT_MS)]);
        assertBounded(result, `${name} (${mode})`, TIMEOUT_MS);
        assert.equal(result.code, 2, result.err);
        assert.match(result.err, new RegExp(`^zkops ${name}: `), result.err);
        assert.match(result.err, MESSAGES[mode], result.err);
        // A backed-off reconnect loop makes a handful of connections in a second, not thousands.
        assert.ok(server.connections - before <= 20, `${server.connections - before} connections`);
      });
    }

    for (const name of ['health', 'probe']) {
      test(`${name}: reports the member as not answering, bounded in time and memory`, async () => {
        const result = await run(server, [name, server.connectString, '--json', '--timeout', String(TIMEOUT_MS)]);
        // health spends up to two budgets by its contract (probe, then the checks that ask again).
        assertBounded(result, `${name} (${mode})`, name === 'health' ? 2 * TIMEOUT_MS : TIMEOUT_MS);
        assert.notEqual(result.code, 0, result.out);
        const json = JSON.parse(result.out) as { members: { state: string }[] };
        assert.equal(json.members.length, 1);
        assert.notEqual(json.members[0]!.state, 'up', result.out);
      });
    }
  });
}
