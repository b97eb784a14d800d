import * as fs from 'node:fs';
import * as path from 'node:path';
import { DashboardFeed } from '../../src/core/dashboard/feed';
import { buildReport } from '../../src/core/health/report';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import { assembleSeries } from '../../src/core/metrics/rangeSeries';
import { MetricStore } from '../../src/core/metrics/store';
import { HostMessage, RANGE_MS, SERIES_KEYS } from '../../src/shared/dashboardProtocol';
import { openBrowser } from '../../test/support/browser';
import { deliver, serveDashboard } from '../../test/support/dashboardPage';
import { FakeMonitor } from '../../test/support/fakeMonitor';
import { DAY_START, fillDay, recordedMetrics } from '../../test/support/metricsFill';
import { BenchFigure, BenchSuite } from '../harness';
import { LOCAL_SOURCE } from '../../src/core/dashboard/rangePlan';

/*
 * The dashboard: the first render of a full day (5 members, every charted key) in Chromium, against
 * building the same arrays on the host; then the cost of one poll's update on both sides and the
 * bytes it posts. Run from the repository root after a build (npm run bench -- dashboard).
 */

const ROUNDS = Number(process.env.ZKOPS_BENCH_DASHBOARD_ROUNDS ?? 5);
const UPDATES = 60;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join('/');

function report(): ReturnType<typeof buildReport> {
  const file = path.resolve(process.cwd(), 'test', 'fixtures', 'health', 'five-with-observer.json');
  return buildReport(JSON.parse(fs.readFileSync(file, 'utf8')) as EnsembleSnapshot);
}

async function run(): Promise<BenchFigure[]> {
  const monitor = new FakeMonitor('bench', new MetricStore({ intervalMs: 2000 }));
  fillDay(monitor.store);
  const members = monitor.store.memberNames();
  const end = DAY_START + 24 * 3_600_000;
  const request = { members, keys: SERIES_KEYS, since: end - RANGE_MS['24h'], until: end };

  // Host: the arrays of a 24 h snapshot, as the feed builds them.
  const hostMs: number[] = [];
  let series = assembleSeries([monitor.store], request);
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    series = assembleSeries([monitor.store], request);
    hostMs.push(performance.now() - started);
  }
  const points = series.members.reduce((n, m) => n + m.t.length * m.values.length, 0);
  const snapshot: HostMessage = {
    type: 'snapshot',
    clusterId: 'bench',
    clusterName: 'bench',
    range: '24h',
    live: true,
    now: end,
    series,
    source: LOCAL_SOURCE,
    summary: null,
    events: [],
    alerts: null,
  };

  // Webview: a fresh page per round, the snapshot delivered as VS Code does, measured by the page.
  const page = await serveDashboard(path.resolve(process.cwd(), 'dist'));
  const browser = await openBrowser();
  const firstMs: number[] = [];
  const appendMs: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      await browser.page.goto(page.url);
      await browser.page.waitForFunction(() => (globalThis as unknown as { __posted: unknown[] }).__posted.length > 0);
      firstMs.push(await deliver(browser.page, snapshot));
    }
    // Per poll: one new sample of every member, through the real feed (5 min range, live).
    const posted: HostMessage[] = [];
    let now = end;
    const feed = new DashboardFeed(monitor, { clusterName: 'bench', post: (m) => posted.push(m), now: () => now, throttleMs: 1e9 });
    feed.handle({ type: 'ready' });
    await deliver(browser.page, posted[0]!);
    const leader = recordedMetrics('leader');
    const follower = recordedMetrics('follower');
    const summaryReport = report();
    const hostUpdateMs: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      now += 2000;
      const values: Record<string, Record<string, number>> = {};
      members.forEach((m, k) => (values[m] = { ...(k === 0 ? leader : follower), packets_sent: 1e6 + i * 50 }));
      monitor.record(now, values);
      monitor.publish(summaryReport);
      const started = performance.now();
      feed.flush();
      hostUpdateMs.push(performance.now() - started);
      const message = posted.at(-1)!;
      bytes.push(JSON.stringify(message).length);
      appendMs.push(await deliver(browser.page, message));
    }
    feed.dispose();
    const first = median(firstMs);
    const host = median(hostMs);
    const perPollWebview = median(appendMs);
    const perPollHost = median(hostUpdateMs);
    return [
      {
        name: `first render, 24 h x ${members.length} members x ${SERIES_KEYS.length} series: webview vs building the arrays on the host`,
        ratio: first / host,
        goal: 'webview <= 300 ms',
        detail:
          `webview ${first.toFixed(0)} ms median (${list(firstMs)}; ${ROUNDS} fresh pages, Chromium performance ` +
          `measure), host ${host.toFixed(1)} ms (${list(hostMs)}); ${points} values, snapshot ` +
          `${(JSON.stringify(snapshot).length / 1024).toFixed(0)} KB`,
      },
      {
        name: 'per-poll update: webview vs host (ms per update, 5 members, 5 min range)',
        ratio: perPollWebview / perPollHost,
        detail:
          `webview ${perPollWebview.toFixed(1)} ms median (p90 ` +
          `${[...appendMs].sort((a, b) => a - b)[Math.floor(UPDATES * 0.9)]!.toFixed(1)}), host ` +
          `${perPollHost.toFixed(2)} ms median over ${UPDATES} updates; ${median(bytes)} bytes posted per update (one ` +
          `sample of every member and key, the summary)`,
      },
    ];
  } finally {
    await browser.close();
    await page.close();
  }
}

export const dashboard: BenchSuite = { name: 'dashboard', run };
