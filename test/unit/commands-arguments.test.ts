import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArgumentError,
  OperationSteps,
  clusterFor,
  clusterRef,
  isScripted,
  parseArguments,
  runOperation,
} from '../../src/ui/commands/operations/arguments';
import { addClusterArguments } from '../../src/ui/commands/operations/clusters';
import { createZnodeArguments } from '../../src/ui/commands/operations/createZnode';
import { deleteZnodeArguments } from '../../src/ui/commands/operations/deleteZnode';
import { diffArguments } from '../../src/ui/commands/operations/diffSubtrees';
import { editAclArguments } from '../../src/ui/commands/operations/editAcl';
import { exportArguments } from '../../src/ui/commands/operations/exportSubtree';
import { importArguments } from '../../src/ui/commands/operations/importSubtree';
import { moveZnodeArguments } from '../../src/ui/commands/operations/moveZnode';
import { searchArguments } from '../../src/ui/commands/operations/search';
import { unwatchArguments, watchArguments } from '../../src/ui/commands/operations/watches';

// The one validator of the commands' scripted arguments (zod schemas, one error shape) in plain
// node: the argument shapes host tests, the dashboard and runbooks pass, and what is refused.

/** The ArgumentError a call throws, for its fields. */
function refusal(command: string, schema: Parameters<typeof parseArguments>[1], raw: unknown): ArgumentError {
  try {
    parseArguments(command, schema, raw);
  } catch (err) {
    assert.ok(err instanceof ArgumentError, `not an ArgumentError: ${String(err)}`);
    assert.ok(err.message.startsWith(`${command}: `), err.message);
    return err;
  }
  assert.fail(`${command} accepted ${JSON.stringify(raw)}`);
}

const FILE = '/tmp/export.json';

test('a scripted argument is a plain object or a cluster id; a tree row, a URI or nothing is the user', () => {
  class Row {
    readonly clusterId = 'rw';
  }
  assert.equal(isScripted({ clusterId: 'rw' }), true);
  assert.equal(isScripted(Object.assign(Object.create(null) as object, { clusterId: 'rw' })), true);
  assert.equal(isScripted('rw'), true);
  assert.equal(isScripted(new Row()), false);
  assert.equal(isScripted(new URL('zk://rw/a')), false);
  assert.equal(isScripted(undefined), false);
  assert.equal(isScripted(null), false);
  assert.equal(isScripted([{ clusterId: 'rw' }]), false);
});

test('the host tests argument shapes validate, with their defaults', () => {
  assert.deepEqual(
    parseArguments('zookeeper.importSubtree', importArguments, { clusterId: 'rw', path: '/dest', file: FILE, policy: 'fail' }),
    {
      clusterId: 'rw',
      path: '/dest',
      file: FILE,
      policy: 'fail',
      apply: false,
      includeEphemeral: false,
      forceDepth: false,
    },
  );
  assert.equal(
    parseArguments('zookeeper.importSubtree', importArguments, { clusterId: 'rw', path: '/d', file: FILE, apply: true }).apply,
    true,
  );
  assert.equal(parseArguments('zookeeper.exportSubtree', exportArguments, { clusterId: 'rw', path: '/src', file: FILE }).aclMasked, 'fail');
  assert.deepEqual(
    parseArguments('zookeeper.createZnode', createZnodeArguments, { clusterId: 'rw', parent: '/r', name: 'made', data: 'hello' }),
    {
      clusterId: 'rw',
      parent: '/r',
      name: 'made',
      mode: 'persistent',
      data: 'hello',
      forceDepth: false,
    },
  );
  assert.equal(
    parseArguments('zookeeper.createZnode', createZnodeArguments, {
      clusterId: 'rw',
      parent: '/r',
      name: 'job-',
      mode: 'persistent-sequential',
    }).data,
    '',
  );
  assert.deepEqual(parseArguments('zookeeper.renameZnode', moveZnodeArguments, { clusterId: 'rw', from: '/a', to: '/b' }), {
    clusterId: 'rw',
    from: '/a',
    to: '/b',
  });
  assert.equal(
    parseArguments('zookeeper.deleteZnode', deleteZnodeArguments, { clusterId: 'rw', path: '/a', expectedCount: 2 }).expectedCount,
    2,
  );
  assert.deepEqual(
    parseArguments('zookeeper.search', searchArguments, {
      clusterId: 'rw',
      path: '/s',
      query: { data: { text: 'NEEDLE', caseSensitive: false } },
    }).query,
    { data: { text: 'NEEDLE', caseSensitive: false } },
  );
  assert.deepEqual(
    parseArguments('zookeeper.diffSubtrees', diffArguments, {
      left: { clusterId: 'rw', path: '/a' },
      right: { clusterId: 'ro', path: '/b' },
    }).right,
    { clusterId: 'ro', path: '/b' },
  );
  assert.equal(
    parseArguments('zookeeper.watchSubtree', watchArguments, { clusterId: 'rw', path: '/w', name: ' host-watch ' }).name,
    'host-watch',
  );
  assert.deepEqual(parseArguments('zookeeper.unwatch', unwatchArguments, { clusterId: 'rw', name: 'w' }), { clusterId: 'rw', name: 'w' });
  assert.deepEqual(parseArguments('zookeeper.connect', clusterRef, 'rw'), { clusterId: 'rw' });
  assert.deepEqual(parseArguments('zookeeper.connect', clusterRef, { clusterId: 'rw' }), { clusterId: 'rw' });
});

test('an edited ACL is parsed entry by entry; a bad entry is named by its index', () => {
  const args = parseArguments('zookeeper.editAcl', editAclArguments, {
    clusterId: 'rw',
    path: '/acl',
    acl: ['world:anyone:r', 'ip:127.0.0.1:cdrwa'],
  });
  assert.deepEqual(args.acl, [
    { scheme: 'world', id: 'anyone', perms: 1 },
    { scheme: 'ip', id: '127.0.0.1', perms: 31 },
  ]);
  const bad = refusal('zookeeper.editAcl', editAclArguments, { clusterId: 'rw', path: '/acl', acl: ['world:anyone:r', 'nonsense'] });
  assert.equal(bad.field, 'acl.1');
  assert.match(bad.message, /"nonsense" is not scheme:id:perms/);
  assert.equal(refusal('zookeeper.editAcl', editAclArguments, { clusterId: 'rw', path: '/acl', acl: [] }).field, 'acl');
});

test('errors name the command and the field: wrong values, wrong types, missing and unknown fields', () => {
  const policy = refusal('zookeeper.importSubtree', importArguments, { clusterId: 'rw', path: '/d', file: FILE, policy: 'merge' });
  assert.equal(policy.field, 'policy');
  assert.match(policy.message, /^zookeeper\.importSubtree: argument "policy": .*"skip".*"overwrite".*"fail"/);
  // A misspelt `apply` must not silently become a dry run.
  assert.match(
    refusal('zookeeper.importSubtree', importArguments, { clusterId: 'rw', path: '/d', file: FILE, aply: true }).message,
    /aply/,
  );
  assert.equal(
    refusal('zookeeper.importSubtree', importArguments, { clusterId: 'rw', path: '/d', file: FILE, apply: 'yes' }).field,
    'apply',
  );
  assert.equal(refusal('zookeeper.importSubtree', importArguments, { clusterId: 'rw', path: '/d', file: 'relative.json' }).field, 'file');
  assert.equal(
    refusal('zookeeper.exportSubtree', exportArguments, { clusterId: 'rw', path: '/s', file: FILE, aclMasked: 'maybe' }).field,
    'aclMasked',
  );
  const path = refusal('zookeeper.renameZnode', moveZnodeArguments, { clusterId: 'rw', from: 'a', to: '/b' });
  assert.equal(path.field, 'from');
  assert.match(path.message, /must start with "\/"/);
  assert.equal(refusal('zookeeper.deleteZnode', deleteZnodeArguments, { clusterId: 'rw', path: '/a' }).field, 'expectedCount');
  assert.equal(refusal('zookeeper.deleteZnode', deleteZnodeArguments, { clusterId: 'rw', path: '/', expectedCount: 1 }).field, 'path');
  assert.equal(refusal('zookeeper.deleteZnode', deleteZnodeArguments, { path: '/a', expectedCount: 1 }).field, 'clusterId');
  assert.equal(refusal('zookeeper.createZnode', createZnodeArguments, { clusterId: 'rw', parent: '/r', name: 'a/b' }).field, 'name');
  assert.equal(refusal('zookeeper.createZnode', createZnodeArguments, { clusterId: 'rw', parent: '/r', name: '' }).field, 'name');
  assert.equal(
    refusal('zookeeper.createZnode', createZnodeArguments, { clusterId: 'rw', parent: '/r', name: 'a', mode: 'durable' }).field,
    'mode',
  );
  assert.equal(
    refusal('zookeeper.diffSubtrees', diffArguments, { left: { path: '/a' }, right: { clusterId: 'rw', path: '/b' } }).field,
    'left.clusterId',
  );
  assert.equal(refusal('zookeeper.watchZnode', watchArguments, { clusterId: 'rw', path: '/w', name: '  ' }).field, 'name');
  assert.equal(refusal('zookeeper.connect', clusterRef, { clusterId: 'rw', extra: 1 }).field, '');
  // A whole argument of the wrong kind.
  assert.match(refusal('zookeeper.deleteZnode', deleteZnodeArguments, 'rw').message, /^zookeeper\.deleteZnode: the argument: /);
});

test('a search query is checked as the search would compile it', () => {
  const regex = refusal('zookeeper.search', searchArguments, { clusterId: 'rw', path: '/s', query: { name: { regex: '(' } } });
  assert.equal(regex.field, 'query');
  assert.match(regex.message, /regular expression/i);
  assert.match(refusal('zookeeper.search', searchArguments, { clusterId: 'rw', path: '/s', query: {} }).message, /needs "name" or "data"/);
  assert.equal(
    refusal('zookeeper.search', searchArguments, { clusterId: 'rw', path: '/s', query: { name: { glob: '' } } }).field,
    'query.name.glob',
  );
});

test('a cluster from code: the connect string is checked, credentials go in pairs, the id follows the name', () => {
  const form = parseArguments('zookeeper.addCluster', addClusterArguments, {
    refresh: 'manual',
    password: 'pw-carol',
    name: ' Prod East ',
    user: 'carol',
    connectString: '10.0.0.1:2181,10.0.0.2:2181/kafka',
  });
  assert.deepEqual(form, {
    config: { id: 'prod-east', name: 'Prod East', connectString: '10.0.0.1:2181,10.0.0.2:2181/kafka', readOnly: false, refresh: 'manual' },
    credentials: { user: 'carol', password: 'pw-carol' },
  });
  const plain = parseArguments('zookeeper.addCluster', addClusterArguments, { name: 'p', connectString: '127.0.0.1:2181', readOnly: true });
  assert.deepEqual([plain.config.readOnly, plain.config.refresh, plain.credentials], [true, 'watch', undefined]);
  const bad = refusal('zookeeper.addCluster', addClusterArguments, { name: 'bad', connectString: 'host:99999' });
  assert.equal(bad.field, 'connectString');
  assert.match(bad.message, /Invalid connect string/);
  assert.equal(
    refusal('zookeeper.addCluster', addClusterArguments, { name: 'p', connectString: '127.0.0.1:2181', user: 'bob' }).field,
    'password',
  );
});

test('an unknown cluster id is refused by name', () => {
  const clusters = {
    get: (id: string) =>
      id === 'rw' ? { id, name: 'rw', connectString: '127.0.0.1:2181', readOnly: false, refresh: 'watch' as const } : undefined,
  };
  assert.equal(clusterFor('zookeeper.search', clusters, 'rw').id, 'rw');
  assert.throws(
    () => clusterFor('zookeeper.diffSubtrees', clusters, 'gone', 'right.clusterId'),
    (err: unknown) => err instanceof ArgumentError && err.field === 'right.clusterId' && /no cluster with id "gone"/.test(err.message),
  );
});

test('a command runs its operation on validated arguments from code, on gathered ones from the user; only the user gets the report', async () => {
  const calls: string[] = [];
  const steps: OperationSteps<{ clusterId: string }, string> = {
    id: 'zookeeper.example',
    schema: clusterRef,
    gather: async (arg) => {
      calls.push(`gather ${String(arg)}`);
      return arg === 'cancel' ? undefined : { clusterId: 'picked' };
    },
    operate: async (args) => {
      calls.push(`operate ${args.clusterId}`);
      return `done ${args.clusterId}`;
    },
    report: (outcome) => void calls.push(`report ${outcome}`),
  };
  assert.equal(await runOperation(steps, { clusterId: 'rw' }), 'done rw');
  assert.deepEqual(calls.splice(0), ['operate rw']);
  assert.equal(await runOperation(steps, undefined), 'done picked');
  assert.deepEqual(calls.splice(0), ['gather undefined', 'operate picked', 'report done picked']);
  await assert.rejects(runOperation(steps, { cluster: 'rw' }), /zookeeper\.example: /);
  assert.deepEqual(calls.splice(0), [], 'a bad argument reaches neither step');
  class Row {}
  assert.equal(await runOperation({ ...steps, gather: async () => undefined }, new Row()), undefined);
  assert.deepEqual(calls.splice(0), [], 'cancelled while gathering: nothing runs');
});
