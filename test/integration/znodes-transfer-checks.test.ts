/**
 * Honest exports and imports on a real ensemble (issue 16): masked digests are refused on export
 * unless kept or skipped and refused on import; everything checkable before writing (ACL schemes
 * and syntax, IPs, sizes, TTL support, depth) is found by the plan, so a dry run reports it and
 * the import writes nothing; credentials from ZKOPS_AUTH and --auth-file, a warning for --auth.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { Perms, digestAcl, worldAcl } from '../../src/core/zk/acl';
import { ZkSession } from '../../src/core/zk/session';
import { REFUSE_DEPTH } from '../../src/core/znodes/depth';
import { countSubtree } from '../../src/core/znodes/deleteTree';
import { parseExport } from '../../src/core/znodes/exportFormat';
import { cli } from '../support/znodes';

const OPEN = [{ scheme: 'world', id: 'anyone', perms: 'cdrwa' }];

function node(p: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { path: p, encoding: 'utf8', data: '', acl: OPEN, ephemeral: false, ...extra };
}

function file(nodes: Record<string, unknown>[], count = nodes.length): Buffer {
  return Buffer.from(JSON.stringify({ format: 'zkops-znodes', version: 1, root: '/x', exportedAt: '', withStats: false, count, nodes }));
}

describe('honest export and import (masked digests, checks before writing, credentials)', () => {
  let bed: Testbed;
  let session: ZkSession;
  let tmp: string;

  before(async () => {
    bed = await Testbed.start({ size: 3 });
    session = await ZkSession.connect(bed.connectString);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'zkops-checks-'));
    await session.create('/m', Buffer.from('root'));
    await session.create('/m/open', Buffer.from('open'));
    // Everyone may read, only alice may administer: other sessions see the digest masked.
    await session.create('/m/alice', Buffer.from('alice data'), { acl: [worldAcl(Perms.READ), digestAcl('alice', 'pw')] });
    const alice = await ZkSession.connect(bed.connectString, { auth: [{ scheme: 'digest', auth: 'alice:pw' }] });
    try {
      await alice.create('/m/alice/child', Buffer.from('below'));
    } finally {
      await alice.close();
    }
  });

  after(async () => {
    await session?.close();
    await bed?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  test('export without alice: refused per node (exit 2, nothing on stdout) unless --acl-masked keep or skip', async () => {
    const refused = await cli(['export', bed.connectString, '/m']);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout.length, 0);
    assert.match(refused.err, /refused \/m\/alice: ACL digest:alice:x is masked/);
    assert.match(refused.err, /--acl-masked keep\|skip/);

    const kept = await cli(['export', bed.connectString, '/m', '--acl-masked', 'keep']);
    assert.equal(kept.code, 0, kept.err);
    assert.match(kept.err, /kept as seen: \/m\/alice/);
    const keptDoc = parseExport(kept.out);
    assert.deepEqual(keptDoc.nodes.find((n) => n.path === '/alice')?.acl.find((a) => a.scheme === 'digest')?.id, 'alice:x');
    await fs.writeFile(path.join(tmp, 'kept.json'), kept.stdout);

    const skipped = await cli(['export', bed.connectString, '/m', '--acl-masked', 'skip']);
    assert.equal(skipped.code, 0, skipped.err);
    assert.match(skipped.err, /left out \/m\/alice/);
    assert.deepEqual(
      parseExport(skipped.out).nodes.map((n) => n.path),
      ['/', '/open'],
    );
    assert.equal((await cli(['export', bed.connectString, '/m', '--acl-masked', 'maybe'])).code, 2);
  });

  test('credentials from ZKOPS_AUTH and --auth-file export the real digest; --auth works but warns', async () => {
    const real = digestAcl('alice', 'pw').id;
    const fromEnv = await cli(['export', bed.connectString, '/m'], undefined, { ZKOPS_AUTH: 'alice:pw' });
    assert.equal(fromEnv.code, 0, fromEnv.err);
    assert.doesNotMatch(fromEnv.err, /warning/);
    assert.equal(
      parseExport(fromEnv.out)
        .nodes.find((n) => n.path === '/alice')
        ?.acl.find((a) => a.scheme === 'digest')?.id,
      real,
    );

    const authFile = path.join(tmp, 'alice.auth');
    await fs.writeFile(authFile, 'alice:pw\n', { mode: 0o600 });
    const fromFile = await cli(['export', bed.connectString, '/m', '--auth-file', authFile]);
    assert.equal(fromFile.code, 0, fromFile.err);
    assert.equal(
      parseExport(fromFile.out)
        .nodes.find((n) => n.path === '/alice')
        ?.acl.find((a) => a.scheme === 'digest')?.id,
      real,
    );
    const fromStdin = await cli(['ls', bed.connectString, '/m', '--auth-file', '-'], Buffer.from('alice:pw\n'));
    assert.equal(fromStdin.code, 0, fromStdin.err);

    const inline = await cli(['export', bed.connectString, '/m', '--auth', 'alice:pw']);
    assert.equal(inline.code, 0, inline.err);
    assert.match(inline.err, /warning: --auth puts the password on the command line/);
    assert.equal(
      parseExport(inline.out)
        .nodes.find((n) => n.path === '/alice')
        ?.acl.find((a) => a.scheme === 'digest')?.id,
      real,
    );

    // A wrong password is not an error to ZooKeeper's digest provider: the ACL stays masked and the export refuses.
    const wrong = await cli(['export', bed.connectString, '/m'], undefined, { ZKOPS_AUTH: 'alice:wrong' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /digest:alice:x/);
    assert.equal((await cli(['ls', bed.connectString, '/m', '--auth-file', path.join(tmp, 'missing')])).code, 2);
  });

  test('import refuses a masked digest before writing (the owner would be locked out)', async () => {
    const run = await cli(['import', bed.connectString, path.join(tmp, 'kept.json'), '/restored']);
    assert.equal(run.code, 2);
    assert.match(run.out, /^invalid \/restored\/alice: ACL digest:alice:x is a masked digest/m);
    assert.match(run.err, /nothing was written/);
    assert.equal(await session.exists('/restored'), null);
  });

  test('a file that fails while writing is refused whole by the plan: the dry run says so, the import writes nothing', async () => {
    const big = 'a'.repeat(2 * 1024 * 1024);
    const bad = file([
      node('/'),
      node('/ok1'),
      node('/scheme', { acl: [{ scheme: 'foo', id: 'bar', perms: 'cdrwa' }] }),
      node('/nocolon', { acl: [{ scheme: 'digest', id: 'alicehash', perms: 'cdrwa' }] }),
      node('/badip', { acl: [{ scheme: 'ip', id: '999.1.1.1', perms: 'cdrwa' }] }),
      node('/big', { data: big }),
      node('/ttl', { kind: 'ttl', ttlMs: 60000 }),
      node('/ok2'),
      node('/ok2/ok3'),
    ]);
    const dry = await cli(['import', bed.connectString, '-', '/bad', '--dry-run'], bad);
    assert.equal(dry.code, 2, dry.out + dry.err);
    const invalid = dry.out.split('\n').filter((l) => l.startsWith('invalid '));
    assert.deepEqual(invalid.map((l) => l.split(':')[0]).sort(), [
      'invalid /bad/badip',
      'invalid /bad/big',
      'invalid /bad/nocolon',
      'invalid /bad/scheme',
      'invalid /bad/ttl',
    ]);
    assert.match(dry.out, /ACL scheme "foo" is not one ZooKeeper knows/);
    assert.match(dry.out, /999\.1\.1\.1" is not an IP address/);
    assert.match(dry.out, /jute\.maxbuffer/);
    assert.match(dry.out, /extendedTypesEnabled/);
    assert.match(dry.out, /5 problems \(a real import would refuse and write nothing\)/);
    assert.match(dry.err, /a real import would refuse/);

    const real = await cli(['import', bed.connectString, '-', '/bad'], bad);
    assert.equal(real.code, 2);
    assert.match(real.err, /5 problems found before writing.*nothing was written/);
    assert.equal(await session.exists('/bad'), null);
  });

  test('base64 of an invalid length and a count that does not match are errors, not empty or partial imports', async () => {
    const q = await cli(['import', bed.connectString, '-', '/q'], file([node('/'), node('/v', { encoding: 'base64', data: 'Q' })]));
    assert.equal(q.code, 2);
    assert.match(q.err, /nodes\[1\]\.data: invalid base64 \(length 1 is not a multiple of 4\)/);
    const count = await cli(['import', bed.connectString, '-', '/q'], file([node('/'), node('/v')], 3));
    assert.equal(count.code, 2);
    assert.match(count.err, /count: the file says 3 nodes but holds 2/);
    assert.equal(await session.exists('/q'), null);
  });

  test(`depth: past ${REFUSE_DEPTH} levels refused unless --force-depth, and then warned about`, async () => {
    const nodes = [node('/')];
    let p = '';
    // The target /deep is level 1, so the file's deepest node lands one level past the limit.
    for (let i = 0; i < REFUSE_DEPTH; i++) nodes.push(node((p += '/d')));
    const deep = file(nodes);
    const dry = await cli(['import', bed.connectString, '-', '/deep', '--dry-run'], deep);
    assert.equal(dry.code, 2);
    assert.match(
      dry.out,
      new RegExp(
        `^invalid /deep(/d){${REFUSE_DEPTH}}: .* ${REFUSE_DEPTH + 1} levels deep, over the limit of ${REFUSE_DEPTH}.*--force-depth`,
        'm',
      ),
    );
    assert.equal((await cli(['import', bed.connectString, '-', '/deep'], deep)).code, 2);
    assert.equal(await session.exists('/deep'), null);

    const forced = await cli(['import', bed.connectString, '-', '/deep', '--force-depth'], deep);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /^warning \/deep(\/d)+: .*levels deep/m);
    assert.equal((await countSubtree(session, '/deep')).count, REFUSE_DEPTH + 1);
  });
});
