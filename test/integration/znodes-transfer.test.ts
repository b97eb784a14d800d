/**
 * Export, import and diff on real ensembles, through the core and through the `zkops` contracts:
 * binary data, 1 MB values, unicode names, names and data carrying HTML, script and markdown,
 * digest-protected nodes, ephemerals, conflict policies, dry runs, chroots, stdin, two clusters,
 * and the real binary (raw bytes on stdout, exit codes).
 */
import assert from 'node:assert/strict';
import { BUILT_CLI } from '../support/childRun';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { digestAcl } from '../../src/core/zk/acl';
import { ZkSession } from '../../src/core/zk/session';
import { maxDataBytes } from '../../src/core/znodes/dataLimits';
import { parseExport } from '../../src/core/znodes/exportFormat';
import { exportTree } from '../../src/core/znodes/exporter';
import { ImportRefusedError, importTree } from '../../src/core/znodes/importer';
import { diffTrees } from '../../src/core/znodes/treeDiff';
import { cli } from '../support/znodes';

const BINARY = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28, 0x0a]), randomBytes(4000)]);
const SCRIPT_NAME = '<img src=x onerror=alert(1)>';
const MD_NAME = '# **bold** _it_ [link](http:x)';
// No characters outside the BMP: ZooKeeper refuses surrogates in paths (PathUtils), so emoji names cannot exist.
const UNICODE_NAMES = ['日本語', 'Ελληνικά ✓', 'ünïcödé'];

describe('export, import, diff', () => {
  let bed: Testbed;
  let other: Testbed;
  let session: ZkSession;
  let owner: ZkSession;
  let tmp: string;
  let bigSize = 0;

  before(async () => {
    [bed, other] = await Promise.all([Testbed.start({ size: 3 }), Testbed.start({ size: 1 })]);
    session = await ZkSession.connect(bed.connectString);
    owner = await ZkSession.connect(bed.connectString);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'zkops-transfer-'));
    await session.create('/src', Buffer.from('{"service":"app","replicas":3}'));
    await session.create('/src/bin', BINARY);
    bigSize = maxDataBytes('/src/big', undefined, 'create');
    await session.create('/src/big', Buffer.alloc(bigSize, 0x61));
    for (const n of UNICODE_NAMES) await session.create(`/src/${n}`, Buffer.from(`value ${n} ✓`));
    await session.create(`/src/${SCRIPT_NAME}`, Buffer.from('<script>alert("x")</script>'));
    await session.create(`/src/${MD_NAME}`, Buffer.from('# Title\n\n* item `code` <b>html</b>\n'));
    await session.create('/src/item-10', Buffer.from('ten'));
    await session.create('/src/item-9', Buffer.from('nine'));
    await session.create('/src/item-9/child', Buffer.alloc(0));
    await session.create('/src/secret', Buffer.from('s3cret'), { acl: [digestAcl('alice', 'pw')] });
    await owner.create('/src/eph', Buffer.from('ephemeral'), { mode: 'ephemeral' });
  });

  after(async () => {
    await owner?.close();
    await session?.close();
    await Promise.all([bed?.close(), other?.close()]);
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  test('export of a digest-protected node without auth fails clearly (exit 2, names the node)', async () => {
    const run = await cli(['export', bed.connectString, '/src']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout.length, 0);
    assert.match(run.err, /NOAUTH/);
    assert.match(run.err, /\/src\/secret/);
    assert.match(run.err, /--auth/);
    const get = await cli(['get', bed.connectString, '/src/secret']);
    assert.equal(get.code, 2);
    assert.match(get.err, /NOAUTH.*\/src\/secret/);
  });

  test('export with --auth: stdout and -o agree, the format is documented and complete', async () => {
    const stdout = await cli(['export', bed.connectString, '/src', '--auth', 'alice:pw']);
    assert.equal(stdout.code, 0, stdout.err);
    const file = path.join(tmp, 'src.json');
    const toFile = await cli(['export', bed.connectString, '/src', '-o', file, '--auth', 'alice:pw', '--stats']);
    assert.equal(toFile.code, 0, toFile.err);
    const a = parseExport(stdout.out);
    const b = parseExport(await fs.readFile(file, 'utf8'));
    assert.equal(a.format, 'zkops-znodes');
    assert.equal(a.version, 1);
    assert.equal(a.root, '/src');
    assert.equal(a.count, 13);
    assert.equal(a.withStats, false);
    assert.equal(b.withStats, true);
    assert.deepEqual(
      a.nodes.map((n) => n.path),
      b.nodes.map((n) => n.path),
    );
    const byPath = new Map(a.nodes.map((n) => [n.path, n]));
    assert.equal(byPath.get('/')?.encoding, 'utf8');
    assert.equal(byPath.get('/bin')?.encoding, 'base64');
    assert.deepEqual(Buffer.from(byPath.get('/bin')!.data, 'base64'), BINARY);
    assert.equal(byPath.get('/big')?.data.length, bigSize);
    assert.equal(byPath.get('/eph')?.ephemeral, true);
    assert.equal(byPath.get(`/${SCRIPT_NAME}`)?.data, '<script>alert("x")</script>');
    for (const n of UNICODE_NAMES) assert.equal(byPath.get(`/${n}`)?.data, `value ${n} ✓`);
    assert.deepEqual(byPath.get('/secret')?.acl, [{ scheme: 'digest', id: digestAcl('alice', 'pw').id, perms: 'cdrwa' }]);
    assert.ok(b.nodes.every((n) => n.stat && typeof n.stat.version === 'number' && /^0x/.test(n.stat.mzxid)));
    // Parents first, siblings in natural order.
    const kids = a.nodes.filter((n) => n.path.split('/').length === 2).map((n) => n.path);
    assert.ok(kids.indexOf('/item-9') < kids.indexOf('/item-10'));
    assert.ok(a.nodes.findIndex((n) => n.path === '/item-9/child') === a.nodes.findIndex((n) => n.path === '/item-9') + 1);
  });

  test('dry run lists what would change and writes nothing', async () => {
    const file = path.join(tmp, 'src.json');
    const run = await cli(['import', bed.connectString, file, '/dst', '--dry-run', '--auth', 'alice:pw']);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.trimEnd().split('\n');
    assert.equal(lines.length, 14);
    assert.ok(lines.includes('would create /dst'));
    assert.ok(lines.includes(`would create /dst/${SCRIPT_NAME}`));
    assert.ok(lines.includes('would skip ephemeral /dst/eph'));
    assert.match(lines.at(-1)!, /would create 12.*nothing written/);
    assert.equal(await session.exists('/dst'), null);
  });

  test('import restores byte-exact (ACLs too), skips ephemerals unless asked, diff agrees', async () => {
    const file = path.join(tmp, 'src.json');
    const run = await cli(['import', bed.connectString, file, '/dst', '--auth', 'alice:pw']);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^create \/dst$/m);
    assert.match(run.out, /^skip ephemeral \/dst\/eph$/m);
    assert.match(run.out.trimEnd().split('\n').at(-1)!, /created 12, .*failed 0/);
    assert.deepEqual((await session.get('/dst/bin')).data, BINARY);
    assert.equal((await session.get('/dst/big')).data.length, bigSize);
    const alice = await ZkSession.connect(bed.connectString, { auth: [{ scheme: 'digest', auth: 'alice:pw' }] });
    try {
      assert.deepEqual((await alice.getAcl('/dst/secret')).acl, [digestAcl('alice', 'pw')]);
      assert.equal((await alice.get('/dst/secret')).data.toString(), 's3cret');
    } finally {
      await alice.close();
    }
    const diff = await cli(['diff', bed.connectString, '/src', bed.connectString, '/dst', '--auth', 'alice:pw']);
    assert.equal(diff.code, 1);
    assert.equal(diff.out.trim(), '- /eph');
    const withEph = await cli(['import', bed.connectString, file, '/dst', '--include-ephemeral', '--auth', 'alice:pw']);
    assert.equal(withEph.code, 0, withEph.err);
    assert.match(withEph.out, /^create \/dst\/eph$/m);
    const eph = await session.exists('/dst/eph');
    assert.equal(eph?.kind, 'persistent');
    const same = await cli(['diff', bed.connectString, '/src', bed.connectString, '/dst', '--auth', 'alice:pw', '--ignore-acl']);
    // The ephemeral flag differs on purpose (restored as persistent).
    assert.equal(same.out.trim(), '~ /eph (ephemeral)');
  });

  test('conflicts: fail refuses before writing, skip leaves, overwrite restores', async () => {
    const file = path.join(tmp, 'src.json');
    await session.set('/dst/item-10', Buffer.from('edited'), -1);
    await session.delete('/dst/item-9/child', -1);
    const failRun = await cli(['import', bed.connectString, file, '/dst', '--auth', 'alice:pw']);
    assert.equal(failRun.code, 2);
    assert.match(failRun.out, /^conflict \/dst\/item-10 \(exists with different data\)$/m);
    assert.match(failRun.err, /nothing was written/);
    assert.equal(await session.exists('/dst/item-9/child'), null);
    const skip = await cli(['import', bed.connectString, file, '/dst', '--on-conflict', 'skip', '--auth', 'alice:pw']);
    assert.equal(skip.code, 0, skip.err);
    assert.match(skip.out, /^skip \/dst\/item-10/m);
    assert.match(skip.out, /^create \/dst\/item-9\/child$/m);
    assert.equal((await session.get('/dst/item-10')).data.toString(), 'edited');
    const over = await cli(['import', bed.connectString, file, '/dst', '--on-conflict', 'overwrite', '--auth', 'alice:pw']);
    assert.equal(over.code, 0, over.err);
    assert.match(over.out, /^update \/dst\/item-10/m);
    assert.equal((await session.get('/dst/item-10')).data.toString(), 'ten');
    const bad = await cli(['import', bed.connectString, file, '/dst', '--on-conflict', 'merge']);
    assert.equal(bad.code, 2);
  });

  test('stdin (-) and a chroot connect string', async () => {
    const exported = await cli(['export', `${bed.connectString}/src/item-9`, '/']);
    assert.equal(exported.code, 0, exported.err);
    assert.equal(parseExport(exported.out).root, '/');
    const run = await cli(['import', `${bed.connectString}/dst`, '-', '/nine-copy'], exported.stdout);
    assert.equal(run.code, 0, run.err);
    assert.equal((await session.get('/dst/nine-copy')).data.toString(), 'nine');
    assert.notEqual(await session.exists('/dst/nine-copy/child'), null);
    const ls = await cli(['ls', `${bed.connectString}/src`, '/item-9']);
    assert.equal(ls.out, 'child\n');
    const garbage = await cli(['import', bed.connectString, '-', '/x'], Buffer.from('{"format":"other"}'));
    assert.equal(garbage.code, 2);
    assert.match(garbage.err, /not a valid zkops-znodes file: format/);
  });

  test('two clusters: import into another ensemble, diff 0 then 1 with the change listed', async () => {
    const auth = await ZkSession.connect(bed.connectString, { auth: [{ scheme: 'digest', auth: 'alice:pw' }] });
    const target = await ZkSession.connect(other.connectString, { auth: [{ scheme: 'digest', auth: 'alice:pw' }] });
    try {
      const { document } = await exportTree(auth, '/src');
      // A longer target path leaves no room for the 1 MB value: the plan finds it, nothing is written.
      await assert.rejects(importTree(target, document, '/mirror-long/src'), (err: unknown) => {
        assert.ok(err instanceof ImportRefusedError);
        assert.deepEqual(
          err.problems.map((p) => p.path),
          ['/mirror-long/src/big'],
        );
        assert.match(err.problems[0]!.message, /jute\.maxbuffer/);
        return true;
      });
      assert.equal(await target.exists('/mirror-long'), null);
      // Same path length as /src: everything fits.
      const result = await importTree(target, document, '/m/s', { includeEphemeral: false });
      assert.equal(result.counts.failed, 0);
      assert.equal(result.plan.steps[0]?.path, '/m');
      await target.create('/m/s/eph', Buffer.from('ephemeral'), { mode: 'ephemeral' });
      const equal = await cli(['diff', bed.connectString, '/src', other.connectString, '/m/s', '--auth', 'alice:pw']);
      assert.equal(equal.code, 0, equal.out + equal.err);
      await target.set(`/m/s/${UNICODE_NAMES[0]}`, Buffer.from('changed'), -1);
      await target.create('/m/s/extra');
      const diff = await diffTrees({ session: auth, root: '/src' }, { session: target, root: '/m/s' });
      assert.equal(diff.equal, false);
      assert.deepEqual(diff.counts, { added: 1, removed: 0, changed: 1, unchanged: 12 });
      const changed = diff.differences.find((d) => d.status === 'changed')!;
      assert.equal(changed.left?.data.toString(), `value ${UNICODE_NAMES[0]} ✓`);
      assert.equal(changed.right?.data.toString(), 'changed');
      const run = await cli(['diff', bed.connectString, '/src', other.connectString, '/m/s', '--auth', 'alice:pw']);
      assert.equal(run.code, 1);
      assert.deepEqual(run.out.trimEnd().split('\n').sort(), [`+ /extra`, `~ /${UNICODE_NAMES[0]} (data)`].sort());
      // The whole tree leaves out ZooKeeper's own /zookeeper (config and quotas differ per cluster).
      const whole = await exportTree(target, '/');
      assert.ok(whole.document.nodes.some((n) => n.path === '/m/s/big'));
      assert.ok(!whole.document.nodes.some((n) => n.path.startsWith('/zookeeper')));
      const missing = await cli(['diff', bed.connectString, '/src', other.connectString, '/nope']);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /NONODE/);
    } finally {
      await auth.close();
      await target.close();
    }
  });

  test('the built binary: raw bytes on stdout, exit 2 with a message for NONODE, bad and unreachable connect strings', async () => {
    // The bundle npm test built, with esbuild.mjs's options: a bundle of the test's own once hid
    // a packaging fault (jsonc-parser's UMD build) that every user's zkops had.
    const outfile = BUILT_CLI;
    const run = (args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string; ms: number }> =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, [outfile, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let err = '';
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => (err += b.toString()));
        child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err, ms: Date.now() - started }));
      });
    const bin = await run(['get', bed.connectString, '/src/bin']);
    assert.equal(bin.code, 0, bin.stderr);
    assert.deepEqual(bin.stdout, BINARY);
    const nonode = await run(['get', bed.connectString, '/nope']);
    assert.equal(nonode.code, 2);
    assert.match(nonode.stderr, /NONODE/);
    const badConnect = await run(['ls', 'host:99999', '/']);
    assert.equal(badConnect.code, 2);
    assert.match(badConnect.stderr, /connect string/);
    const unreachable = await run(['ls', '127.0.0.1:9', '/', '--timeout', '1500']);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /no ZooKeeper server answered/);
    assert.ok(unreachable.ms < 8000, `took ${unreachable.ms} ms`);
    const diffSame = await run(['diff', bed.connectString, '/src/item-9', bed.connectString, '/dst/item-9']);
    assert.equal(diffSame.code, 0, diffSame.stderr);
  });
});
