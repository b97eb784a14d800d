import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isZkError } from '../../src/core/zk/errors';
import { baseName, isWithin, joinPath, parentPath, pathProblem, validatePath, withChroot, withoutChroot } from '../../src/core/zk/paths';

test('valid paths pass', () => {
  for (const p of ['/', '/a', '/a/b-c_d.e', '/sandbox/config/unicode-名前', '/zookeeper/quota', '/.hidden', '/a/...', '/a/..b', '/a/b.'])
    assert.equal(pathProblem(p), undefined, p);
});

test('invalid paths are refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['a/b', /start with/],
    ['/a/', /end with/],
    ['/a//b', /empty segment/],
    ['/a/./b', /relative/],
    ['/a/..', /relative/],
    ['/../a', /relative/],
    ['/.', /relative/],
    ['/a\u0000b', /null/],
    ['/a\u0007', /control/],
    ['/a\ufff5', /reserved/],
  ];
  for (const [path, why] of cases) assert.match(pathProblem(path) ?? 'accepted', why, JSON.stringify(path));
});

test('characters the server refuses are refused here too, with what they are', () => {
  // The server checks UTF-16 units: U+D800–U+F8FF (surrogates and private use) and U+FFF0–U+FFFF.
  const emoji = pathProblem('/app/rocket-\u{1F680}');
  assert.match(emoji ?? 'accepted', /\u{1F680} \(U\+1F680\).*above U\+FFFF.*emoji/u);
  assert.match(pathProblem('/\u{20000}') ?? 'accepted', /U\+20000/, 'a CJK extension B ideograph is outside the BMP too');
  assert.match(pathProblem('/a\ud800') ?? 'accepted', /unpaired surrogate U\+D800/);
  assert.match(pathProblem('/a\udc00b') ?? 'accepted', /unpaired surrogate U\+DC00/);
  assert.match(pathProblem('/pua\ue000') ?? 'accepted', /reserved character U\+E000/);
  assert.match(pathProblem('/pua\uf8ff') ?? 'accepted', /reserved character U\+F8FF/);
  assert.match(pathProblem('/x\uffff') ?? 'accepted', /reserved character U\+FFFF/);
  assert.match(pathProblem('/c1\u0085') ?? 'accepted', /control character U\+0085/);
  assert.match(pathProblem('/del\u007f') ?? 'accepted', /control character U\+007F/);
  // The edges just outside the refused ranges are fine.
  for (const ok of ['/\u00a0', '/\ud7ff', '/\uf900', '/\uffef', '/名前/ключ/ελληνικά', '/\u00e9t\u00e9'])
    assert.equal(pathProblem(ok), undefined, JSON.stringify(ok));
  assert.throws(
    () => validatePath('/\u{1F600}', 'create'),
    (err: unknown) => isZkError(err, 'BADARGUMENTS') && /invalid znode path: .*U\+1F600/.test(err.message),
  );
  assert.match(pathProblem('/queue/\u{1F600}-', true) ?? 'accepted', /U\+1F600/, 'sequential prefixes are checked too');
});

test('sequential creates may end with a slash', () => {
  assert.equal(pathProblem('/queue/', true), undefined);
  assert.match(pathProblem('/queue/') ?? '', /end with/);
});

test('validatePath throws BADARGUMENTS', () => {
  assert.throws(
    () => validatePath('nope', 'get'),
    (err: unknown) => isZkError(err, 'BADARGUMENTS') && /start with/.test(err.message),
  );
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
