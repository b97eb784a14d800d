import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { HealthPoller } from '../../src/core/health/poller';
import type { HealthReport } from '../../src/core/health/report';
import { HealthService, ServiceCluster } from '../../src/core/health/service';
import { MetricStore } from '../../src/core/metrics/store';
import { freePorts } from '../../src/core/testbed/ports';
import { Testbed } from '../../src/core/testbed/testbed';
import { fillDay, heapBytes } from '../../test/support/metricsFill';
import { sleep } from '../../test/support/wait';
import { BenchFigure, BenchSuite } from '../harness';

/** Trials per fault and interval; override with ZKOPS_BENCH_HEALTH_TRIALS. */
const TRIALS = Number(process.env.ZKOPS_BENCH_HEALTH_TRIALS ?? 5);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join('/');

/** Milliseconds until `poller` reports something satisfying `ok`; throws after `timeoutMs`. */
function until(poller: HealthPoller, ok: (r: HealthReport) => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not seen within ${timeoutMs} ms (last: ${poller.report?.summary})`));
    }, timeoutMs);
    const off = poller.onUpdate((r) => {
      if (!ok(r)) return;
      clearTimeout(timer);
      off();
      resolve(performance.now() - started);
    });
  });
}

const conditionOf = (r: HealthReport, port: number): string | undefined =>
  r.health.members.find((m) => m.address.endsWith(`:${port}`))?.condition;

/**
 * Time from a fault to the changed health state, per interval: kill -9 of a follower (refused at
 * once) and SIGSTOP of a follower (accepts, never answers: costs the probe timeout). Faults start
 * at a random point of the interval, as in life.
 */
async function detection(bed: Testbed, intervalMs: number): Promise<BenchFigure[]> {
  const poller = new HealthPoller({ connectString: bed.connectString, intervalMs });
  poller.start();
  const kills: number[] = [];
  const hangs: number[] = [];
  try {
    await until(poller, (r) => r.status !== 'fail' && r.health.members.every((m) => m.condition === 'up'), 30_000);
    for (let i = 0; i < TRIALS; i++) {
      const leader = (await bed.leaderId())!;
      const victim = bed.members.find((m) => m.id !== leader)!;
      await sleep(Math.random() * intervalMs);
      const down = until(poller, (r) => conditionOf(r, victim.ports.client) === 'down', 10 * intervalMs);
      await bed.kill(victim.id);
      kills.push(await down);
      bed.startMember(victim.id);
      await until(poller, (r) => r.health.members.every((m) => m.condition === 'up'), 30_000);

      await sleep(Math.random() * intervalMs);
      const hung = until(poller, (r) => conditionOf(r, victim.ports.client) === 'hung', 10 * intervalMs);
      bed.pause(victim.id);
      hangs.push(await hung);
      bed.resume(victim.id);
      await until(poller, (r) => r.health.members.every((m) => m.condition === 'up'), 30_000);
    }
  } finally {
    poller.dispose();
  }
  const hungGoal = intervalMs === 1000 ? 2000 : 1.5 * intervalMs;
  return [
    {
      name: `kill -9 to "down", interval ${intervalMs} ms (x interval)`,
      ratio: median(kills) / intervalMs,
      goal: '<= 1.5',
      detail: `median ${median(kills).toFixed(0)} ms, max ${Math.max(...kills).toFixed(0)} ms over ${TRIALS} trials (${list(kills)} ms); probe timeout ${poller.timeoutMs} ms`,
    },
    {
      name: `SIGSTOP to "hung", interval ${intervalMs} ms (x ${hungGoal} ms)`,
      ratio: median(hangs) / hungGoal,
      goal: '<= 1',
      detail: `median ${median(hangs).toFixed(0)} ms, max ${Math.max(...hangs).toFixed(0)} ms over ${TRIALS} trials (${list(hangs)} ms); probe timeout ${poller.timeoutMs} ms`,
    },
  ];
}

/** CPU of this process per poll cycle for 5 members (4 voters + an observer), steady state. */
async function cpuPerCycle(): Promise<BenchFigure> {
  const bed = await Testbed.start({ size: 5, observers: 1 });
  const intervalMs = 500;
  const poller = new HealthPoller({ connectString: bed.connectString, intervalMs });
  try {
    poller.start();
    await until(poller, (r) => r.health.members.length === 5, 30_000);
    await sleep(3000);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const durationMs = 15_000;
    await sleep(durationMs);
    const used = process.cpuUsage(cpu);
    const elapsed = performance.now() - started;
    const cycles = elapsed / intervalMs;
    const perCycle = (used.user + used.system) / 1000 / cycles;
    return {
      name: 'CPU per poll cycle, 5 members (x the 2 s default interval)',
      ratio: perCycle / 2000,
      goal: '<= 0.01 (1 % of a core)',
      detail:
        `${perCycle.toFixed(2)} ms CPU per cycle (user+system of this process over ${(elapsed / 1000).toFixed(1)} s ` +
        `at ${intervalMs} ms, ${cycles.toFixed(0)} cycles: srvr+mntr of 5 members, ~2.5k mntr keys parsed and stored, ` +
        `checks run)`,
    };
  } finally {
    poller.dispose();
    await bed.close();
  }
}

/** CPU share of one core of this process over `durationMs` (after a warm-up), while pollers run. */
async function cpuShare(durationMs: number): Promise<{ share: number; cpuMs: number; elapsedMs: number }> {
  await sleep(6000);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(durationMs);
  const used = process.cpuUsage(cpu);
  const elapsedMs = performance.now() - started;
  const cpuMs = (used.user + used.system) / 1000;
  return { share: cpuMs / elapsedMs, cpuMs, elapsedMs };
}

/**
 * A child process answering four-letter words on `ports` with the replies recorded from a real
 * 3.8.0 ensemble (member 0 the leader, the others followers), so the host's share of polling can
 * be measured on a machine too busy to hold 15 JVMs steady. Its CPU is not this process's.
 */
async function replayServers(ports: readonly number[]): Promise<{ close: () => void }> {
  const dir = path.resolve(__dirname, '..', 'test', 'fixtures', '4lw', '3.8.0');
  const script = `
    const net = require('net'); const fs = require('fs'); const path = require('path');
    const dir = ${JSON.stringify(dir)}; const ports = ${JSON.stringify(ports)};
    const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
    function load(role) { const out = {}; for (const w of ['srvr', 'mntr', 'conf']) { try { out[w] = read(role + '.' + w + '.txt'); } catch { out[w] = ''; } } return out; }
    const roles = [load('leader'), load('follower')];
    let open = 0;
    for (const [i, port] of ports.entries()) {
      const r = roles[i === 0 ? 0 : 1];
      net.createServer((s) => { s.once('data', (d) => { s.end(r[d.toString('latin1', 0, 4)] || ''); }); s.on('error', () => {}); })
        .listen(port, '127.0.0.1', () => { if (++open === ports.length) process.send('ready'); });
    }`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`replay servers exited ${code}`)));
  });
  return { close: () => child.kill('SIGKILL') };
}

/**
 * Host CPU of background monitoring: a HealthService polling 3 clusters of 5 members at the 2 s
 * default, once parsing and storing only the polled keys (what ships) and once every mntr key
 * (what the poller did before), alternating rounds. The members are replay servers (recorded
 * srvr/mntr/conf of 3.8.0), so only the host's work is measured: connecting, asking, parsing,
 * storing, building the report and its checks, extracting events.
 */
async function backgroundCpu(): Promise<BenchFigure[]> {
  const ports = await freePorts(15);
  const servers = await replayServers(ports);
  const clusters: ServiceCluster[] = [0, 1, 2].map((c) => ({
    id: `c${c}`,
    connectString: ports
      .slice(c * 5, c * 5 + 5)
      .map((p) => `127.0.0.1:${p}`)
      .join(','),
    adminPorts: [null, null, null, null, null],
    monitor: true,
  }));
  const settings = { intervalMs: 2000, unfocusedIntervalMs: 10_000, maxMonitored: 3 };
  const polled: number[] = [];
  const all: number[] = [];
  const ROUNDS = Number(process.env.ZKOPS_BENCH_HEALTH_CPU_ROUNDS ?? 3);
  let reports = 0;
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const mode of ['polled', 'all'] as const) {
        const service = new HealthService({
          createPoller: (o) =>
            new HealthPoller({ ...o, readDynamicConfig: false, ...(mode === 'all' ? { metricKeys: 'all' as const } : {}) }),
        });
        service.update(clusters, 'c0', settings);
        const offs = service.all().map((m) => m.onReport(() => reports++));
        try {
          const { share } = await cpuShare(20_000);
          (mode === 'polled' ? polled : all).push(share);
        } finally {
          offs.forEach((off) => off());
          service.dispose();
        }
      }
    }
  } finally {
    servers.close();
  }
  const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
  return [
    {
      name: 'Host CPU, 3 clusters x 5 members at 2 s, polled keys only (x 2 % of one core)',
      ratio: median(polled) / 0.02,
      goal: '<= 1',
      detail:
        `median ${pct(median(polled))} of one core (${polled.map(pct).join(', ')}); every mntr key parsed and stored ` +
        `instead: median ${pct(median(all))} (${all.map(pct).join(', ')}), ` +
        `${(median(all) / median(polled)).toFixed(2)}x; ${ROUNDS} alternating rounds of 20 s after 6 s warm-up, ` +
        `${reports} reports`,
    },
  ];
}

/** Memory of 24 h of history at the default interval for 5 members, measured on the heap. */
function dayOfHistory(): BenchFigure {
  const before = heapBytes();
  const store = new MetricStore();
  const started = performance.now();
  const samples = fillDay(store);
  const fillMs = performance.now() - started;
  const measured = heapBytes() - before;
  return {
    name: '24 h of history, 5 members at 2 s (x 20 MB)',
    ratio: measured / 20_000_000,
    goal: '<= 1',
    detail:
      `measured ${(measured / 1e6).toFixed(2)} MB on the heap, accounted ${(store.memoryBytes() / 1e6).toFixed(2)} ` +
      `MB; ${samples} samples per member, ${store.keys('leader').length + 4 * store.keys('f1').length} series; ` +
      `filled in ${(fillMs / 1000).toFixed(1)} s (${((fillMs * 1000) / (samples * 5)).toFixed(1)} µs per member sample)`,
  };
}

/** Health: how fast faults show, what a poll cycle costs, what a day of metrics weighs. */
export const health: BenchSuite = {
  name: 'health',
  async run(): Promise<BenchFigure[]> {
    if (process.env.ZKOPS_BENCH_HEALTH_ONLY === 'cpu') return backgroundCpu();
    // Memory first, on a quiet heap: nothing of the testbeds' sockets and buffers in it yet.
    const figures: BenchFigure[] = [dayOfHistory()];
    const bed = await Testbed.start({ size: 3 });
    try {
      figures.push(...(await detection(bed, 2000)));
      figures.push(...(await detection(bed, 1000)));
    } finally {
      await bed.close();
    }
    figures.push(await cpuPerCycle());
    figures.push(...(await backgroundCpu()));
    return figures;
  },
};
