import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isZkError } from '../../src/core/zk/errors';
import { baseName, isWithin, joinPath, parentPath, pathProblem, validatePath, withChroot, withoutChroot } from '../../src/core/zk/paths';

test('valid paths pass', () => {
  for (const p of ['/', '/a', '/a/b-c_d.e', '/sandbox/config/unicode-名前', '/zookeeper/quota']) assert.equal(pathProblem(p), undefined, p);
});

test('invalid paths are refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['a/b', /start with/],
    ['/a/', /end with/],
    ['/a//b', /empty segment/],
    ['/a/./b', /relative/],
    ['/a/..', /relative/],
    ['/a\u0000b', /null/],
    ['/a\u0007', /control/],
    ['/a\ufff5', /reserved/],
  ];
  for (const [path, why] of cases) assert.match(pathProblem(path) ?? 'accepted', why, JSON.stringify(path));
});

test('sequential creates may end with a slash', () => {
  assert.equal(pathProblem('/queue/', true), undefined);
  assert.match(pathProblem('/queue/') ?? '', /end with/);
});

test('validatePath throws BADARGUMENTS', () => {
  assert.throws(() => validatePath('nope', 'get'), (err: unknown) => isZkError(err, 'BADARGUMENTS') && /start with/.test(err.message));
  assert.equal(validatePath('/ok'), '/ok');
});

test('join, parent, basename and containment', () => {
  assert.equal(joinPath('/', 'a'), '/a');
  assert.equal(joinPath('/a', 'b'), '/a/b');
  assert.throws(() => joinPath('/a', 'b/c'));
  assert.equal(parentPath('/a/b'), '/a');
  assert.equal(parentPath('/a'), '/');
  assert.equal(parentPath('/'), undefined);
  assert.equal(baseName('/a/b'), 'b');
  assert.equal(baseName('/'), '');
  assert.ok(isWithin('/a/b', '/a'));
  assert.ok(isWithin('/a', '/a'));
  assert.ok(!isWithin('/ab', '/a'));
  assert.ok(isWithin('/x', '/'));
});

test('chroot is added and removed', () => {
  assert.equal(withChroot('/', '/app'), '/app');
  assert.equal(withChroot('/x', '/app'), '/app/x');
  assert.equal(withChroot('/x', undefined), '/x');
  assert.equal(withoutChroot('/app', '/app'), '/');
  assert.equal(withoutChroot('/app/x', '/app'), '/x');
  assert.equal(withoutChroot('/apple', '/app'), undefined);
  assert.equal(withoutChroot('/x', undefined), '/x');
});
