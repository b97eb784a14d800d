/**
 * What an import checks before writing (issue 16, items 2, 3 and 11): ACL entries, masked
 * digests, depth, and the export file's own consistency (base64 length, count).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REFUSE_DEPTH, SNAPSHOT_DEPTH_MEASURED, WARN_DEPTH, depthOf, depthVerdict } from '../../src/core/znodes/depth';
import { ExportDocument, isMaskedDigest, parseExport, serializeExport } from '../../src/core/znodes/exportFormat';
import { aclEntryProblem, depthCheck } from '../../src/core/znodes/importChecks';
import { digestAcl } from '../../src/core/zk/acl';

const acl = (scheme: string, id: string): { scheme: string; id: string; perms: string } => ({ scheme, id, perms: 'cdrwa' });

describe('import checks', () => {
  it('ACL entries: known schemes, world only anyone, digest user:hash, masked digests, IPs and prefixes', () => {
    for (const ok of [
      acl('world', 'anyone'),
      acl('auth', ''),
      acl('digest', digestAcl('alice', 'pw').id),
      acl('ip', '10.0.0.0/8'),
      acl('ip', '127.0.0.1'),
      acl('ip', '::1/128'),
      acl('x509', 'CN=a'),
      acl('sasl', 'bob'),
    ]) {
      assert.equal(aclEntryProblem(ok), undefined, JSON.stringify(ok));
    }
    assert.match(aclEntryProblem(acl('foo', 'bar'))!, /scheme "foo" is not one ZooKeeper knows/);
    assert.match(aclEntryProblem(acl('world', 'someone'))!, /only has the id "anyone"/);
    assert.match(aclEntryProblem(acl('digest', 'alicehash'))!, /exactly one ":"/);
    assert.match(aclEntryProblem(acl('digest', 'alice:x'))!, /masked digest.*lock alice out/);
    assert.match(aclEntryProblem(acl('ip', '999.1.1.1'))!, /not an IP address/);
    assert.match(aclEntryProblem(acl('ip', '10.0.0.0/33'))!, /bad prefix length/);
    assert.match(aclEntryProblem(acl('ip', 'example.com'))!, /not an IP address/);
  });

  it('a masked digest is user:x, never a real 28-character hash', () => {
    assert.equal(isMaskedDigest(acl('digest', 'alice:x')), true);
    assert.equal(isMaskedDigest(acl('digest', digestAcl('alice', 'pw').id)), false);
    assert.equal(isMaskedDigest(acl('ip', 'a:x')), false);
  });

  it('depth: counted with the chroot, warned above WARN_DEPTH, refused above REFUSE_DEPTH unless forced, well below the measured limit', () => {
    assert.equal(depthOf('/'), 0);
    assert.equal(depthOf('/a/b'), 2);
    assert.ok(REFUSE_DEPTH * 2 < SNAPSHOT_DEPTH_MEASURED.survived && SNAPSHOT_DEPTH_MEASURED.survived < SNAPSHOT_DEPTH_MEASURED.died);
    const at = (n: number): string => '/d'.repeat(n);
    assert.equal(depthVerdict(at(WARN_DEPTH), undefined).level, 'ok');
    assert.equal(depthVerdict(at(WARN_DEPTH + 1), undefined).level, 'warn');
    assert.equal(depthVerdict(at(REFUSE_DEPTH), undefined).level, 'warn');
    assert.equal(depthVerdict(at(REFUSE_DEPTH + 1), undefined).level, 'refuse');
    assert.equal(depthVerdict(at(REFUSE_DEPTH), '/chroot').level, 'refuse');
    assert.match(depthCheck(at(REFUSE_DEPTH + 1), undefined, false).problem!, /--force-depth/);
    assert.deepEqual(Object.keys(depthCheck(at(REFUSE_DEPTH + 1), undefined, true)), ['warning']);
  });
});

describe('export file consistency', () => {
  const doc = (nodes: unknown[], count: unknown = nodes.length): string =>
    JSON.stringify({ format: 'zkops-znodes', version: 1, root: '/', count, nodes });
  const n = (path: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    path,
    encoding: 'utf8',
    data: '',
    acl: [acl('world', 'anyone')],
    ephemeral: false,
    ...extra,
  });

  it('base64 of an invalid length is an error, not an empty value', () => {
    assert.throws(
      () => parseExport(doc([n('/', { encoding: 'base64', data: 'Q' })])),
      /nodes\[0\]\.data: invalid base64 \(length 1 is not a multiple of 4\)/,
    );
    assert.throws(() => parseExport(doc([n('/', { encoding: 'base64', data: 'QQ=' })])), /invalid base64/);
    assert.deepEqual(
      Buffer.from(parseExport(doc([n('/', { encoding: 'base64', data: 'QQ==' })])).nodes[0]!.data, 'base64'),
      Buffer.from('A'),
    );
  });

  it('a count that does not match the nodes is an error; an absent count is fine', () => {
    assert.throws(() => parseExport(doc([n('/')], 2)), /count: the file says 2 nodes but holds 1/);
    assert.throws(() => parseExport(doc([n('/')], '1')), /count/);
    assert.equal(parseExport(JSON.stringify({ format: 'zkops-znodes', version: 1, root: '/', nodes: [n('/')] })).count, 1);
  });

  it('serialized files carry terminal-unsafe characters as JSON escapes and read back the same', () => {
    const hostile = 'x\u009b2J\u001b[31m\u202e\u2028';
    const document: ExportDocument = {
      format: 'zkops-znodes',
      version: 1,
      root: '/',
      exportedAt: '',
      withStats: false,
      count: 1,
      nodes: [{ path: '/', encoding: 'utf8', data: hostile, acl: [acl('world', 'anyone')], ephemeral: false }],
    };
    const text = serializeExport(document);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028]/);
    assert.equal(parseExport(text).nodes[0]!.data, hostile);
  });
});
