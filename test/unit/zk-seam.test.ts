/**
 * The seam around node-zookeeper-client: the installed version has every internal we touch (an
 * upgrade that changes one fails here, naming it), a changed shape is refused loudly, and the
 * patch is not applied by importing the module.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExceptionFactoryPatched, libraryConnectionManager, patchExceptionFactory } from '../../src/core/zk/libraryPatch';
import { assertShape, shapeProblems } from '../../src/core/zk/libraryTypes';

test('the installed node-zookeeper-client has every ConnectionManager field and method the seam uses', () => {
  assert.deepEqual(shapeProblems(libraryConnectionManager()), []);
});

test('a ConnectionManager missing a method or with a changed field is refused, naming each difference', () => {
  const cm = libraryConnectionManager() as Record<string, unknown>;
  const copy = Object.create(Object.getPrototypeOf(cm) as object) as Record<string, unknown>;
  const broken = Object.assign(copy, cm, { sessionPassword: 'x', pendingQueue: undefined });
  broken['onSocketConnected'] = undefined;
  const named = /method onSocketConnected.*field sessionPassword, field pendingQueue.*libraryPatch\.ts needs updating/;
  assert.throws(() => assertShape(broken), named);
  assert.throws(() => assertShape(undefined), /no connectionManager/);
});

test('importing the seam patches nothing; the explicit call does, once', () => {
  assert.equal(isExceptionFactoryPatched(), false);
  patchExceptionFactory();
  patchExceptionFactory();
  assert.equal(isExceptionFactoryPatched(), true);
});
