import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import { AlertEngine, FORECAST_EVERY_MS } from '../../src/core/alerts/engine';
import { TrendPoint, forecastToLimit } from '../../src/core/alerts/trend';
import { buildReport, HealthReport } from '../../src/core/health/report';
import { EnsembleSnapshot } from '../../src/core/health/types';
import { MetricStore } from '../../src/core/metrics/store';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { patchMetrics } from '../../test/support/healthFixtures';
import { BenchFigure, BenchSuite } from '../harness';

const INTERVAL_MS = 2000;
const DAY_MS = 24 * 3600_000;
const POLLS = Number(process.env.ZKOPS_BENCH_ALERTS_POLLS ?? 300);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A recorded snapshot; beside this file under tsx, from the repository root when bundled. */
function loadSnapshot(name: string): EnsembleSnapshot {
  const dirs = [
    path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'health'),
    path.resolve(process.cwd(), 'test', 'fixtures', 'health'),
  ];
  const dir = dirs.find((d) => fs.existsSync(path.join(d, `${name}.json`)))!;
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as EnsembleSnapshot;
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The keys that move: counters, and slowly leaking fds, data and znodes. */
function moving(t: number, i: number): Record<string, number> {
  return {
    uptime: t,
    sum_readlatency: i * 20,
    cnt_readlatency: i * 10,
    sum_updatelatency: i * 5,
    cnt_updatelatency: i,
    sum_fsynctime: i * 3,
    open_file_descriptor_count: 50 + i / 4000,
    max_file_descriptor_count: 65536,
    approximate_data_size: 1e6 + i * 10,
    znode_count: 1000 + i / 100,
  };
}

/** The recorded 5-member snapshot at time `t`, with moving counters and slowly leaking fds. */
function snapshotAt(base: EnsembleSnapshot, t: number, i: number): EnsembleSnapshot {
  return {
    ...base,
    takenAt: new Date(t).toISOString(),
    members: base.members.map((m) => (m.probe.monitor ? patchMetrics({ ...m, probedAt: t }, moving(t, i)) : { ...m, probedAt: t })),
  };
}

/** Evaluation cost per poll of every built-in rule and forecast, 5 members, a store holding 24 h. */
async function evaluationCost(): Promise<BenchFigure> {
  const base = loadSnapshot('five-with-observer');
  const store = new MetricStore({ intervalMs: INTERVAL_MS });
  const engine = new AlertEngine(BUILTIN_RULES);
  const samples = DAY_MS / INTERVAL_MS;
  const start = Date.UTC(2026, 11, 1);
  let report: HealthReport | undefined;
  // The first 23 h go straight into the store (one mutable frame per member, as fillDay does);
  // the engine sees the last hour as it happened (windows, baselines).
  const frames = base.members.map((m) => (m.probe.monitor ? { ...m.probe.monitor.metrics } : null));
  const engineFrom = samples - 1800 - POLLS;
  for (let i = 0; i < samples; i++) {
    const t = start + i * INTERVAL_MS;
    if (i < engineFrom) {
      base.members.forEach((m, k) => {
        const frame = frames[k];
        if (!frame) return;
        Object.assign(frame, moving(t, i));
        store.record(m.target.address, t, frame);
      });
      continue;
    }
    const snap = snapshotAt(base, t, i);
    for (const m of snap.members) if (m.probe.monitor) store.record(m.target.address, t, m.probe.monitor.metrics);
    report = buildReport(snap);
    if (i < samples - POLLS) engine.evaluate({ at: t, report, store });
  }
  const evalMs: number[] = [];
  const modelMs: number[] = [];
  let forecasts = 0;
  for (let p = 0; p < POLLS; p++) {
    const t = start + (samples + p) * INTERVAL_MS;
    const snap = snapshotAt(base, t, samples + p);
    for (const m of snap.members) if (m.probe.monitor) store.record(m.target.address, t, m.probe.monitor.metrics);
    const a = performance.now();
    report = buildReport(snap);
    const b = performance.now();
    const result = engine.evaluate({ at: t, report, store });
    const c = performance.now();
    modelMs.push(b - a);
    evalMs.push(c - b);
    forecasts = result.forecasts.length;
  }
  const e = median(evalMs);
  const m = median(modelMs);
  return {
    name: 'alerts: evaluation per poll (all built-in rules + forecasts, 5 members, 24 h store) vs the health model of the same poll',
    ratio: e / m,
    detail:
      `evaluation median ${e.toFixed(3)} ms, mean ${(evalMs.reduce((x, y) => x + y, 0) / POLLS).toFixed(3)} ms, p90 ` +
      `${[...evalMs].sort((x, y) => x - y)[Math.floor(POLLS * 0.9)]!.toFixed(3)} ms over ${POLLS} polls ` +
      `(${BUILTIN_RULES.length} rules; forecasts recomputed every ${FORECAST_EVERY_MS / 1000} s, ${forecasts} in ` +
      `the last poll); health model (buildReport) median ${m.toFixed(3)} ms`,
    goal: 'evaluation <= 2 ms per poll',
  };
}

/** Ordinary least squares ETA (what Prometheus's predict_linear does), the baseline for accuracy. */
function olsEta(points: readonly TrendPoint[], limit: number, now: number): number {
  const n = points.length;
  const xs = points.map((p) => (p.t - now) / 1000);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = points.reduce((a, p) => a + p.v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (points[i]!.v - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  const level = my - slope * mx;
  return slope > 0 ? (limit - level) / slope : Number.POSITIVE_INFINITY;
}

interface Accuracy {
  readonly ours: number;
  readonly ols: number;
  readonly pessimisticEarly: boolean;
}

/** ETA error ratio |predicted − true| / true of both methods on one series. */
function accuracy(points: readonly TrendPoint[], limit: number, now: number, trueEta: number): Accuracy {
  const outcome = forecastToLimit(points, limit, now);
  const ours = outcome.status === 'forecast' ? Math.abs(outcome.likely - trueEta) / trueEta : Number.POSITIVE_INFINITY;
  const ols = Math.abs(olsEta(points, limit, now) - trueEta) / trueEta;
  return { ours, ols, pessimisticEarly: outcome.status === 'forecast' && outcome.pessimistic <= outcome.likely };
}

/**
 * The fd leak as the integration test runs it (a member under ulimit -n 256, 1.5 sessions/s, the
 * poller's own probe connections as ±2 noise), sampled a minute in; and a day of data growth
 * (approximate_data_size +15 MB/h towards 1 GB, daily swing, 3 % wild outliers) at the store's
 * 1-minute resolution. Error ratios of the likely ETA; least squares on the same points as baseline.
 */
function forecastAccuracy(): BenchFigure[] {
  const rnd = random(42);
  const start = Date.UTC(2026, 11, 1);
  const fd: TrendPoint[] = [];
  for (let s = 0; s <= 60; s++) fd.push({ t: start + s * 1000, v: 47 + 1.5 * s + Math.round((rnd() - 0.5) * 4) });
  const fdNow = start + 60_000;
  const fdTrue = (256 - (47 + 1.5 * 60)) / 1.5;
  const fdAcc = accuracy(fd, 256, fdNow, fdTrue);

  const growth: TrendPoint[] = [];
  const perMinute = 15e6 / 60;
  for (let m = 0; m <= 24 * 60; m++) {
    const swing = 20e6 * Math.sin((2 * Math.PI * m) / (24 * 60));
    const outlier = rnd() < 0.03 ? 300e6 * rnd() : 0;
    growth.push({ t: start + m * 60_000, v: 200e6 + perMinute * m + swing * 0.1 + (rnd() - 0.5) * 4e6 + outlier });
  }
  const gNow = start + 24 * 3600_000;
  const gTrue = ((1024 ** 3 - (200e6 + perMinute * 24 * 60)) / perMinute) * 60;
  const gAcc = accuracy(growth.slice(-6 * 60), 1024 ** 3, gNow, gTrue);
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  return [
    {
      name: 'alerts: forecast ETA error, fd leak (synthetic copy of the integration test) — Theil–Sen vs least squares',
      ratio: fdAcc.ours / Math.max(fdAcc.ols, 1e-9),
      detail: `likely-ETA error ${pct(fdAcc.ours)} (true ETA ${fdTrue.toFixed(0)} s); least squares ${pct(fdAcc.ols)}; pessimistic earlier than likely: ${fdAcc.pessimisticEarly}`,
      goal: 'error <= 20 %',
    },
    {
      name: 'alerts: forecast ETA error, data growth with 3 % outliers (6 h window) — Theil–Sen vs least squares',
      ratio: gAcc.ours / Math.max(gAcc.ols, 1e-9),
      detail:
        `likely-ETA error ${pct(gAcc.ours)} (true ETA ${(gTrue / 3600).toFixed(1)} h); least squares ${pct(gAcc.ols)};` +
        ` pessimistic earlier than likely: ${gAcc.pessimisticEarly}`,
      goal: 'error <= 20 %, below least squares',
    },
  ];
}

export const alerts: BenchSuite = {
  name: 'alerts',
  async run() {
    return [await evaluationCost(), ...forecastAccuracy()];
  },
};
