/**
 * multiRead on the wire (encoding, decoding of every result kind), the packing of reads into
 * requests by count and bytes, and the reader's decisions: UNIMPLEMENTED turns multiRead off, a
 * lost multiRead is split, never resent whole. The replies here are built byte by byte as
 * ZooKeeper's MultiResponse lays them out; the real server answers in session-multiread.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchReader, ReadChannel } from '../../src/core/zk/batchReader';
import { CallScope } from '../../src/core/zk/callScope';
import { ZkError, isZkError } from '../../src/core/zk/errors';
import { JuteReader, JuteWriter } from '../../src/core/zk/jute';
import { MultiReadOp, decodeMultiRead, multiReadRequest } from '../../src/core/zk/multiRead';
import { DEFAULT_READ_LIMITS, ReadOp, checkReadOp, expectedReplyBytes, planReads } from '../../src/core/zk/readOps';
import type { RawStat } from '../../src/core/zk/stat';
import { OP, WireRequest } from '../../src/core/zk/wire';

const stat = (dataLength: number, numChildren = 0): RawStat => ({
  czxid: 0x100000002n,
  mzxid: 0x100000003n,
  ctime: 1_700_000_000_000n,
  mtime: 1_700_000_000_500n,
  version: 1,
  cversion: numChildren,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength,
  numChildren,
  pzxid: 0x100000004n,
});

const writeStat = (w: JuteWriter, s: RawStat): JuteWriter =>
  w
    .long(s.czxid)
    .long(s.mzxid)
    .long(s.ctime)
    .long(s.mtime)
    .int(s.version)
    .int(s.cversion)
    .int(s.aversion)
    .long(s.ephemeralOwner)
    .int(s.dataLength)
    .int(s.numChildren)
    .long(s.pzxid);

type FakeResult = { data: Buffer } | { children: string[] } | { err: number };

/** A MultiResponse as the server writes it: a MultiHeader before each result, one that says done at the end. */
function multiResponse(results: readonly FakeResult[]): Buffer {
  const w = new JuteWriter();
  for (const r of results) {
    if ('data' in r) writeStat(w.int(OP.GET_DATA).bool(false).int(0).buffer(r.data), stat(r.data.length));
    else if ('children' in r) {
      w.int(OP.GET_CHILDREN).bool(false).int(0).int(r.children.length);
      for (const c of r.children) w.ustring(c);
    } else w.int(OP.ERROR).bool(false).int(r.err).int(r.err);
  }
  return Buffer.from(w.int(-1).bool(true).int(-1).bytes());
}

test('a multiRead carries getData and getChildren sub-requests with the chroot and no watches', () => {
  const req = multiReadRequest(
    [
      { op: 'get', path: '/a' },
      { op: 'children', path: '/' },
    ],
    '/app',
  );
  assert.equal(req.header.type, OP.MULTI_READ);
  assert.equal(req.info.write, false);
  const r = new JuteReader(req.toBuffer().subarray(12));
  assert.deepEqual([r.int(), r.bool(), r.int(), r.ustring(), r.bool()], [OP.GET_DATA, false, -1, '/app/a', false]);
  assert.deepEqual([r.int(), r.bool(), r.int(), r.ustring(), r.bool()], [OP.GET_CHILDREN, false, -1, '/app', false]);
  assert.deepEqual([r.int(), r.bool(), r.int()], [-1, true, -1]);
  assert.equal(r.remaining, 0);
});

test('a multiRead refuses what the server would fail as a whole, before sending', () => {
  assert.throws(
    () => multiReadRequest([], undefined),
    (e: unknown) => isZkError(e, 'BADARGUMENTS') && /at least one/.test(e.message),
  );
  const acl = { op: 'getAcl', path: '/a' } as unknown as MultiReadOp;
  assert.throws(
    () => multiReadRequest([acl], undefined),
    (e: unknown) => isZkError(e, 'BADARGUMENTS') && /takes get and children/.test(e.message),
  );
  assert.throws(
    () => multiReadRequest([{ op: 'get', path: 'a' }], undefined),
    (e: unknown) => isZkError(e, 'BADARGUMENTS') && /start with/.test(e.message),
  );
});

test('every result kind decodes to its own outcome; an error result fails only its op', () => {
  const ops: MultiReadOp[] = [
    { op: 'get', path: '/a' },
    { op: 'children', path: '/b' },
    { op: 'get', path: '/missing' },
    { op: 'children', path: '/secret' },
    { op: 'get', path: '/empty' },
  ];
  const reply = multiResponse([
    { data: Buffer.from([0, 1, 255]) },
    { children: ['x', 'ünï', ''] },
    { err: -101 },
    { err: -102 },
    { data: Buffer.alloc(0) },
  ]);
  const out = decodeMultiRead(new JuteReader(reply), ops);
  assert.equal(out.length, 5);
  const [a, b, missing, secret, empty] = out;
  assert.ok(a?.ok && a.op === 'get');
  assert.deepEqual(a.value.data, Buffer.from([0, 1, 255]));
  assert.equal(a.value.stat.dataLength, 3);
  assert.equal(a.value.stat.mzxid.hex, '0x100000003');
  assert.ok(b?.ok && b.op === 'children');
  assert.deepEqual(b.value.children, ['x', 'ünï', '']);
  assert.ok(missing && !missing.ok && isZkError(missing.error, 'NONODE'));
  assert.equal(missing.error.path, '/missing');
  assert.equal(missing.op, 'get');
  assert.ok(secret && !secret.ok && isZkError(secret.error, 'NOAUTH'));
  assert.equal(secret.error.path, '/secret');
  assert.ok(empty?.ok && empty.op === 'get' && empty.value.data.length === 0);
});

test('a reply that does not answer the ops asked is a MARSHALLINGERROR, not a wrong value', () => {
  const get: MultiReadOp[] = [{ op: 'get', path: '/a' }];
  const mismatch = multiResponse([{ children: ['x'] }]);
  assert.throws(
    () => decodeMultiRead(new JuteReader(mismatch), get),
    (e: unknown) => isZkError(e, 'MARSHALLINGERROR') && /does not answer a get/.test(e.message),
  );
  const tooMany = multiResponse([{ err: -101 }, { err: -101 }]);
  assert.throws(
    () => decodeMultiRead(new JuteReader(tooMany), get),
    (e: unknown) => isZkError(e, 'MARSHALLINGERROR') && /more results/.test(e.message),
  );
  const tooFew = multiResponse([]);
  assert.throws(
    () => decodeMultiRead(new JuteReader(tooFew), get),
    (e: unknown) => isZkError(e, 'MARSHALLINGERROR') && /0 results for 1/.test(e.message),
  );
  const cut = multiResponse([{ data: Buffer.alloc(10) }]).subarray(0, 20);
  assert.throws(() => decodeMultiRead(new JuteReader(cut), get), /too short/);
});

test('expected reply sizes follow the stat when known and assume the budget share otherwise', () => {
  const limits = DEFAULT_READ_LIMITS;
  assert.equal(expectedReplyBytes({ op: 'get', path: '/a', dataLength: 1000 }, limits), 1000 + 81);
  assert.equal(expectedReplyBytes({ op: 'get', path: '/a' }, limits), limits.unknownBytes);
  assert.equal(expectedReplyBytes({ op: 'children', path: '/a', numChildren: 10 }, limits), 13 + 640);
  assert.equal(expectedReplyBytes({ op: 'children', path: '/a' }, limits), limits.unknownBytes);
  assert.equal(expectedReplyBytes({ op: 'getAcl', path: '/a' }, limits), 0);
});

test('packing: getAcl alone, count and byte budgets, big values alone, everything alone without multiRead', () => {
  const limits = { maxOps: 4, maxReplyBytes: 10_000, maxRequestBytes: 200, unknownBytes: 3000 };
  const ops: ReadOp[] = [
    { op: 'get', path: '/k1', dataLength: 10 },
    { op: 'getAcl', path: '/k1' },
    { op: 'children', path: '/k1', numChildren: 2 },
    { op: 'get', path: '/k2', dataLength: 10 },
    { op: 'get', path: '/k3', dataLength: 10 },
    { op: 'get', path: '/k4', dataLength: 10 },
    { op: 'get', path: '/big', dataLength: 20_000 },
    { op: 'get', path: '/u1' },
    { op: 'get', path: '/u2' },
    { op: 'get', path: '/u3' },
    { op: 'get', path: '/u4' },
  ];
  assert.deepEqual(planReads(ops, limits, true, undefined), [
    { kind: 'single', index: 1 },
    { kind: 'multi', indexes: [0, 2, 3, 4] },
    { kind: 'single', index: 6 },
    { kind: 'multi', indexes: [5, 7, 8, 9] },
    { kind: 'multi', indexes: [10] },
  ]);
  assert.ok(planReads(ops, limits, false, undefined).every((g) => g.kind === 'single'));
  // Request bytes: 14 + path + chroot per op; long paths close the request early.
  const long = Array.from({ length: 4 }, (_, i): ReadOp => ({ op: 'get', path: `/${'x'.repeat(60)}${i}`, dataLength: 0 }));
  assert.deepEqual(
    planReads(long, limits, true, '/chroot').map((g) => (g.kind === 'multi' ? g.indexes.length : 0)),
    [2, 2],
  );
  // One path longer than a whole request's budget goes alone.
  assert.deepEqual(planReads([{ op: 'get', path: `/${'y'.repeat(300)}` }], limits, true, undefined), [{ kind: 'single', index: 0 }]);
  // The defaults: 256 small reads per request, 8 of unknown size.
  const small = Array.from({ length: 600 }, (_, i): ReadOp => ({ op: 'get', path: `/n${i}`, dataLength: 20 }));
  assert.deepEqual(
    planReads(small, DEFAULT_READ_LIMITS, true, undefined).map((g) => (g.kind === 'multi' ? g.indexes.length : 0)),
    [256, 256, 88],
  );
  const unknown = Array.from({ length: 20 }, (_, i): ReadOp => ({ op: 'get', path: `/n${i}` }));
  assert.deepEqual(
    planReads(unknown, DEFAULT_READ_LIMITS, true, undefined).map((g) => (g.kind === 'multi' ? g.indexes.length : 0)),
    [8, 8, 4],
  );
});

test('reads are checked before anything is sent', () => {
  assert.throws(
    () => checkReadOp({ op: 'exists', path: '/a' } as unknown as ReadOp, 3),
    (e: unknown) => isZkError(e, 'BADARGUMENTS') && /read 3 has unknown type "exists"/.test(e.message),
  );
  assert.throws(
    () => checkReadOp({ op: 'get', path: '/a\u{1F600}' }, 0),
    (e: unknown) => isZkError(e, 'BADARGUMENTS') && /U\+1F600/.test(e.message),
  );
  assert.throws(() => checkReadOp({ op: 'get', path: '/a', dataLength: -1 }, 0), /size hint/);
  assert.throws(() => checkReadOp({ op: 'children', path: '/a', numChildren: 1.5 }, 0), /size hint/);
  checkReadOp({ op: 'getAcl', path: '/' }, 0);
});

/** A channel that answers from a table of nodes and can be told to fail multiReads. */
class TableChannel implements ReadChannel {
  readonly chroot = undefined;
  /** Every request sent: `multi:<paths>` or `<opcode>:<path>`. */
  readonly sent: string[] = [];
  unsupported = 0;
  connectedWaits = 0;
  /** Decides how a multiRead with these paths fails, if it does. */
  failMulti: (paths: string[]) => ZkError | undefined = () => undefined;

  constructor(private readonly nodes: ReadonlyMap<string, string>) {}

  send<T>(build: () => WireRequest<T>, _scope: CallScope, once: boolean): Promise<T> {
    const req = build();
    const body = new JuteReader(req.toBuffer().subarray(12));
    if (req.header.type === OP.MULTI_READ) {
      assert.equal(once, true, 'a multiRead is never resent by the session');
      const paths: string[] = [];
      const results: FakeResult[] = [];
      for (;;) {
        const type = body.int();
        const done = body.bool();
        body.int();
        if (done) break;
        const path = body.ustring() ?? '';
        body.bool();
        paths.push(path);
        const value = this.nodes.get(path);
        results.push(value === undefined ? { err: -101 } : type === OP.GET_DATA ? { data: Buffer.from(value) } : { children: [] });
      }
      this.sent.push(`multi:${paths.join(',')}`);
      const failure = this.failMulti(paths);
      if (failure) return Promise.reject(failure);
      return Promise.resolve(req.decode(new JuteReader(multiResponse(results))));
    }
    const path = body.ustring() ?? '';
    this.sent.push(`${req.header.type}:${path}`);
    const value = this.nodes.get(path);
    if (value === undefined) return Promise.reject(ZkError.fromCode(-101, { op: req.info.op, path }));
    const w = new JuteWriter();
    if (req.header.type === OP.GET_DATA) writeStat(w.buffer(Buffer.from(value)), stat(value.length));
    else if (req.header.type === OP.GET_CHILDREN2) writeStat(w.int(0), stat(value.length));
    else writeStat(w.int(1).int(31).ustring('world').ustring('anyone'), stat(value.length));
    return Promise.resolve(req.decode(new JuteReader(Buffer.from(w.bytes()))));
  }

  connected(): Promise<void> {
    this.connectedWaits++;
    return Promise.resolve();
  }

  onUnsupported(): void {
    this.unsupported++;
  }
}

const nodes = new Map([
  ['/a', 'A'],
  ['/b', 'BB'],
  ['/c', 'CCC'],
  ['/d', 'DDDD'],
]);
const gets = (...paths: string[]): ReadOp[] => paths.map((path) => ({ op: 'get', path, dataLength: 4 }));
const values = (out: readonly { ok: boolean }[]): string[] =>
  out.map((o) =>
    o.ok && 'value' in o && 'data' in (o.value as object)
      ? (o.value as { data: Buffer }).data.toString()
      : 'error' in o
        ? (o.error as ZkError).name
        : '?',
  );

async function withScope<T>(fn: (scope: CallScope) => Promise<T>): Promise<T> {
  const scope = new CallScope(5000);
  try {
    return await fn(scope);
  } finally {
    scope.dispose();
  }
}

test('the reader answers per op: gets and children in one multiRead, getAcl on its own', async () => {
  const channel = new TableChannel(nodes);
  const reader = new BatchReader(channel, DEFAULT_READ_LIMITS, true);
  assert.equal(reader.multiReadSupported, undefined);
  const out = await withScope((s) =>
    reader.read([...gets('/a', '/nope'), { op: 'getAcl', path: '/b' }, { op: 'children', path: '/c' }], s),
  );
  assert.deepEqual(channel.sent.sort(), [`${OP.GET_ACL}:/b`, 'multi:/a,/nope,/c']);
  assert.deepEqual(values(out.slice(0, 2)), ['A', 'NONODE']);
  assert.ok(out[2]?.ok && out[2].op === 'getAcl' && out[2].value.acl[0]?.scheme === 'world');
  assert.ok(out[3]?.ok && out[3].op === 'children');
  assert.equal(reader.multiReadSupported, true);
});

test('UNIMPLEMENTED (a server before 3.6) turns multiRead off once; the same reads arrive one by one', async () => {
  const channel = new TableChannel(nodes);
  channel.failMulti = () => new ZkError('UNIMPLEMENTED', { op: 'multiRead' });
  const reader = new BatchReader(channel, DEFAULT_READ_LIMITS, true);
  const out = await withScope((s) => reader.read(gets('/a', '/b', '/nope'), s));
  assert.deepEqual(values(out), ['A', 'BB', 'NONODE']);
  assert.equal(channel.unsupported, 1);
  assert.equal(reader.multiReadSupported, false);
  channel.sent.length = 0;
  const again = await withScope((s) => reader.read(gets('/c', '/d'), s));
  assert.deepEqual(values(again), ['CCC', 'DDDD']);
  assert.deepEqual(channel.sent, [`${OP.GET_DATA}:/c`, `${OP.GET_DATA}:/d`], 'no multiRead is tried again');
  assert.equal(channel.unsupported, 1);
});

test('multiRead off from the start sends single requests only', async () => {
  const channel = new TableChannel(nodes);
  const reader = new BatchReader(channel, DEFAULT_READ_LIMITS, false);
  const out = await withScope((s) => reader.read(gets('/a', '/b'), s));
  assert.deepEqual(values(out), ['A', 'BB']);
  assert.ok(channel.sent.every((s) => !s.startsWith('multi')));
  assert.equal(reader.multiReadSupported, false);
});

test('a multiRead lost after sending is split in halves, never sent whole again', async () => {
  const channel = new TableChannel(nodes);
  // The connection drops under any multiRead of more than one op, as if its reply were too big.
  channel.failMulti = (paths) => (paths.length > 1 ? new ZkError('CONNECTIONLOSS', { op: 'multiRead', sent: true }) : undefined);
  const reader = new BatchReader(channel, DEFAULT_READ_LIMITS, true);
  const out = await withScope((s) => reader.read(gets('/a', '/b', '/c', '/nope'), s));
  assert.deepEqual(values(out), ['A', 'BB', 'CCC', 'NONODE']);
  assert.deepEqual(channel.sent, [
    'multi:/a,/b,/c,/nope',
    'multi:/a,/b',
    'multi:/c,/nope',
    'multi:/a',
    'multi:/b',
    'multi:/c',
    'multi:/nope',
  ]);
  assert.equal(channel.connectedWaits, 3, 'each split waits for the connection first');
});

test('a multiRead refused before sending, or out of time, fails its reads with that error', async () => {
  const channel = new TableChannel(nodes);
  channel.failMulti = () => new ZkError('CONNECTIONLOSS', { op: 'multiRead', sent: false });
  const reader = new BatchReader(channel, DEFAULT_READ_LIMITS, true);
  const out = await withScope((s) => reader.read(gets('/a', '/b'), s));
  assert.deepEqual(values(out), ['CONNECTIONLOSS', 'CONNECTIONLOSS']);
  assert.deepEqual(channel.sent, ['multi:/a,/b']);
  channel.failMulti = () => new ZkError('OPERATIONTIMEOUT', { op: 'multiRead', sent: true });
  assert.deepEqual(values(await withScope((s) => reader.read(gets('/c'), s))), ['OPERATIONTIMEOUT']);
  assert.equal(reader.multiReadSupported, undefined);
});

test('one call keeps at most 512 requests out at once, however many reads it has', async () => {
  const channel = new TableChannel(nodes);
  let inFlight = 0;
  let peak = 0;
  const send = channel.send.bind(channel);
  channel.send = async <T>(build: () => WireRequest<T>, scope: CallScope, once: boolean): Promise<T> => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return send(build, scope, once);
  };
  const reader = new BatchReader(channel, DEFAULT_READ_LIMITS, true);
  const out = await withScope((s) =>
    reader.read(
      Array.from({ length: 2000 }, (): ReadOp => ({ op: 'getAcl', path: '/a' })),
      s,
    ),
  );
  assert.equal(out.filter((o) => o.ok).length, 2000);
  assert.equal(peak, 512);
});
