import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DeliveryQueue } from '../../src/core/alerts/receivers/deliveryQueue';
import { alertmanagerAlert, renderTemplate } from '../../src/core/alerts/receivers/payloads';
import { AlertReceivers } from '../../src/core/alerts/receivers/receivers';
import { AlertEvent } from '../../src/core/alerts/types';

const AT = Date.UTC(2026, 11, 2, 12, 0, 0);

function event(state: AlertEvent['state'], at = AT): AlertEvent {
  return {
    type: 'alert',
    state,
    rule: 'member-down',
    title: 'Member down',
    severity: 'critical',
    member: '127.0.0.1:2181',
    value: 1,
    at,
    summary: 'Member down (127.0.0.1:2181)',
    runbook: 'member-down',
    action: 'Start it again.',
  };
}

describe('alert receivers', () => {
  let server: http.Server;
  let url: string;
  const received: { path: string; body: unknown }[] = [];
  /** Requests to fail before answering 200. */
  let failures = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failures > 0) {
          failures--;
          res.writeHead(503).end();
          return;
        }
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('webhook: JSON with Slack/Teams text and the alert; failures retried with backoff and logged without the URL path', async () => {
    received.length = 0;
    failures = 2;
    const log: string[] = [];
    const receivers = new AlertReceivers({
      cluster: 'prod',
      receivers: [{ kind: 'webhook', url: `${url}/hook/SECRET-TOKEN` }],
      log: (l) => log.push(l),
      baseDelayMs: 10,
    });
    receivers.handle([event('pending'), event('firing')]);
    await receivers.idle();
    receivers.dispose();
    assert.equal(received.length, 1, 'pending is not sent; firing is, once, after two failures');
    const body = received[0]!.body as { text: string; cluster: string; alert: Record<string, unknown> };
    assert.equal(received[0]!.path, '/hook/SECRET-TOKEN');
    assert.equal(body.text, '[FIRING] critical prod: Member down (127.0.0.1:2181)');
    assert.deepEqual(
      [body.cluster, body.alert['rule'], body.alert['state'], body.alert['member']],
      ['prod', 'member-down', 'firing', '127.0.0.1:2181'],
    );
    assert.equal(log.length, 2);
    assert.match(log[0]!, /^webhook 127\.0\.0\.1:\d+: delivery failed \(attempt 1 of 6\): HTTP 503/);
    assert.ok(log.every((l) => !l.includes('SECRET')));
  });

  it('alertmanager: POST /api/v2/alerts with alertname, cluster, member, severity; endsAt on resolve; firing re-sent', async () => {
    received.length = 0;
    const receivers = new AlertReceivers({
      cluster: 'prod',
      receivers: [{ kind: 'alertmanager', url: `${url}/` }],
      log: () => undefined,
      resendMs: 1000,
    });
    receivers.handle([event('firing')]);
    receivers.tick(AT + 500);
    receivers.tick(AT + 1000);
    receivers.handle([event('resolved', AT + 5000)]);
    await receivers.idle();
    receivers.dispose();
    assert.deepEqual(
      received.map((r) => r.path),
      ['/api/v2/alerts', '/api/v2/alerts', '/api/v2/alerts'],
    );
    const [first, again, resolved] = received.map((r) => (r.body as Record<string, unknown>[])[0]!);
    assert.deepEqual(first!['labels'], { alertname: 'member-down', cluster: 'prod', member: '127.0.0.1:2181', severity: 'critical' });
    assert.equal(first!['startsAt'], new Date(AT).toISOString());
    assert.equal(first!['endsAt'], undefined);
    assert.deepEqual(again, first);
    assert.equal(resolved!['startsAt'], new Date(AT).toISOString());
    assert.equal(resolved!['endsAt'], new Date(AT + 5000).toISOString());
  });

  it('the queue is bounded and enqueue never waits; dispose stops a stuck delivery', async () => {
    const log: string[] = [];
    let calls = 0;
    const queue = new DeliveryQueue({
      name: 'test',
      maxQueue: 3,
      send: (_body, signal) => {
        calls++;
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
      log: (l) => log.push(l),
    });
    // enqueue never waits for the stuck send: all ten return at once, the overflow is dropped and logged.
    for (let i = 0; i < 10; i++) assert.equal(queue.enqueue(`{"n":${i}}`), undefined);
    assert.equal(queue.pending, 3);
    assert.equal(log.filter((l) => l.includes('queue full')).length, 7);
    queue.dispose();
    await queue.idle();
    assert.equal(calls, 1);
    assert.equal(queue.pending, 0);
  });

  it('templates fill known fields and keep unknown placeholders as written', () => {
    assert.equal(
      renderTemplate('{{rule}} on {{ member }} in {{cluster}} {{nope}}', event('firing'), 'c1'),
      'member-down on 127.0.0.1:2181 in c1 {{nope}}',
    );
    assert.equal(alertmanagerAlert({ ...event('firing'), member: null }, 'c', AT).labels['member'], 'ensemble');
  });
});
