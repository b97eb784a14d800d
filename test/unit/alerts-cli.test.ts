import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('zkops rules and monitor: arguments and rules files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-rules-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rules --prometheus is a rules file promtool accepts, with overrides applied', async () => {
    const rulesFile = path.join(dir, 'rules.json');
    fs.writeFileSync(
      rulesFile,
      JSON.stringify([
        { id: 'latency-high', threshold: 250 },
        { id: 'even-voters', enabled: false },
      ]),
    );
    const r = await run('rules', '--prometheus', '--rules', rulesFile);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /alert: "latency-high"\n\s+expr: ".*readlatency_sum.* > 250"/);
    assert.doesNotMatch(r.out, /alert: "even-voters"/);
    const file = path.join(dir, 'zk.rules.yml');
    fs.writeFileSync(file, r.out);
    // Debian's prometheus package (scripts/ensure-deps.sh installs it) provides promtool.
    const checked = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    assert.match(checked, /SUCCESS: \d+ rules found/);
  });

  it('rules lists every rule with its condition and source', async () => {
    const r = await run('rules');
    assert.equal(r.code, 0);
    assert.match(r.out, /^member-down {2}\[critical, threshold, member\] {2}member_down > 0\n/m);
    assert.match(
      r.out,
      /fds-high .*open_file_descriptor_count \/ max_file_descriptor_count > 0\.85 for 5 min, clears at 0\.8\n.*\n\s+source: Zabbix/,
    );
  });

  it('a bad rules file is exit 3 with every problem named', async () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { id: 'latency-high', threshold: -Infinity },
        { id: 'fds-high', severity: 'loud' },
      ]),
    );
    for (const argv of [
      ['rules', '--rules', file],
      ['monitor', '127.0.0.1:1', '--rules', file],
    ]) {
      const r = await run(...argv);
      assert.equal(r.code, 3);
      assert.match(r.err, /rule "latency-high": field "threshold": must be a finite number/);
      assert.match(r.err, /rule "fds-high": field "severity": must be one of/);
    }
    const missing = await run('monitor', '127.0.0.1:1', '--rules', path.join(dir, 'nope.json'));
    assert.equal(missing.code, 3);
    assert.match(missing.err, /cannot read rules file/);
  });

  it('monitor: bad arguments are exit 3', async () => {
    for (const argv of [
      ['monitor'],
      ['monitor', '127.0.0.1:1', '--interval', '0.1'],
      ['monitor', '127.0.0.1:1', '--for', 'soon'],
      ['monitor', 'a:b:c'],
    ]) {
      const r = await run(...argv);
      assert.equal(r.code, 3, argv.join(' '));
      assert.match(r.err, /^zkops monitor: /);
    }
  });

  it('monitor: a member that is down fires member-down and exits 2, JSON lines with exactly the contract fields', async () => {
    // nothing listens on these loopback ports: refused at once, so both members are down (5 s leaves
    // room for the first report on a loaded machine; the run ends at --for either way)
    const r = await run('monitor', '127.0.0.1:1,127.0.0.1:2', '--interval', '0.5', '--for', '5', '--json');
    assert.equal(r.code, 2, r.err);
    const lines = r.out
      .split('\n')
      .filter((l) => l)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const down = lines.filter((l) => l['rule'] === 'member-down');
    assert.deepEqual(down.map((l) => l['member']).sort(), ['127.0.0.1:1', '127.0.0.1:2']);
    for (const line of lines) {
      assert.deepEqual(Object.keys(line), ['type', 'state', 'rule', 'severity', 'member', 'value', 'at', 'summary']);
      assert.equal(line['type'], 'alert');
      assert.ok(['pending', 'firing', 'resolved'].includes(line['state'] as string));
      assert.equal(new Date(line['at'] as string).toISOString(), line['at']);
    }
    assert.deepEqual(
      lines.filter((l) => l['rule'] === 'quorum-lost').map((l) => [l['state'], l['severity'], l['member']]),
      [['firing', 'critical', null]],
    );
  });
});
