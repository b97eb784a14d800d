import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ZkError, requestTooLarge } from '../../src/core/zk/errors';
import { RawStat, decodeStat } from '../../src/core/zk/stat';
import { describeError, isSilent } from '../../src/ui/commands/errorText';
import {
  describeZnode,
  formatBytes,
  isSequentialName,
  safeLabel,
  statText,
  statTooltip,
  znodeIcon,
} from '../../src/ui/explorer/znodePresentation';

const raw: RawStat = {
  czxid: 0x100000002n,
  mzxid: 0x100000005n,
  ctime: 1_700_000_000_000n,
  mtime: 1_700_000_100_000n,
  version: 3,
  cversion: 7,
  aversion: 1,
  ephemeralOwner: 0n,
  dataLength: 2048,
  numChildren: 12,
  pzxid: 0x100000009n,
};

test('descriptions: child count and size, each left out when zero', () => {
  assert.equal(describeZnode(12, 2048), '12 children · 2.0 KB');
  assert.equal(describeZnode(1, 0), '1 child');
  assert.equal(describeZnode(300_000, 5), '300,000 children · 5 B');
  assert.equal(describeZnode(0, 0), '');
  assert.equal(formatBytes(3 * 1024 * 1024 + 1), '3.00 MB');
});

test('icons follow the node kind: ephemeral, container, TTL, sequential, folder, file', () => {
  assert.equal(znodeIcon('x', decodeStat({ ...raw, ephemeralOwner: 0x1000abcn })), 'pulse');
  assert.equal(znodeIcon('x', decodeStat({ ...raw, ephemeralOwner: -0x8000000000000000n })), 'package');
  assert.equal(znodeIcon('x', decodeStat({ ...raw, ephemeralOwner: 0xff0000000000ea60n })), 'clock');
  assert.equal(znodeIcon('lock-0000000012', decodeStat({ ...raw, numChildren: 0 })), 'list-ordered');
  assert.equal(znodeIcon('dir', decodeStat(raw)), 'folder');
  assert.equal(znodeIcon('leaf', decodeStat({ ...raw, numChildren: 0 })), 'file');
  assert.equal(znodeIcon('gone', undefined), 'circle-slash');
  assert.ok(isSequentialName('job-0000000001') && !isSequentialName('job-1'));
});

test('tooltips and stat text are plain text with every stat field', () => {
  const tip = statTooltip('/app/config', decodeStat(raw));
  for (const part of [
    '/app/config',
    'version 3',
    'cversion 7',
    'acl version: 1',
    '0x100000002',
    '0x100000005',
    '0x100000009',
    '2023-11-14T22:13:20.000Z',
  ]) {
    assert.ok(tip.includes(part), `tooltip lacks ${part}:\n${tip}`);
  }
  const text = statText('/app/config', decodeStat({ ...raw, ephemeralOwner: 0x1000abcn }));
  assert.match(text, /^path = \/app\/config$/m);
  assert.match(text, /^ephemeralOwner = 0x1000abc$/m);
  assert.match(text, /^kind = ephemeral$/m);
});

test('untrusted names cannot reorder or fake text: bidi controls are escaped, markdown is left as plain characters', () => {
  assert.equal(safeLabel('evil\u202Etxt.exe'), 'evil\\u202etxt.exe');
  assert.equal(safeLabel('[click](command:x) <b>*y*</b>'), '[click](command:x) <b>*y*</b>');
  assert.ok(!statTooltip('/a\u2066b', decodeStat(raw)).includes('\u2066'));
});

test('errors read as actions: NOAUTH names the cluster and the fix', () => {
  assert.match(
    describeError(new ZkError('NOAUTH', { op: 'get', path: '/secret' }), { clusterName: 'prod' }),
    /^Not authorised \(get \/secret\): set credentials for prod/,
  );
  assert.match(describeError(new ZkError('AUTHFAILED'), { clusterName: 'prod' }), /Authentication failed for prod/);
  assert.match(describeError(new ZkError('NOTREADONLY'), { clusterName: 'prod' }), /prod is read-only/);
  assert.match(
    describeError(new ZkError('TLSERROR', { op: 'connect', message: 'zk1:2281: the server requires a client certificate' }), {
      clusterName: 'prod',
    }),
    /^TLS connection to prod failed: zk1:2281: the server requires a client certificate \(connect\)\. Check the cluster's "tls" settings/,
  );
  assert.match(
    describeError(requestTooLarge(2_000_000, 1_048_575, { op: 'set', path: '/big' })),
    /2000000 bytes is over the servers' jute\.maxbuffer/,
  );
  assert.match(
    describeError(new ZkError('CONNECTIONLOSS', { op: 'set', mayHaveApplied: true }), { clusterName: 'prod' }),
    /may or may not have been applied/,
  );
  assert.match(describeError(new ZkError('BADVERSION', { path: '/a' })), /changed on the server/);
  assert.equal(describeError(new Error('plain')), 'plain');
  assert.equal(describeError('text'), 'text');
  assert.ok(isSilent(new ZkError('CANCELLED')) && !isSilent(new ZkError('NONODE')));
});
