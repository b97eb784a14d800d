/**
 * The extension's ZkSession (in-process) against every hostile-server mode: connect and one read
 * end with a clear ZkError within the session's timeouts plus one second, the process's memory
 * stays within 100 MB of where it started, and reconnects back off (a bounded number of connections).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import { HOSTILE_MODES, HostileServer } from '../support/hostileServer';

const TIMEOUT_MS = 1000;

const MESSAGES: Record<string, RegExp> = {
  silent: /accepted the connection but sent no handshake reply/,
  random: /malformed handshake|not a ZooKeeper server/,
  'plain-text': /not a ZooKeeper server: it answered the handshake with plain text/,
  'handshake-lying-length': /malformed handshake: a session password of 1500000000 bytes/,
  'handshake-200mb': /malformed handshake: the reply claims 209715200 bytes/,
  expired: /new session's handshake with "session expired"/,
  echo: /echoed our handshake back/,
  'frame-lying-length': /frame length 1500000000 is over the bound/,
  'field-lying-length': /could not decode the children reply/,
  'never-replies': /no reply within 1000 ms/,
};

for (const mode of HOSTILE_MODES) {
  describe(`ZkSession against a hostile server: ${mode}`, () => {
    let server: HostileServer;
    before(async () => {
      server = await HostileServer.start(mode);
    });
    after(() => server?.close());

    test('connect and a read fail with a clear error, bounded in time, memory and connections', async () => {
      const rssBefore = process.memoryUsage().rss;
      const started = Date.now();
      let failure: unknown;
      try {
        const session = await ZkSession.connect(server.connectString, { connectTimeoutMs: TIMEOUT_MS, requestTimeoutMs: TIMEOUT_MS });
        try {
          await session.children('/');
        } finally {
          await session.close();
        }
      } catch (err) {
        failure = err;
      }
      const ms = Date.now() - started;
      // connect and the read each have their own bound when the handshake succeeds.
      const handshakeCompletes = mode === 'never-replies' || mode === 'frame-lying-length' || mode === 'field-lying-length';
      const budget = (handshakeCompletes ? 2 : 1) * TIMEOUT_MS + 1000;
      assert.ok(failure instanceof ZkError, `expected a ZkError, got ${String(failure)}`);
      assert.match(failure.message, MESSAGES[mode]!, failure.message);
      assert.ok(ms <= budget, `took ${ms} ms (budget ${budget} ms): ${failure.message}`);
      const grown = process.memoryUsage().rss - rssBefore;
      assert.ok(grown < 100 * 1024 * 1024, `rss grew by ${grown / 1e6} MB`);
      assert.ok(server.connections <= 10, `${server.connections} connections in ${ms} ms`);
    });
  });
}
