import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PrometheusClient, PrometheusError } from '../../src/core/prometheus/client';

// The client against a loopback HTTP server that plays Prometheus's API (the real one is in
// test/integration/exporter-prometheus.test.ts): what it sends, and how it fails.
const TOKEN = 's3cret-token-value';

describe('PrometheusClient: bearer token, limits and errors', () => {
  let server: http.Server;
  let base: string;
  const seen: { url: string; authorization: string | undefined }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/secure/api/v1/alerts') {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('Unauthorized');
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: 'success',
            data: {
              alerts: [{ labels: { alertname: 'x' }, annotations: {}, state: 'firing', activeAt: '2026-01-01T00:00:00Z', value: '+Inf' }],
            },
          }),
        );
      }
      if (path === '/big/api/v1/alerts')
        return void res.writeHead(200).end(JSON.stringify({ status: 'success', data: { alerts: [], pad: 'x'.repeat(10_000) } }));
      if (path === '/moved/api/v1/alerts') return void res.writeHead(302, { location: 'http://127.0.0.1:1/api/v1/alerts' }).end();
      if (path === '/hang/api/v1/alerts') return; // never answers
      if (path === '/html/api/v1/alerts') return void res.writeHead(200).end('<html>proxy login</html>');
      if (path === '/api/v1/query')
        return void res
          .writeHead(200)
          .end(JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1700000000.5, 'NaN'] } }));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the token as a bearer header, and keeps it out of errors and inspection', async () => {
    const client = new PrometheusClient({ url: `${base}/secure/`, bearerToken: TOKEN });
    const [alert] = await client.alerts();
    assert.equal(alert?.value, Number.POSITIVE_INFINITY);
    assert.equal(alert.state, 'firing');
    assert.equal(seen.at(-1)?.authorization, `Bearer ${TOKEN}`);
    assert.doesNotMatch(inspect(client, { depth: 5, showHidden: true }), new RegExp(TOKEN));
    assert.doesNotMatch(JSON.stringify(client), new RegExp(TOKEN));
    const wrong = new PrometheusClient({ url: `${base}/secure`, bearerToken: 'other-token' });
    await assert.rejects(
      wrong.alerts(),
      (err: Error) =>
        err instanceof PrometheusError &&
        err.status === 401 &&
        /the stored credentials were refused/.test(err.message) &&
        !err.message.includes('other-token'),
    );
    const none = new PrometheusClient({ url: `${base}/secure` });
    await assert.rejects(none.alerts(), /Prometheus wants credentials/);
  });

  it('a scalar result is one sample without labels; NaN stays NaN', async () => {
    const [sample] = await new PrometheusClient({ url: base }).query('0/0');
    assert.deepEqual(sample?.labels, {});
    assert.equal(sample.t, 1_700_000_000_500);
    assert.ok(Number.isNaN(sample.value));
  });

  it('bounded: a reply over the cap, a server that never answers, a redirect, a non-API reply', async () => {
    await assert.rejects(new PrometheusClient({ url: `${base}/big`, maxBytes: 1000 }).alerts(), /reply over 1000 bytes/);
    await assert.rejects(new PrometheusClient({ url: `${base}/hang`, timeoutMs: 300 }).alerts(), /no answer within 300 ms/);
    const redirected = seen.length;
    await assert.rejects(new PrometheusClient({ url: `${base}/moved`, bearerToken: TOKEN }).alerts(), PrometheusError);
    assert.equal(seen.length, redirected + 1, 'the redirect is not followed');
    await assert.rejects(new PrometheusClient({ url: `${base}/html` }).alerts(), /HTTP 200: not a Prometheus API reply/);
  });

  it('refuses before asking: credentials in the URL, a non-http URL, a range of too many points', async () => {
    assert.throws(() => new PrometheusClient({ url: 'http://user:pw@127.0.0.1:9090' }), /secret storage, not in the URL/);
    assert.throws(() => new PrometheusClient({ url: 'file:///etc/passwd' }), /not an http\(s\) URL/);
    const client = new PrometheusClient({ url: base });
    const before = seen.length;
    await assert.rejects(client.queryRange('up', { startMs: 0, endMs: 30 * 86_400_000, stepSeconds: 60 }), /over 11000 points per series/);
    await assert.rejects(client.queryRange('up', { startMs: 10, endMs: 0, stepSeconds: 60 }), /start <= end/);
    assert.equal(seen.length, before);
  });
});
