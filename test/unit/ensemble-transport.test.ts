/**
 * Transport edge cases a real ZooKeeper cannot be made to produce on demand: a connection reset in
 * the middle of a reply, and a foreign (non-ZooKeeper) HTTP service on the port guessed for the
 * AdminServer. Everything a real server does is tested against the Testbed in
 * test/integration/probe.test.ts.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { after, before, test } from 'node:test';
import { askAdmin } from '../../src/core/ensemble/adminServer';
import { sendFourLetterWord } from '../../src/core/ensemble/fourLetterWord';
import { probeMember } from '../../src/core/ensemble/probe';

let resetting: net.Server;
let foreign: http.Server;
const portOf = (server: net.Server): number => (server.address() as net.AddressInfo).port;

before(async () => {
  // Like a server that dies mid-reply: it reads the word, sends part of an answer, then resets.
  resetting = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.once('data', () => {
      socket.write('Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\nRece', () => setTimeout(() => socket.resetAndDestroy(), 20));
    });
  });
  foreign = http.createServer((req, res) => {
    if (req.url === '/commands/server_stats') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Jenkins</body></html>');
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
});

after(async () => {
  await new Promise((r) => resetting.close(r));
  await new Promise((r) => foreign.close(r));
});

test('a reset after part of a reply is a reset, never a short reply', async () => {
  const reply = await sendFourLetterWord('127.0.0.1', portOf(resetting), 'srvr', { timeoutMs: 2000 });
  assert.equal(reply.ok, false);
  if (!reply.ok) {
    assert.equal(reply.kind, 'reset');
    assert.equal(reply.connected, true);
    assert.ok(reply.bytes > 0);
  }
});

test('a probe whose srvr is cut by a reset reports unknown with the reason', async () => {
  const probe = await probeMember({ host: '127.0.0.1', port: portOf(resetting) }, { timeoutMs: 1000, adminPort: null });
  assert.equal(probe.state, 'unknown');
  assert.equal(probe.errorKind, 'reset');
  assert.equal(probe.source, 'tcp');
  assert.match(probe.reason ?? '', /ECONNRESET/);
  assert.equal(probe.answered, false);
});

test('a foreign HTTP service is unparseable or an HTTP error, never a healthy AdminServer', async () => {
  const stats = await askAdmin('127.0.0.1', portOf(foreign), 'server_stats', { timeoutMs: 1000 });
  assert.equal(stats.status, 'unparseable');
  const monitor = await askAdmin('127.0.0.1', portOf(foreign), 'monitor', { timeoutMs: 1000 });
  assert.equal(monitor.status, 'failed');
  if (monitor.status === 'failed') assert.equal(monitor.failure.httpStatus, 404);
});
