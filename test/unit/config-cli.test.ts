import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'zoocfg');
const LINE = /^(.+):(\d+):(\d+): (error|warning|info): (.+)$/;

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['lint', ...argv], { out: (t) => out.push(...t.split('\n').filter((l) => l)), err: (t) => err.push(t) });
  return { code, out, err };
}

describe('zkops lint', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-lint-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a clean file and prints nothing', async () => {
    const r = await run(path.join(FIXTURES, 'production-3node.cfg'));
    assert.deepEqual(r, { code: 0, out: [], err: [] });
  });

  it('exits 0 when the worst finding is info', async () => {
    const file = path.join(dir, 'info.cfg');
    fs.writeFileSync(file, 'dataDir=/d\ndataLogDir=/d\nclientPort=2181\ntickTime=2000\nautopurge.purgeInterval=1\n');
    const r = await run(file);
    assert.equal(r.code, 0);
    assert.deepEqual(r.out, [
      `${file}:2:12: info: dataLogDir is the dataDir: snapshots then compete with the transaction log, whose fsyncs ` +
        `set write latency; give the log a device of its own [data-log-dir]`,
    ]);
  });

  it('exits 1 when the worst is a warning, with 1-based line:col', async () => {
    const file = path.join(FIXTURES, 'zoo_sample.cfg');
    const r = await run(file);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.out.map((l) => LINE.exec(l)?.slice(1, 5)),
      [
        [file, '1', '1', 'warning'],
        [file, '13', '9', 'info'],
      ],
    );
  });

  it('exits 2 on any error, one line per finding across several files', async () => {
    const typos = path.join(FIXTURES, 'typos.cfg');
    const clean = path.join(FIXTURES, 'hierarchical.cfg');
    const r = await run(clean, typos);
    assert.equal(r.code, 2);
    assert.equal(r.out.length, 12);
    for (const line of r.out) {
      const m = LINE.exec(line);
      assert.ok(m, line);
      assert.equal(m[1], typos);
    }
    assert.ok(r.out.includes(`${typos}:4:1: warning: unknown key initLimt; did you mean initLimit? [unknown-key]`));
  });

  it('exits 2 with a clear message for a file it cannot read, and still lints the others', async () => {
    const missing = path.join(dir, 'missing.cfg');
    const r = await run(missing, path.join(FIXTURES, 'zoo_sample.cfg'));
    assert.equal(r.code, 2);
    assert.equal(r.out.length, 2);
    assert.match(r.err.join('\n'), new RegExp(`cannot read ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT`));
    assert.equal((await run(dir)).code, 2);
  });

  it('reads the dynamic file a static config names', async () => {
    const dyn = path.join(dir, 'zoo.cfg.dynamic.100000000');
    fs.writeFileSync(dyn, 'server.1=a:2888:3888;2181\nserver.2=b:2888:3888;2181\n');
    const cfg = path.join(dir, 'zoo.cfg');
    fs.writeFileSync(
      cfg,
      `tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nautopurge.purgeInterval=1\ndynamicConfigFile=${dyn}\nclientPort=2182\n`,
    );
    const r = await run(cfg);
    assert.deepEqual(
      r.out.map((l) => LINE.exec(l)?.[5]),
      [
        "clientPort 2182 matches no server line's client port; ZooKeeper refuses to start when this server's own line disagrees [client-port]",
      ],
    );
    assert.equal(r.code, 1);
    // The dynamic file on its own: two voters.
    assert.match((await run(dyn)).out[0]!, /2 voting members tolerate no failure/);
  });

  it('prints JSON with --json and honours --zk-version', async () => {
    const file = path.join(dir, 'v.cfg');
    fs.writeFileSync(file, 'tickTime=2000\ndataDir=/d\nclientPort=2181\nautopurge.purgeInterval=1\nadmin.forceHttps=true\n');
    assert.equal((await run(file)).code, 0);
    const r = await run(file, '--json', '--zk-version', '3.6');
    assert.equal(r.code, 1);
    const parsed = JSON.parse(r.out.join('\n')) as { file: string; findings: { rule: string }[] }[];
    assert.deepEqual(
      parsed.map((p) => [p.file, p.findings.map((f) => f.rule)]),
      [[file, ['version']]],
    );
    assert.equal((await run(file, '--zk-version', 'latest')).code, 2);
    assert.equal((await run()).code, 2);
  });

  it('works as the bin: reads stdin with -', async () => {
    const bin = path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
    const child = execFile(process.execPath, ['--import', 'tsx', bin, 'lint', '-'], { timeout: 30_000 });
    child.stdin!.end('tickTime=2000\ndataDir=/d\nclientPort=2181\nautopurge.purgeInterval=1\nskipACL=yes\n');
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      let stdout = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    });
    assert.equal(out.code, 1);
    assert.equal(
      out.stdout,
      '<stdin>:5:9: warning: skipACL=yes turns off every ACL check: any client can read, change and delete everything [unsafe]\n',
    );
  });
});
