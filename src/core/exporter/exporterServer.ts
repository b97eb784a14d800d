import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RATE_WINDOW_MS } from '../health/checks';
import { HealthPoller } from '../health/poller';
import type { TlsClient } from '../tls/client';
import { MetricStore } from '../metrics/store';
import { ExporterMetrics } from './exporterMetrics';

export interface ExporterOptions {
  readonly connectString: string;
  /** TLS for secure client ports and an HTTPS AdminServer. */
  readonly tls?: TlsClient;
  readonly intervalMs: number;
  /** Probe budget per member; derived from the interval when absent. */
  readonly timeoutMs?: number;
  readonly adminPorts?: readonly (number | null | undefined)[];
  /** Where to listen; port 0 picks a free one. */
  readonly host: string;
  readonly port: number;
}

/** Default `--listen`: loopback only, so nothing is exposed beyond the machine unless asked. */
export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 9141 };

/**
 * `zkops exporter`: a HealthPoller over the ensemble and an HTTP server that answers `/metrics`
 * from its last report (a scrape never reaches ZooKeeper) and `/-/healthy`. The poller reads
 * every mntr key, since the exporter serves all of them.
 */
export class MetricsExporter {
  private constructor(
    private readonly server: http.Server,
    private readonly poller: HealthPoller,
    readonly metrics: ExporterMetrics,
    /** `http://host:port` it listens on. */
    readonly url: string,
  ) {}

  static async start(options: ExporterOptions): Promise<MetricsExporter> {
    const metrics = new ExporterMetrics();
    // Only the poller's rates need the store: one raw tier over their window, no history.
    const store = new MetricStore({
      intervalMs: options.intervalMs,
      tiers: [{ bucketMs: 0, spanMs: RATE_WINDOW_MS + options.intervalMs }],
    });
    const poller = new HealthPoller({
      connectString: options.connectString,
      intervalMs: options.intervalMs,
      timeoutMs: options.timeoutMs,
      adminPorts: options.adminPorts,
      tls: options.tls,
      metricKeys: 'all',
      store,
    });
    const server = http.createServer((req, res) => void respond(metrics, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port: options.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    poller.onUpdate((report) => metrics.update(report));
    poller.start();
    return new MetricsExporter(server, poller, metrics, `http://${host}:${address.port}`);
  }

  /** Stops polling and listening; open keep-alive connections (Prometheus keeps one) are closed. */
  async close(): Promise<void> {
    this.poller.dispose();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

async function respond(metrics: ExporterMetrics, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('only GET and HEAD\n');
    return;
  }
  if (path === '/-/healthy') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('zkops exporter is healthy.\n');
    return;
  }
  if (path !== '/metrics') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: see /metrics and /-/healthy\n');
    return;
  }
  // Before the first report there is nothing true to say; 503 makes the scrape fail visibly.
  if (!metrics.ready) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }).end('no poll has finished yet\n');
    return;
  }
  try {
    const body = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.contentType });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    res
      .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      .end(`cannot render metrics: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
