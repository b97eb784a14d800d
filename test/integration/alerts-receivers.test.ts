import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AlertReceivers } from '../../src/core/alerts/receivers/receivers';
import { HealthPoller } from '../../src/core/health/poller';
import { TestAlertmanager } from '../../src/core/testbed/alertmanager';
import { Testbed } from '../../src/core/testbed/testbed';
import { AlertWatch } from '../support/alertWatch';
import { waitForReport } from '../support/healthWait';

// A follower killed and restarted: its member-down alert and the resolution reach a webhook (a
// local HTTP server) and a real Alertmanager (Debian's, on loopback), which notifies the same
// server in turn, so what Alertmanager made of our alerts is checked too.
const INTERVAL_MS = 1000;

interface Received {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

describe('alert receivers: webhook and Alertmanager get the firing and the resolution', () => {
  let bed: Testbed;
  let poller: HealthPoller;
  let watch: AlertWatch;
  let server: http.Server;
  let alertmanager: TestAlertmanager;
  let receivers: AlertReceivers;
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const log: string[] = [];

  const waitFor = (what: string, ok: (r: Received) => boolean, timeoutMs: number): Promise<Received> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = received.find(ok);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(`${what}: not received in ${timeoutMs} ms; got ${received.map((r) => r.path).join(', ')}; log: ${log.join(' | ')}`),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        res.writeHead(200).end();
        for (const w of waiters) w();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    alertmanager = await TestAlertmanager.start({ webhookUrl: `${base}/from-alertmanager` });
    bed = await Testbed.start({ size: 3 });
    poller = new HealthPoller({ connectString: bed.connectString, intervalMs: INTERVAL_MS });
    watch = new AlertWatch(poller);
    receivers = new AlertReceivers({
      cluster: 'testbed',
      receivers: [
        { kind: 'webhook', url: `${base}/hook` },
        { kind: 'alertmanager', url: alertmanager.url },
      ],
      log: (l) => log.push(l),
      baseDelayMs: 200,
    });
    watch.listeners.add((e) => receivers.handle(e.alerts));
    poller.start();
    await waitForReport(poller, 'all members up', (r) => r.health.quorum && r.health.members.every((m) => m.condition === 'up'), 60_000);
  });

  after(async () => {
    receivers?.dispose();
    watch?.dispose();
    poller?.dispose();
    await bed?.close();
    alertmanager?.stop();
    server?.close();
  });

  test('kill a follower, then restart it', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    const member = `127.0.0.1:${victim.ports.client}`;
    await bed.kill(victim.id);
    try {
      const hook = await waitFor(
        'webhook firing',
        (r) =>
          r.path === '/hook' &&
          (r.body['alert'] as Record<string, unknown>)['state'] === 'firing' &&
          (r.body['alert'] as Record<string, unknown>)['rule'] === 'member-down',
        15_000,
      );
      assert.equal((hook.body['alert'] as Record<string, unknown>)['member'], member);
      assert.equal(hook.body['text'], `[FIRING] critical testbed: Member down (${member})`);
      const am = await waitFor(
        'Alertmanager notification (firing)',
        (r) => r.path === '/from-alertmanager' && r.body['status'] === 'firing' && JSON.stringify(r.body).includes('member-down'),
        30_000,
      );
      const alert = (am.body['alerts'] as { labels: Record<string, string> }[]).find((a) => a.labels['alertname'] === 'member-down')!;
      assert.deepEqual(alert.labels, { alertname: 'member-down', cluster: 'testbed', member, severity: 'critical' });
    } finally {
      bed.startMember(victim.id);
    }
    const resolved = await waitFor(
      'webhook resolved',
      (r) =>
        r.path === '/hook' &&
        (r.body['alert'] as Record<string, unknown>)['state'] === 'resolved' &&
        (r.body['alert'] as Record<string, unknown>)['rule'] === 'member-down',
      60_000,
    );
    assert.equal((resolved.body['alert'] as Record<string, unknown>)['member'], member);
    const amResolved = await waitFor(
      'Alertmanager notification (resolved)',
      (r) =>
        r.path === '/from-alertmanager' &&
        (r.body['alerts'] as { status: string; labels: Record<string, string> }[]).some(
          (a) => a.labels['alertname'] === 'member-down' && a.status === 'resolved',
        ),
      30_000,
    );
    assert.ok(amResolved);
  });
});
