import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as zookeeper from 'node-zookeeper-client';
import { JUTE_MAX_BUFFER, ZK_CODES, ZkError, isZkError, nameOfCode, requestTooLarge, toZkError } from '../../src/core/zk/errors';
import { patchExceptionFactory } from '../../src/core/zk/libraryPatch';

test('known codes carry ZooKeeper names and codes', () => {
  const err = ZkError.fromCode(-101, { op: 'get', path: '/a' });
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'NONODE');
  assert.equal(err.code, -101);
  assert.equal(err.path, '/a');
  assert.match(err.message, /does not exist \(get \/a\)/);
  assert.equal(String(err), 'NONODE: the node does not exist (get /a)');
  assert.equal(nameOfCode(ZK_CODES.QUOTAEXCEEDED), 'QUOTAEXCEEDED');
  assert.equal(nameOfCode(-127), 'THROTTLEDOP');
});

test('unknown codes become UNKNOWN(<code>) and keep the number', () => {
  const err = ZkError.fromCode(-200);
  assert.equal(err.name, 'UNKNOWN(-200)');
  assert.equal(err.code, -200);
  assert.ok(isZkError(err, 'UNKNOWN(-200)'));
});

test('CANCELLED has no ZooKeeper code', () => {
  const err = new ZkError('CANCELLED');
  assert.equal(err.code, undefined);
  assert.ok(err.is('CANCELLED'));
});

test('isZkError narrows by name', () => {
  const err = new ZkError('BADVERSION');
  assert.ok(isZkError(err));
  assert.ok(isZkError(err, 'NONODE', 'BADVERSION'));
  assert.ok(!isZkError(err, 'NONODE'));
  assert.ok(!isZkError(new Error('x')));
});

test('toZkError maps library exceptions by code and wraps anything else', () => {
  const fromLib = toZkError({ code: -110, name: 'NODE_EXISTS' }, { path: '/x' });
  assert.equal(fromLib.name, 'NODEEXISTS');
  assert.equal(fromLib.path, '/x');
  const other = toZkError(new TypeError('boom'));
  assert.equal(other.name, 'SYSTEMERROR');
  assert.match(other.message, /boom/);
  const same = new ZkError('NOAUTH');
  assert.equal(toZkError(same), same);
});

test('an oversized request names jute.maxbuffer and 1 MB', () => {
  const err = requestTooLarge(2_000_000, JUTE_MAX_BUFFER, { op: 'set', path: '/big' });
  assert.equal(err.name, 'MARSHALLINGERROR');
  assert.equal(err.mayHaveApplied, false);
  assert.match(err.message, /jute\.maxbuffer/);
  assert.match(err.message, /1 MB/);
});

test('the library exception factory no longer throws on codes it does not know', () => {
  patchExceptionFactory();
  const create = (zookeeper.Exception as unknown as { create: (code: number) => { code: number; name: string } }).create;
  const quota = create(-125);
  assert.equal(quota.code, -125);
  assert.equal(quota.name, 'QUOTAEXCEEDED');
  assert.ok(quota instanceof zookeeper.Exception);
  assert.equal(create(-101).name, 'NO_NODE');
  assert.equal(toZkError(create(-999)).name, 'UNKNOWN(-999)');
});
