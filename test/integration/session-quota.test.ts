import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { ZkSession } from '../../src/core/zk/session';
import { createOnce } from '../support/createOnce';
import { rejectsWith } from '../support/sessions';

const CHILD = path.join(__dirname, '..', 'fixtures', 'zk', 'quotaCrash.ts');

/** Hard quotas (3.7+) answer QUOTAEXCEEDED (-125), a code node-zookeeper-client 1.1.3 does not know. */
describe('an error code the library does not know (hard quota, enforceQuota=true)', () => {
  let bed: Testbed;
  let s: ZkSession;

  before(async () => {
    // No extendedTypesEnabled here, so TTL creates are refused by the server.
    bed = await Testbed.start({ size: 1, adminServer: false, extraConfig: { enforceQuota: 'true' } });
    s = await ZkSession.connect(bed.connectString, { sessionTimeoutMs: 10_000 });
  });

  after(async () => {
    await s?.close();
    await bed?.close();
  });

  /** A hard limit of `count` nodes under `parent` (itself included), as zkCli's setquota -N writes it. */
  const hardQuota = async (parent: string, count: number): Promise<void> => {
    await createOnce(s, parent);
    await createOnce(s, `/zookeeper/quota${parent}`);
    await createOnce(s, `/zookeeper/quota${parent}/zookeeper_limits`, Buffer.from(`count=-1,bytes=-1=;countHardLimit=${count}`));
    await createOnce(s, `/zookeeper/quota${parent}/zookeeper_stats`, Buffer.from('count=1,bytes=0'));
  };

  const runChild = (mode: 'plain' | 'session', parent: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', CHILD, mode, bed.connectString, parent], { encoding: 'utf8', timeout: 30_000 });

  test('plain node-zookeeper-client: the process exits from inside its socket handler', async () => {
    await hardQuota('/plain', 2);
    const child = runChild('plain', '/plain');
    assert.notEqual(child.status, 0, 'the process died');
    assert.match(child.stderr, /Unknown code: -125/);
    assert.match(child.stderr, /ConnectionManager\.onSocketData/);
    assert.match(child.stdout, /"i":0,"result":"created"/);
    assert.doesNotMatch(child.stdout, /finished/);
  });

  test('ZkSession in a child process: typed QUOTAEXCEEDED, the process carries on', async () => {
    await hardQuota('/guarded', 2);
    const child = runChild('session', '/guarded');
    assert.equal(child.status, 0, child.stderr);
    const lines = child.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i?: number; result?: string; finished?: boolean });
    assert.deepEqual(
      lines.map((l) => l.result ?? 'finished'),
      ['created', 'QUOTAEXCEEDED', 'QUOTAEXCEEDED', 'QUOTAEXCEEDED', 'QUOTAEXCEEDED', 'finished'],
    );
  });

  test('ZkSession bundled by esbuild (as dist/extension.js is): the patch survives bundling', async () => {
    await hardQuota('/bundled', 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-bundle-'));
    try {
      const bundle = path.join(dir, 'quotaCrash.js');
      await esbuild.build({
        entryPoints: [CHILD],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile: bundle,
        logLevel: 'silent',
      });
      const child = spawnSync(process.execPath, [bundle, 'session', bed.connectString, '/bundled'], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(child.status, 0, child.stderr);
      assert.match(child.stdout, /"i":1,"result":"QUOTAEXCEEDED"/);
      assert.match(child.stdout, /finished/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ZkSession in this process: typed error, connection intact', async () => {
    await hardQuota('/inproc', 2);
    await createOnce(s, '/inproc/a');
    const err = await rejectsWith(s.create('/inproc/b'), 'QUOTAEXCEEDED', /hard quota/);
    assert.equal(err.code, -125);
    assert.equal(err.path, '/inproc/b');
    assert.equal(s.state, 'connected');
    const multi = await s.multi([{ op: 'create', path: '/inproc/c' }]);
    assert.equal(multi.committed, false);
    assert.equal(multi.error?.name, 'QUOTAEXCEEDED');
    assert.ok(await s.exists('/inproc/a'));
  });

  test('TTL nodes on servers without extendedTypesEnabled: UNIMPLEMENTED with the setting to change', async () => {
    await rejectsWith(s.create('/ttl', undefined, { mode: 'ttl', ttlMs: 1000 }), 'UNIMPLEMENTED', /extendedTypesEnabled=true/);
    assert.equal(await s.exists('/ttl'), null);
  });
});
