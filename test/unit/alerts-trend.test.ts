import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertEngine } from '../../src/core/alerts/engine';
import { applyRules } from '../../src/core/alerts/ruleSet';
import { TrendPoint, forecastToLimit } from '../../src/core/alerts/trend';
import { MetricStore } from '../../src/core/metrics/store';
import { addressOf, memberIndex, reportAt } from '../support/alertSeries';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);

/** A deterministic pseudo-random sequence (mulberry32), so noisy series are the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` points every `stepMs` ending at `now`, valued by `f(secondsSinceStart)`. */
function series(n: number, stepMs: number, now: number, f: (s: number, i: number) => number): TrendPoint[] {
  return Array.from({ length: n }, (_, i) => ({ t: now - (n - 1 - i) * stepMs, v: f((i * stepMs) / 1000, i) }));
}

function eta(outcome: ReturnType<typeof forecastToLimit>): { likely: number; pessimistic: number } {
  assert.equal(outcome.status, 'forecast', JSON.stringify(outcome));
  if (outcome.status !== 'forecast') throw new Error('unreachable');
  return { likely: outcome.likely, pessimistic: outcome.pessimistic };
}

describe('forecasts: robust trend to a limit', () => {
  const now = T0 + 3_600_000;

  it('linear: likely and pessimistic ETA are the exact time left', () => {
    // fds grow 1 per 2 s from 50; limit 256
    const points = series(300, 1000, now, (s) => 50 + s / 2);
    const { likely, pessimistic } = eta(forecastToLimit(points, 256, now));
    const level = 50 + 299 / 2;
    const exact = (256 - level) * 2;
    assert.ok(Math.abs(likely - exact) / exact < 0.01, `likely ${likely} vs ${exact}`);
    assert.ok(Math.abs(pessimistic - exact) / exact < 0.01, `pessimistic ${pessimistic} vs ${exact}`);
  });

  it('noisy linear: likely within 15 % of the truth, pessimistic earlier than likely', () => {
    const rnd = random(7);
    const points = series(300, 1000, now, (s) => 1000 + 2 * s + (rnd() - 0.5) * 80);
    const { likely, pessimistic } = eta(forecastToLimit(points, 5000, now));
    const exact = (5000 - (1000 + 2 * 299)) / 2;
    assert.ok(Math.abs(likely - exact) / exact < 0.15, `likely ${likely} vs ${exact}`);
    assert.ok(pessimistic <= likely && pessimistic > exact * 0.5, `pessimistic ${pessimistic}, likely ${likely}`);
  });

  it('a single spike on a flat series gives no forecast, never an ETA of minutes', () => {
    const points = series(300, 1000, now, (_s, i) => (i === 290 ? 250 : 50));
    const outcome = forecastToLimit(points, 256, now);
    assert.equal(outcome.status, 'flat', JSON.stringify(outcome));
    const last = series(300, 1000, now, (_s, i) => (i === 299 ? 255 : 50));
    assert.equal(forecastToLimit(last, 256, now).status, 'flat');
  });

  it('outlier-laden slow growth: 15 % wild points do not shorten the ETA', () => {
    const rnd = random(11);
    const points = series(600, 1000, now, (s) => (rnd() < 0.15 ? 240 : 50 + s / 60));
    const { likely, pessimistic } = eta(forecastToLimit(points, 256, now));
    const exact = (256 - (50 + 599 / 60)) * 60;
    assert.ok(Math.abs(likely - exact) / exact < 0.2, `likely ${likely} vs ${exact}`);
    assert.ok(pessimistic > 3600, `pessimistic ${pessimistic} s: outliers must not make it minutes`);
  });

  it('a step that levelled off is not a trend', () => {
    const points = series(300, 1000, now, (_s, i) => (i < 150 ? 50 : 120));
    assert.equal(forecastToLimit(points, 256, now).status, 'flat');
  });

  it('restarts and gaps cut the series; too little left is no forecast', () => {
    const points = series(300, 1000, now, (s) => 50 + s / 2);
    assert.equal(forecastToLimit(points, 256, now, [now - 5000]).status, 'insufficient');
    const gapped = points.filter((p) => p.t < now - 200_000 || p.t > now - 8000);
    assert.equal(forecastToLimit(gapped, 256, now).status, 'insufficient');
    assert.equal(forecastToLimit(points.slice(-5), 256, now).status, 'insufficient');
    // a restart long ago leaves enough
    assert.equal(forecastToLimit(points, 256, now, [now - 200_000]).status, 'forecast');
  });

  it('a series already past its limit has an ETA of 0', () => {
    const { likely, pessimistic } = eta(
      forecastToLimit(
        series(100, 1000, now, (s) => 300 + s),
        256,
        now,
      ),
    );
    assert.deepEqual([likely, pessimistic], [0, 0]);
  });
});

describe('forecast rule in the engine', () => {
  it('fires when the pessimistic ETA drops under 1 h and clears with hysteresis once growth stops', () => {
    const follower = memberIndex('healthy-3', 'follower');
    const address = addressOf('healthy-3', follower);
    const rules = applyRules([]).rules.filter((r) => r.id === 'fds-forecast');
    const engine = new AlertEngine(rules);
    const store = new MetricStore({ intervalMs: 2000 });
    const seen: string[] = [];
    let fds = 50;
    let growth = 0.05; // per second: 206 left at 0.05/s = 69 min
    for (let i = 0; i < 400; i++) {
      const t = T0 + i * 2000;
      if (i === 150) growth = 0.2; // faster leak: 17 min left
      if (i === 250) growth = 0;
      fds += growth * 2;
      const metrics = { open_file_descriptor_count: fds, max_file_descriptor_count: 256, uptime: t };
      const report = reportAt('healthy-3', t, { [follower]: metrics });
      for (const m of report.health.members) if (m.snapshot.probe.monitor) store.record(m.address, t, m.snapshot.probe.monitor.metrics);
      for (const e of engine.evaluate({ at: t, report, store }).alerts) seen.push(`${e.state}@${e.member}@${i}`);
    }
    assert.equal(seen.length, 2, seen.join(' '));
    const [fire, resolve] = seen.map((s) => s.split('@'));
    assert.deepEqual([fire![0], fire![1]], ['firing', address]);
    assert.ok(Number(fire![2]) > 150 && Number(fire![2]) < 200, `fired at poll ${fire![2]}`);
    assert.deepEqual([resolve![0], resolve![1]], ['resolved', address]);
    assert.ok(Number(resolve![2]) > 250, `resolved at poll ${resolve![2]}`);
  });
});
