import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  OPEN_ACL_UNSAFE,
  Perms,
  authAcl,
  digestAcl,
  digestId,
  formatAcl,
  ipAcl,
  parseAcl,
  parsePerms,
  permsToString,
  superDigest,
  validateAcl,
  worldAcl,
} from '../../src/core/zk/acl';
import { isZkError } from '../../src/core/zk/errors';

test('permission letters round-trip in zkCli order', () => {
  assert.equal(permsToString(Perms.ALL), 'cdrwa');
  assert.equal(permsToString(Perms.READ | Perms.WRITE), 'rw');
  assert.equal(parsePerms('cdrwa'), 31);
  assert.equal(parsePerms('ra'), Perms.READ | Perms.ADMIN);
  assert.throws(
    () => parsePerms('rx'),
    (e: unknown) => isZkError(e, 'BADARGUMENTS'),
  );
});

test('digest ids are user:base64(sha1(user:password))', () => {
  const expected = `alice:${createHash('sha1').update('alice:secret').digest('base64')}`;
  assert.equal(digestId('alice', 'secret'), expected);
  assert.deepEqual(digestAcl('alice', 'secret', Perms.READ), { perms: 1, scheme: 'digest', id: expected });
  assert.equal(superDigest('pw'), `super:${createHash('sha1').update('super:pw').digest('base64')}`);
  assert.throws(() => digestId('a:b', 'x'));
});

test('the other schemes', () => {
  assert.deepEqual(worldAcl(), OPEN_ACL_UNSAFE[0]);
  assert.deepEqual(ipAcl('10.0.0.0/8', Perms.READ), { perms: 1, scheme: 'ip', id: '10.0.0.0/8' });
  assert.throws(() => ipAcl('not-an-ip'));
  assert.deepEqual(authAcl(), { perms: 31, scheme: 'auth', id: '' });
});

test('zkCli text form parses and formats, digest colons included', () => {
  const acl = digestAcl('bob', 'pw');
  const text = formatAcl(acl);
  assert.match(text, /^digest:bob:.+:cdrwa$/);
  assert.deepEqual(parseAcl(text), acl);
  assert.deepEqual(parseAcl('world:anyone:r'), { scheme: 'world', id: 'anyone', perms: 1 });
  assert.throws(
    () => parseAcl('world'),
    (e: unknown) => isZkError(e, 'BADARGUMENTS'),
  );
});

test('lists ZooKeeper would refuse are refused with a reason', () => {
  assert.throws(
    () => validateAcl([]),
    (e: unknown) => isZkError(e, 'INVALIDACL') && /at least one/.test(e.message),
  );
  assert.throws(() => validateAcl([{ perms: 64, scheme: 'world', id: 'anyone' }]), /outside/);
  assert.throws(() => validateAcl([{ perms: 1, scheme: 'world', id: 'bob' }]), /anyone/);
  assert.throws(() => validateAcl([{ perms: 1, scheme: 'digest', id: 'bob' }]), /digestAcl/);
  assert.equal(validateAcl(OPEN_ACL_UNSAFE).length, 1);
});
