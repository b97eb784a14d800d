import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import { toPrometheusRules } from '../../src/core/alerts/prometheus';

/**
 * The generated rules evaluated by `promtool test rules` (Debian's prometheus package, installed by
 * scripts/ensure-deps.sh) over hand-written series: what fires is Prometheus's own evaluation.
 */
describe('zkops rules --prometheus under promtool test rules', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-promtest-'));
    fs.writeFileSync(path.join(dir, 'rules.yml'), toPrometheusRules(BUILTIN_RULES));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Runs one promtool test: after 2 min of `series` (one sample every 15 s), `firing` alerts named
   * `alertname` are firing (counted from the ALERTS series the rule evaluation writes).
   */
  function check(alertname: string, series: Record<string, string>, firing: number): void {
    const inputs = Object.entries(series).map(
      ([s, values]) => `      - series: ${JSON.stringify(s)}\n        values: ${JSON.stringify(values)}`,
    );
    const test = [
      'rule_files: [rules.yml]',
      'evaluation_interval: 15s',
      'tests:',
      '  - interval: 15s',
      '    input_series:',
      ...inputs,
      '    promql_expr_test:',
      `      - expr: ${JSON.stringify(`count(ALERTS{alertname="${alertname}",alertstate="firing"}) or vector(0)`)}`,
      '        eval_time: 2m',
      '        exp_samples:',
      `          - labels: "{}"`,
      `            value: ${firing}`,
    ].join('\n');
    const file = path.join(dir, 'test.yml');
    fs.writeFileSync(file, `${test}\n`);
    const r = spawnSync('promtool', ['test', 'rules', file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  }

  const exporter = 'job="zookeeper",instance="127.0.0.1:9141"';

  it("no-leader stays quiet while the exporter counts a leader, even in a poll without the leader's mntr", () => {
    // leader_uptime is a leader-only mntr key: absent in any poll where the leader's mntr did not answer.
    check('no-leader', { [`zkops_leaders{${exporter}}`]: '1x20', [`zkops_members{${exporter}}`]: '3x20', [`up{${exporter}}`]: '1x20' }, 0);
  });

  it('split-brain stays quiet on one leader served both ways (the exporter count and leader_uptime)', () => {
    check(
      'split-brain',
      {
        [`zkops_leaders{${exporter}}`]: '1x20',
        [`leader_uptime{${exporter},member="127.0.0.1:2181"}`]: '100+15x20',
        [`up{${exporter}}`]: '1x20',
      },
      0,
    );
  });

  it('no-leader fires when the exporter counts none, and on a provider-only setup without leader_uptime', () => {
    check('no-leader', { [`zkops_leaders{${exporter}}`]: '0x20', [`zkops_members{${exporter}}`]: '3x20' }, 1);
    check('no-leader', { 'up{job="zookeeper",instance="127.0.0.1:7000"}': '1x20' }, 1);
    check('no-leader', { 'leader_uptime{job="zookeeper",instance="127.0.0.1:7000"}': '100+15x20' }, 0);
  });

  it('no-leader stays quiet without data: before the first scrape, or with the exporter not answering', () => {
    check('no-leader', { 'up{job="node",instance="127.0.0.1:9100"}': '1x20' }, 0);
    check('no-leader', { [`up{${exporter}}`]: '0x20' }, 0);
  });

  it('split-brain fires when the exporter counts two leaders', () => {
    check('split-brain', { [`zkops_leaders{${exporter}}`]: '2x20' }, 1);
  });
});
