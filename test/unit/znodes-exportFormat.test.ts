import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestAcl } from '../../src/core/zk/acl';
import { decodeStat } from '../../src/core/zk/stat';
import { backupFileName } from '../../src/core/znodes/backupFile';
import {
  ExportDocument,
  ExportFormatError,
  decodeData,
  encodeData,
  exportAcl,
  importAcl,
  parseExport,
  parseExportBytes,
  sameAcl,
  serializeExport,
  targetPath,
} from '../../src/core/znodes/exportFormat';
import { inFileOrder, toExportedNode } from '../../src/core/znodes/exporter';
import { describeStep } from '../../src/core/znodes/importPlan';

const acl = [{ scheme: 'world', id: 'anyone', perms: 'cdrwa' }];
const doc = (nodes: unknown[]): unknown => ({
  format: 'zkops-znodes',
  version: 1,
  root: '/app',
  exportedAt: 'x',
  withStats: false,
  count: nodes.length,
  nodes,
});
const node = (path: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  path,
  encoding: 'utf8',
  data: '',
  acl,
  ephemeral: false,
  ...extra,
});

describe('export format', () => {
  it('stores text as utf8 and anything else as base64, and decodes both exactly', () => {
    for (const data of [
      Buffer.from('{"a":1}'),
      Buffer.from('日本語 <script>'),
      Buffer.from([0, 1, 255]),
      Buffer.from('a\u0001b'),
      Buffer.alloc(0),
    ]) {
      const enc = encodeData(data);
      assert.equal(enc.encoding, /[\u0000-\u0008]|\uFFFD/.test(data.toString('utf8')) || data.includes(255) ? 'base64' : 'utf8');
      assert.deepEqual(decodeData(enc), data);
    }
  });

  it('serializes one node per line and parses back to the same document', () => {
    const original = parseExport(
      JSON.stringify(
        doc([node('/'), node('/a', { data: 'AAE=', encoding: 'base64' }), node('/a/b', { ephemeral: true, kind: 'ttl', ttlMs: 5000 })]),
      ),
    );
    const text = serializeExport(original);
    assert.equal(text.split('\n').filter((l) => l.startsWith('    {"path"')).length, 3);
    assert.deepEqual(parseExport(text), original);
    assert.deepEqual(parseExportBytes(Buffer.from(`\ufeff${text}`)), original);
    const empty: ExportDocument = { ...original, nodes: [], count: 0 };
    assert.deepEqual(parseExport(serializeExport(empty)).nodes, []);
  });

  it('refuses malformed files, naming the place', () => {
    const cases: [unknown, RegExp][] = [
      [[], /top level/],
      [{ ...(doc([]) as object), format: 'other' }, /format/],
      [{ ...(doc([]) as object), version: 2 }, /version 2/],
      [doc([node('/a')]), /nodes\[0\]\.path.*parent|first node/],
      [doc([node('/'), node('/a/b')]), /nodes\[1\]\.path: \/a\/b comes before its parent/],
      [doc([node('/'), node('/a'), node('/a')]), /appears twice/],
      [doc([node('/', { encoding: 'hex' })]), /encoding/],
      [doc([node('/', { encoding: 'base64', data: 'not base64!' })]), /invalid base64/],
      [doc([node('/', { acl: [] })]), /acl/],
      [doc([node('/', { acl: [{ scheme: 'world', id: 'anyone', perms: 'xyz' }] })]), /perms/],
      [doc([node('/', { ephemeral: 'no' })]), /ephemeral/],
      [doc([node('/', { kind: 'ttl' })]), /ttlMs/],
      [doc([node('/x//y')]), /path/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => parseExport(JSON.stringify(value)),
        (e: unknown) => e instanceof ExportFormatError && message.test(e.message),
        JSON.stringify(value).slice(0, 80),
      );
    }
    assert.throws(
      () => parseExport('{'),
      (e: unknown) => e instanceof ExportFormatError && /JSON/.test(e.message),
    );
    assert.throws(() => parseExportBytes(Buffer.from([0xff, 0xfe])), /UTF-8/);
  });

  it('maps paths below any target root', () => {
    assert.equal(targetPath('/restore', '/'), '/restore');
    assert.equal(targetPath('/restore', '/a/b'), '/restore/a/b');
    assert.equal(targetPath('/', '/a'), '/a');
    assert.equal(targetPath('/', '/'), '/');
  });

  it('round-trips ACLs and compares them as sets', () => {
    const list = [digestAcl('alice', 'pw', 1), { scheme: 'world', id: 'anyone', perms: 31 }];
    assert.deepEqual(importAcl(exportAcl(list)), list);
    assert.equal(exportAcl(list)[0]!.perms, 'r');
    assert.equal(sameAcl(list, [...list].reverse()), true);
    assert.equal(sameAcl(list, [list[0]!]), false);
  });

  it('orders walked nodes parents first, siblings naturally; records kind and stats', () => {
    const st = decodeStat({
      czxid: 1n,
      mzxid: 2n,
      ctime: 0n,
      mtime: 0n,
      version: 3,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: 0x10n,
      dataLength: 1,
      numChildren: 0,
      pzxid: 1n,
    });
    const walked = (path: string, children: string[]) => ({
      path,
      relPath: path === '/r' ? '/' : path.slice(2),
      depth: 0,
      stat: st,
      data: Buffer.from('x'),
      acl: [],
      children,
    });
    const byPath = new Map([
      ['/r', walked('/r', ['n10', 'n9'])],
      ['/r/n10', walked('/r/n10', [])],
      ['/r/n9', walked('/r/n9', ['z'])],
      ['/r/n9/z', walked('/r/n9/z', [])],
    ]);
    assert.deepEqual(
      inFileOrder('/r', byPath).map((n) => n.path),
      ['/r', '/r/n9', '/r/n9/z', '/r/n10'],
    );
    const exported = toExportedNode(byPath.get('/r/n9')!, true);
    assert.equal(exported.ephemeral, true);
    assert.equal(exported.stat?.version, 3);
    assert.equal(exported.stat?.mzxid, '0x2');
    assert.equal(toExportedNode(byPath.get('/r/n9')!, false).stat, undefined);
  });

  it('describes import steps for people', () => {
    const base = { node: undefined, data: Buffer.alloc(0), acl: [], seen: undefined, deferAcl: false };
    assert.equal(
      describeStep({ ...base, action: 'create', path: '/a', changes: [] }, true),
      'would create /a (missing parent of the target)',
    );
    assert.equal(
      describeStep({ ...base, action: 'conflict', path: '/b', changes: ['data', 'acl'] }, false),
      'conflict /b (exists with different data and acl)',
    );
    assert.equal(describeStep({ ...base, action: 'skip-ephemeral', path: '/e', changes: [] }, false), 'skip ephemeral /e');
  });

  it('names backups by time and path, safe for file systems', () => {
    const name = backupFileName('/app/<x> y', new Date('2026-01-02T03:04:05.678Z'));
    assert.equal(name, '2026-01-02T03-04-05-678Z_app_x_y.json');
    assert.match(backupFileName('/'), /_root\.json$/);
  });
});
