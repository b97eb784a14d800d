/**
 * A connect whose settings cannot fit the servers (socket.ts ConnectMismatch) ends at once with
 * TLSERROR naming why, per server: whether the socket factory refused to open, or explained a
 * connection the server closed before the handshake. No server needed: the factories are fakes.
 */
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { test } from 'node:test';
import { ZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import { ConnectMismatch, SocketFactory } from '../../src/core/zk/socket';

async function failure(connect: string, connectSocket: SocketFactory, connectTimeoutMs = 10_000): Promise<ZkError> {
  const err = await ZkSession.connect(connect, { connectSocket, connectTimeoutMs }).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  assert.ok(err instanceof ZkError, String(err));
  return err;
}

test('every server refuses the settings when opening: TLSERROR at once, servers with the same reason grouped', async () => {
  const opened: string[] = [];
  const refusing: SocketFactory = async (target) => {
    opened.push(`${target.host}:${target.port}`);
    throw new ConnectMismatch('the certificate is not trusted');
  };
  const err = await failure('127.0.0.1:1,127.0.0.1:2', refusing);
  assert.equal(err.name, 'TLSERROR');
  assert.match(err.message, /^127\.0\.0\.1:[12], 127\.0\.0\.1:[12]: the certificate is not trusted/);
  assert.ok(err.cause instanceof ConnectMismatch);
  // One round over the list, not a retry loop until the timeout.
  assert.ok(opened.length <= 4, opened.join(' '));
});

test('a connection closed before the handshake is explained by the factory (a plain client on a TLS port)', async () => {
  let explained = 0;
  const silent: SocketFactory = Object.assign(
    async () => {
      const stream = new Duplex({
        read() {},
        write(_chunk, _enc, done) {
          done();
        },
      });
      // The server hangs up on the connect request without a byte.
      setImmediate(() => stream.destroy());
      return stream;
    },
    {
      async explainDrop(_target: unknown, error: unknown): Promise<ConnectMismatch | undefined> {
        explained += 1;
        assert.equal(error, undefined);
        return new ConnectMismatch('it answers TLS: a TLS port');
      },
    },
  );
  const err = await failure('127.0.0.1:3', silent);
  assert.equal(err.name, 'TLSERROR');
  assert.equal(err.message, '127.0.0.1:3: it answers TLS: a TLS port (connect)');
  assert.ok(explained >= 1);
});

test('one server refuses the settings, the other never answers: at the timeout the settings are the news', async () => {
  const mixed: SocketFactory = async (target) => {
    if (target.port === 4) throw new ConnectMismatch('the server requires a client certificate');
    throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  };
  const err = await failure('127.0.0.1:4,127.0.0.1:5', mixed, 1000);
  assert.equal(err.name, 'TLSERROR');
  assert.match(err.message, /^127\.0\.0\.1:4: the server requires a client certificate/);
});

test('network failures alone stay CONNECTIONLOSS at the timeout', async () => {
  const refused: SocketFactory = async () => {
    throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  };
  const err = await failure('127.0.0.1:6', refused, 500);
  assert.equal(err.name, 'CONNECTIONLOSS');
  assert.match(err.message, /no ZooKeeper server answered within 500 ms/);
});
