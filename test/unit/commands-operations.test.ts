import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterConfig } from '../../src/core/clusters/clusterConfig';
import { Perms, ZkAcl, parseAcl } from '../../src/core/zk/acl';
import type { AclResult } from '../../src/core/zk/requests';
import type { ZkStat } from '../../src/core/zk/stat';
import { ArgumentError } from '../../src/ui/commands/operations/arguments';
import { addCluster, removeCluster } from '../../src/ui/commands/operations/clusters';
import { editAcl } from '../../src/ui/commands/operations/editAcl';
import { moveZnode } from '../../src/ui/commands/operations/moveZnode';
import type { Confirmation } from '../../src/ui/commands/operations/services';
import { watchZnode } from '../../src/ui/commands/operations/watches';

// Operations over narrow fakes of the services they take (no editor, no server): what each asks,
// what it writes, and what it refuses before writing. Their ZooKeeper behaviour is the core's
// (tested against real ensembles); the host suite runs them inside the editor.

const cluster = (id: string, readOnly = false): ClusterConfig => ({
  id,
  name: id,
  connectString: '127.0.0.1:2181',
  readOnly,
  refresh: 'watch',
});

function registry(...clusters: ClusterConfig[]) {
  return { get: (id: string) => clusters.find((c) => c.id === id) };
}

/** Answers confirmations like a user pressing the button (or not); records the questions. */
function prompts(answer: boolean) {
  const asked: Confirmation[] = [];
  return {
    asked,
    confirm: async (question: Confirmation) => {
      asked.push(question);
      return answer;
    },
  };
}

/** A session that only has an ACL (version `aversion`) and records what is written. */
function aclSession(aversion: number) {
  const reads: string[] = [];
  const writes: { path: string; acl: readonly ZkAcl[]; version: number }[] = [];
  return {
    reads,
    writes,
    sync: async (path: string): Promise<void> => {
      reads.push(`sync ${path}`);
    },
    getAcl: async (path: string): Promise<AclResult> => {
      reads.push(path);
      return { acl: [parseAcl('world:anyone:cdrwa')], stat: { aversion } as ZkStat };
    },
    setAcl: async (path: string, acl: readonly ZkAcl[], version: number): Promise<ZkStat> => {
      writes.push({ path, acl, version });
      return { aversion: version + 1 } as ZkStat;
    },
  };
}

const ACL = [parseAcl('world:anyone:r'), parseAcl('ip:127.0.0.1:cdrwa')];

test('editAcl asks, then writes with the ACL version it read; declined, it writes nothing', async () => {
  const session = aclSession(4);
  const yes = prompts(true);
  const services = { registry: registry(cluster('rw')), connections: { connect: async () => session }, prompts: yes };
  assert.deepEqual(await editAcl(services, { clusterId: 'rw', path: '/a', acl: ACL }), ['world:anyone:r', 'ip:127.0.0.1:cdrwa']);
  assert.deepEqual(session.writes, [{ path: '/a', acl: ACL, version: 4 }]);
  assert.deepEqual(session.reads, ['sync /a', '/a'], 'the version comes from a synced read, not a lagging member');
  assert.equal(yes.asked[0]?.message, 'Replace the ACL of /a on rw with 2 entries?');
  assert.equal(yes.asked[0]?.detail, 'world:anyone:r\nip:127.0.0.1:cdrwa');

  const no = prompts(false);
  assert.equal(await editAcl({ ...services, prompts: no }, { clusterId: 'rw', path: '/a', acl: ACL }), undefined);
  assert.equal(no.asked.length, 1);
  assert.equal(session.writes.length, 1, 'declined: no write');
});

test('editAcl writes against the version the user edited, and warns when no entry keeps admin', async () => {
  const session = aclSession(9);
  const yes = prompts(true);
  const services = { registry: registry(cluster('rw')), connections: { connect: async () => session }, prompts: yes };
  const readOnly = [{ ...ACL[0]!, perms: Perms.READ }];
  await editAcl(services, { clusterId: 'rw', path: '/b', acl: readOnly, aclVersion: 2 });
  assert.deepEqual(session.reads, [], 'the edited version is not read again');
  assert.equal(session.writes[0]?.version, 2, 'a concurrent change since version 2 is refused by the server');
  assert.match(yes.asked[0]?.message ?? '', /^No entry keeps the admin permission/);
});

test('editAcl refuses a read-only or unknown cluster and an empty ACL before connecting', async () => {
  const yes = prompts(true);
  const services = {
    registry: registry(cluster('ro', true)),
    connections: { connect: async () => assert.fail('connected') },
    prompts: yes,
  };
  await assert.rejects(editAcl(services, { clusterId: 'ro', path: '/a', acl: ACL }), /ro is read-only/);
  await assert.rejects(
    editAcl(services, { clusterId: 'gone', path: '/a', acl: ACL }),
    (err: unknown) => err instanceof ArgumentError && err.command === 'zookeeper.editAcl' && err.field === 'clusterId',
  );
  await assert.rejects(
    editAcl({ ...services, registry: registry(cluster('rw')) }, { clusterId: 'rw', path: '/a', acl: [] }),
    /at least one entry/,
  );
  assert.equal(yes.asked.length, 0);
});

test('a move asks before it connects; declined or to the same path, nothing happens', async () => {
  const services = {
    registry: registry(cluster('rw')),
    connections: { connect: async () => assert.fail('connected') },
    progress: { run: async () => assert.fail('progress') },
    tree: { reload: () => assert.fail('reload'), reloadRow: async () => assert.fail('reloadRow') },
    fs: { serverChanged: () => assert.fail('serverChanged') },
    output: { appendLine: () => assert.fail('logged') },
    backupDir: '/tmp/backups',
  };
  const no = prompts(false);
  assert.equal(await moveZnode({ ...services, prompts: no }, { clusterId: 'rw', from: '/a', to: '/b' }), undefined);
  assert.deepEqual(
    no.asked.map((q) => [q.message, q.button]),
    [['Move /a to /b on rw?', 'Move']],
  );
  assert.match(no.asked[0]?.detail ?? '', /backup is written first to \/tmp\/backups/);
  const yes = prompts(true);
  assert.equal(await moveZnode({ ...services, prompts: yes }, { clusterId: 'rw', from: '/a', to: '/a' }), undefined);
  assert.equal(yes.asked.length, 0, 'nothing to move: nothing asked');
});

test('watchZnode names the watch after the path unless told, and logs it', async () => {
  const added: unknown[] = [];
  const lines: string[] = [];
  const services = {
    registry: registry(cluster('rw')),
    watches: { add: async (d: unknown) => void added.push(d) },
    output: { appendLine: (l: string) => void lines.push(l) },
  };
  assert.equal(await watchZnode(services, 'zookeeper.watchSubtree', true, { clusterId: 'rw', path: '/w' }), '/w (subtree)');
  assert.equal(await watchZnode(services, 'zookeeper.watchZnode', false, { clusterId: 'rw', path: '/w', name: 'mine' }), 'mine');
  assert.deepEqual(added, [
    { name: '/w (subtree)', clusterId: 'rw', path: '/w', recursive: true },
    { name: 'mine', clusterId: 'rw', path: '/w', recursive: false },
  ]);
  assert.match(lines[0] ?? '', /watching \/w and below on rw as "\/w \(subtree\)"$/);
  await assert.rejects(
    watchZnode(services, 'zookeeper.watchZnode', false, { clusterId: 'gone', path: '/w' }),
    /^ArgumentError: zookeeper\.watchZnode: argument "clusterId": no cluster with id "gone"/,
  );
  assert.equal(added.length, 2);
});

test('removing a cluster asks first, then disconnects before it forgets the cluster', async () => {
  const calls: string[] = [];
  const services = {
    registry: { ...registry(cluster('rw')), remove: async (id: string) => void calls.push(`remove ${id}`) },
    connections: { disconnect: async (id: string) => void calls.push(`disconnect ${id}`) },
  };
  assert.equal(await removeCluster({ ...services, prompts: prompts(false) }, { clusterId: 'rw' }), undefined);
  assert.deepEqual(calls, []);
  const yes = prompts(true);
  assert.equal(await removeCluster({ ...services, prompts: yes }, { clusterId: 'rw' }), true);
  assert.deepEqual(calls, ['disconnect rw', 'remove rw']);
  assert.match(yes.asked[0]?.message ?? '', /^Remove the cluster "rw" \(127\.0\.0\.1:2181\)/);
});

test('adding the first cluster makes it active; credentials go to the secret store only when given', async () => {
  const calls: string[] = [];
  const list: ClusterConfig[] = [];
  const services = {
    registry: {
      list: () => list,
      add: async (c: ClusterConfig) => void (list.push(c), calls.push(`add ${c.id}`)),
      setCredentials: async (id: string) => void calls.push(`credentials ${id}`),
      setActive: async (id: string) => void calls.push(`active ${id}`),
    },
  };
  assert.equal(await addCluster(services, { config: cluster('a'), credentials: { user: 'u', password: 'p' } }), 'a');
  assert.equal(await addCluster(services, { config: cluster('b'), credentials: undefined }), 'b');
  assert.deepEqual(calls, ['add a', 'credentials a', 'active a', 'add b']);
});
