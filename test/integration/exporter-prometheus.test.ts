import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import { PromAlert, PrometheusClient } from '../../src/core/prometheus/client';
import { TestAlertmanager } from '../../src/core/testbed/alertmanager';
import { TestPrometheus } from '../../src/core/testbed/prometheus';
import { Testbed } from '../../src/core/testbed/testbed';
import { parseExposition, sampleKey } from '../support/exposition';
import { RunningExporter, exporterStack } from '../support/exporter';
import { isDefined, sleep, waitFor, withTimeout } from '../support/wait';

// `zkops exporter` (the bundled CLI, as users run it) over a real 3-member ensemble, scraped by a
// real Prometheus (Debian's) every second that loads `zkops rules --prometheus` and sends to a real
// Alertmanager. The job is named "zookeeper" on purpose: the rules must not mistake the
// exporter's own `up` for a member's.
const JOB = 'zookeeper';
/** Series Prometheus makes itself for every target; the exporter does not serve them. */
const SYNTHETIC = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);

async function exporterText(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  assert.equal(res.status, 200);
  return res.text();
}

describe('zkops exporter scraped by Prometheus, its rules firing into Alertmanager', () => {
  let bed: Testbed;
  let exporter: RunningExporter;
  let alertmanager: TestAlertmanager;
  let prometheus: TestPrometheus;
  let client: PrometheusClient;

  const stack = exporterStack(JOB);
  before(() => {
    ({ bed, exporter, alertmanager, prometheus } = stack);
    client = new PrometheusClient({ url: prometheus.url });
  });

  test('what the exporter serves passes promtool check metrics; /-/healthy answers, other paths 404', async () => {
    const text = await waitFor(
      'every member up in /metrics',
      async () => {
        const t = await exporterText(exporter.url);
        return (t.match(/^zkops_member_state\{[^}]*state="up"\} 1$/gm) ?? []).length === 3 ? t : undefined;
      },
      isDefined,
      { timeoutMs: 30_000, everyMs: 250 },
    );
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    assert.equal(checked.status, 0, `${checked.stdout}${checked.stderr}`);
    for (const m of bed.members) assert.match(text, new RegExp(`^znode_count\\{member="127\\.0\\.0\\.1:${m.ports.client}"\\} \\d+$`, 'm'));
    assert.match(text, /^readlatency_count\{member="[^"]+"\} \d+$/m);
    const healthy = await fetch(`${exporter.url}/-/healthy`, { signal: AbortSignal.timeout(5000) });
    assert.equal(healthy.status, 200);
    const missing = await fetch(`${exporter.url}/nope`, { signal: AbortSignal.timeout(5000) });
    assert.equal(missing.status, 404);
  });

  test('Prometheus holds exactly the series and values the exporter served in one poll', async () => {
    // A poll is identified by zkops_last_poll_timestamp_seconds: take the exporter's text, wait
    // for Prometheus to scrape that same poll, and read every series at that scrape's timestamp.
    let attempts = 0;
    const { served, scraped } = await waitFor(
      'a scrape of the poll just read',
      async () => {
        attempts++;
        const served = parseExposition(await exporterText(exporter.url));
        const pollAt = served.get(sampleKey('zkops_last_poll_timestamp_seconds', {}));
        assert.ok(pollAt !== undefined);
        const deadline = Date.now() + 2500;
        while (Date.now() < deadline) {
          const [at] = await client.query(`timestamp(zkops_last_poll_timestamp_seconds == ${pollAt})`);
          if (at) {
            const scraped = await client.query(`{job="${JOB}"}`, at.value * 1000);
            return { served, scraped };
          }
          await sleep(200);
        }
        return undefined;
      },
      isDefined,
      { timeoutMs: 60_000, everyMs: 250 },
    );
    const fromPrometheus = new Map<string, number>();
    for (const s of scraped) {
      const { __name__: name, job, instance, ...labels } = s.labels;
      assert.equal(job, JOB);
      assert.equal(instance, new URL(exporter.url).host);
      if (!SYNTHETIC.has(name!)) fromPrometheus.set(sampleKey(name!, labels), s.value);
    }
    assert.ok(served.size > 500, `a 3-member 3.8 ensemble gives over 500 series, got ${served.size}`);
    assert.deepEqual([...fromPrometheus.keys()].sort(), [...served.keys()].sort(), `series differ (attempt ${attempts})`);
    for (const [key, value] of served) {
      const got = fromPrometheus.get(key)!;
      assert.ok(Object.is(got, value) || got === value, `${key}: served ${value}, Prometheus has ${got}`);
    }
  });

  test("every rule of zkops rules --prometheus evaluates without error on the exporter's series", async () => {
    const groups = await waitFor(
      'every rule evaluated',
      async () => {
        const g = await client.rules();
        return g.length > 0 && g.every((x) => x.rules.every((r) => r.health !== 'unknown')) ? g : undefined;
      },
      isDefined,
      { timeoutMs: 30_000, everyMs: 250 },
    );
    const rules = groups.flatMap((g) => g.rules);
    assert.ok(rules.length >= 25, `rules loaded: ${rules.length}`);
    const broken = rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`);
    assert.deepEqual(broken, []);
    // A healthy ensemble seen through the exporter: nothing about members or quorum fires.
    const alerts = await client.alerts();
    const active = alerts.map((a) => a.labels['alertname']);
    // Should one fire, say which member and what the exporter serves about the members now.
    const detail = async (): Promise<string> =>
      `${JSON.stringify(alerts.map((a) => [a.labels['alertname'], a.labels['member'], a.state, a.value]))}; ` +
      (await exporterText(exporter.url))
        .split('\n')
        .filter((l) => /^zkops_(member_state\{.*\} 1|leaders|quorum)/.test(l))
        .join(' | ');
    for (const name of ['member-down', 'member-hung', 'quorum-lost', 'quorum-at-risk', 'no-leader', 'split-brain'])
      if (active.includes(name)) assert.fail(`${name} is active on a healthy ensemble: ${await detail()}`);
  });

  test('the core client: a range query gives, at every step, the latest sample Prometheus scraped', async () => {
    const raw = await waitFor(
      '20 s of scrapes',
      async () => {
        const [series] = await client.samples('zkops_last_poll_timestamp_seconds', 60);
        return series && series.points.length >= 10 ? series : undefined;
      },
      isDefined,
      { timeoutMs: 40_000, everyMs: 250 },
    );
    assert.equal(raw.labels['job'], JOB);
    const points = raw.points;
    const startMs = points[0]!.t;
    const endMs = points.at(-1)!.t;
    const [range] = await client.queryRange('zkops_last_poll_timestamp_seconds', { startMs, endMs, stepSeconds: 0.5 });
    assert.ok(range, 'one series');
    assert.equal(range.points.length, Math.floor((endMs - startMs) / 500) + 1);
    for (const p of range.points) {
      const latest = points.filter((x) => x.t <= p.t).at(-1)!;
      assert.equal(p.value, latest.value, `at ${p.t}`);
    }
    // Each value is a poll's time, and polls happen once a second: they rise with the scrapes.
    assert.ok(points.every((x, i) => i === 0 || x.value >= points[i - 1]!.value));
  });

  test("the core client: rules with their for and labels; a bad query names Prometheus's reason", async () => {
    const rules = (await client.rules()).flatMap((g) => g.rules);
    const atRisk = rules.find((r) => r.name === 'quorum-at-risk');
    assert.equal(atRisk?.type, 'alerting');
    assert.equal(atRisk.forSeconds, 10);
    assert.equal(atRisk.labels['severity'], 'warning');
    assert.match(atRisk.query, /zkops_quorum_margin/);
    await assert.rejects(
      client.query('sum(('),
      (err: Error) => err.name === 'PrometheusError' && /bad_data: .*parse error/.test(err.message),
    );
  });

  test('a killed follower: member-down and quorum-at-risk fire in Prometheus and reach Alertmanager', async () => {
    const leader = (await bed.leaderId())!;
    const victim = bed.members.find((m) => m.id !== leader)!;
    const member = `127.0.0.1:${victim.ports.client}`;
    await bed.kill(victim.id);
    let seen: PromAlert[] = [];
    const down = await waitFor(
      'member-down firing in Prometheus',
      async () => {
        seen = await client.alerts();
        return seen.find((a) => a.labels['alertname'] === 'member-down' && a.state === 'firing');
      },
      isDefined,
      { timeoutMs: 30_000, everyMs: 250, describe: () => JSON.stringify(seen.map((a) => [a.labels['alertname'], a.state])) },
    );
    assert.equal(down.labels['member'], member);
    assert.equal(down.labels['severity'], 'critical');
    let held: { labels: Record<string, string>; status: { state: string } }[] = [];
    const received = await waitFor(
      'member-down in Alertmanager',
      async () => {
        const res = await fetch(`${alertmanager.url}/api/v2/alerts`, { signal: AbortSignal.timeout(5000) });
        held = (await res.json()) as typeof held;
        return held.find((a) => a.labels['alertname'] === 'member-down');
      },
      isDefined,
      { timeoutMs: 30_000, everyMs: 250, describe: () => JSON.stringify(held.map((a) => a.labels)) },
    );
    assert.equal(received.labels['member'], member);
    assert.equal(received.labels['job'], JOB);
    assert.equal(received.status.state, 'active');
    // Two of three serving: one more failure loses quorum (its rule waits 10 s against elections).
    await waitFor(
      'quorum-at-risk firing',
      async () => {
        seen = await client.alerts();
        return seen.find((a) => a.labels['alertname'] === 'quorum-at-risk' && a.state === 'firing');
      },
      isDefined,
      { timeoutMs: 30_000, everyMs: 250, describe: () => JSON.stringify(seen.map((a) => [a.labels['alertname'], a.state])) },
    );
  });

  test('SIGTERM stops the exporter cleanly: exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => exporter.child.once('exit', (code) => resolve(code)));
    exporter.child.kill('SIGTERM');
    const code = await withTimeout(exited, 15_000, () => `the exporter exiting; output: ${exporter.output()}`);
    assert.equal(code, 0, `exit: ${code}; output: ${exporter.output()}`);
  });
});
