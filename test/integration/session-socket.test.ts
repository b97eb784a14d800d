/**
 * The session's SocketFactory seam: `tls.connect` plugs in unchanged (a TLS terminator on
 * loopback in front of a real member, with a certificate made for this test), a counting TCP
 * factory sees every connection, and a factory that fails is reported by its reason.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tls from 'node:tls';
import { Testbed } from '../../src/core/testbed/testbed';
import { ZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import { SocketFactory, tcpSocketFactory, whenReady } from '../../src/core/zk/socket';

describe('ZkSession over a custom socket factory', () => {
  let bed: Testbed;
  let dir: string;
  let cert: Buffer;
  let terminator: tls.Server;
  let tlsPort: number;

  before(async () => {
    bed = await Testbed.start({ size: 1 });
    dir = mkdtempSync(join(tmpdir(), 'zkops-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'));
    const memberPort = bed.members[0]!.ports.client;
    terminator = tls.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (clear) => {
      const upstream = netConnect({ host: '127.0.0.1', port: memberPort });
      clear.pipe(upstream).pipe(clear);
      clear.on('error', () => upstream.destroy());
      upstream.on('error', () => clear.destroy());
    });
    await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
    tlsPort = (terminator.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => terminator?.close(() => resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    await bed?.close();
  });

  test('tls.connect as the factory: the whole session runs over TLS', async () => {
    const targets: string[] = [];
    const overTls: SocketFactory = (target, signal) => {
      targets.push(`${target.host}:${target.port}`);
      return whenReady(tls.connect({ host: target.host, port: target.port, ca: cert }), 'secureConnect', signal);
    };
    const session = await ZkSession.connect(`127.0.0.1:${tlsPort}`, { connectSocket: overTls, connectTimeoutMs: 10_000 });
    try {
      await session.create('/over-tls', Buffer.from('sealed'));
      const { data } = await session.get('/over-tls');
      assert.equal(data.toString(), 'sealed');
      assert.deepEqual(targets, [`127.0.0.1:${tlsPort}`]);
    } finally {
      await session.close();
    }
  });

  test('a TLS peer that the certificate check refuses is a clear connect error, not a session', async () => {
    const untrusting: SocketFactory = (target, signal) =>
      whenReady(tls.connect({ host: target.host, port: target.port }), 'secureConnect', signal);
    const connect = `127.0.0.1:${tlsPort}`;
    const err = await ZkSession.connect(connect, { connectSocket: untrusting, connectTimeoutMs: 1500 }).catch((e: unknown) => e);
    assert.ok(err instanceof ZkError, String(err));
    assert.equal(err.name, 'CONNECTIONLOSS');
    assert.match(err.message, /could not connect: .*(self-signed|certificate)/i);
  });

  test('every reconnect goes through the factory', async () => {
    let opened = 0;
    const counting: SocketFactory = (target, signal) => {
      opened += 1;
      return tcpSocketFactory(target, signal);
    };
    const session = await ZkSession.connect(bed.connectString, { connectSocket: counting });
    try {
      assert.equal(opened, 1);
      await bed.kill(bed.members[0]!.id);
      await bed.restart(bed.members[0]!.id);
      await session.waitFor('connected', { timeoutMs: 30_000 });
      await session.exists('/');
      assert.ok(opened >= 2, `${opened} connections opened`);
    } finally {
      await session.close();
    }
  });
});
