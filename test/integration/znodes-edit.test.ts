/**
 * Editing on a real 3-member ensemble: version-checked saves and concurrent edit conflicts, the
 * 1 MB limit (refused before sending, connection kept), ACL-protected nodes without auth, delete
 * with count, backup and versions (one multi or pipelined), move/copy, and connection loss during
 * a save and during an export.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { digestAcl } from '../../src/core/zk/acl';
import { isZkError } from '../../src/core/zk/errors';
import { ZkSession } from '../../src/core/zk/session';
import { writeBackup } from '../../src/core/znodes/backupFile';
import { maxDataBytes } from '../../src/core/znodes/dataLimits';
import { SubtreeChangedError, countSubtree, deleteTree } from '../../src/core/znodes/deleteTree';
import { SaveConflictError, createNode, explainWriteError, saveData } from '../../src/core/znodes/editing';
import { parseExport } from '../../src/core/znodes/exportFormat';
import { exportTree } from '../../src/core/znodes/exporter';
import { copyTree, moveTree } from '../../src/core/znodes/moveTree';
import { diffTrees } from '../../src/core/znodes/treeDiff';
import { createChildren, createTree } from '../support/znodes';
import { sleep } from '../support/wait';

describe('editing', () => {
  let bed: Testbed;
  let session: ZkSession;
  let tmp: string;

  /** The member `s` is connected to. */
  const connectedMember = (s: ZkSession): number => {
    const port = s.server?.port;
    const member = bed.members.find((m) => m.ports.client === port);
    assert.ok(member, `session is connected to port ${port}, which is no member`);
    return member.id;
  };

  before(async () => {
    bed = await Testbed.start({ size: 3 });
    session = await ZkSession.connect(bed.connectString);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'zkops-edit-'));
  });

  after(async () => {
    await session?.close();
    await bed?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  test('a save with the opened version succeeds; a concurrent edit turns into a conflict carrying both sides', async () => {
    await createNode(session, '/cfg', Buffer.from('{"v":1}'));
    const opened = await session.get('/cfg');
    const other = await ZkSession.connect(bed.connectString);
    try {
      const mine = await saveData(session, '/cfg', Buffer.from('{"v":2}'), opened.stat.version);
      assert.equal(mine.version, opened.stat.version + 1);
      await other.set('/cfg', Buffer.from('{"v":"theirs"}'), -1);
      await assert.rejects(saveData(session, '/cfg', Buffer.from('{"v":3}'), mine.version), (err: unknown) => {
        assert.ok(err instanceof SaveConflictError);
        assert.equal(err.current?.data.toString(), '{"v":"theirs"}');
        assert.equal(err.current?.stat.version, mine.version + 1);
        assert.match(explainWriteError(err), /changed by someone else/);
        return true;
      });
      await other.delete('/cfg', -1);
      await assert.rejects(
        saveData(session, '/cfg', Buffer.from('x'), 0),
        (err: unknown) => err instanceof SaveConflictError && err.current === undefined,
      );
    } finally {
      await other.close();
    }
  });

  test('1 MB: the exact maximum is stored, one byte more is refused before sending and the connection stays', async () => {
    await createNode(session, '/blob');
    const max = maxDataBytes('/blob', undefined, 'set');
    assert.ok(max > 1_048_000 && max < 1_048_576);
    const stat = await saveData(session, '/blob', Buffer.alloc(max, 1), 0);
    assert.equal(stat.dataLength, max);
    const sessionId = session.sessionId;
    await assert.rejects(saveData(session, '/blob', Buffer.alloc(max + 1, 2), stat.version), (err: unknown) => {
      assert.ok(isZkError(err, 'MARSHALLINGERROR'));
      assert.equal(err.mayHaveApplied, false);
      assert.match(err.message, /jute\.maxbuffer/);
      assert.match(err.message, /Nothing was sent/);
      return true;
    });
    assert.equal(session.state, 'connected');
    assert.equal(session.sessionId, sessionId);
    assert.equal((await session.get('/blob')).stat.version, stat.version);
    await assert.rejects(createNode(session, '/blob2', Buffer.alloc(max + 1)), /jute\.maxbuffer/);
  });

  test('ACL-protected nodes without auth: a clear NOAUTH, and with credentials the save works', async () => {
    await session.create('/locked', Buffer.from('v1'), { acl: [digestAcl('bob', 'pw')] });
    await assert.rejects(session.get('/locked'), (err: unknown) => isZkError(err, 'NOAUTH'));
    await assert.rejects(saveData(session, '/locked', Buffer.from('v2'), 0), (err: unknown) => {
      assert.ok(isZkError(err, 'NOAUTH'));
      assert.match(explainWriteError(err), /credentials/);
      return true;
    });
    const bob = await ZkSession.connect(bed.connectString, { auth: [{ scheme: 'digest', auth: 'bob:pw' }] });
    try {
      await saveData(bob, '/locked', Buffer.from('v2'), 0);
      assert.equal((await bob.get('/locked')).data.toString(), 'v2');
    } finally {
      await bob.close();
    }
  });

  test('recursive delete: count for the confirmation, backup first, one transaction when small', async () => {
    const total = await createTree(session, '/del-small', 5, 10);
    const counted = await countSubtree(session, '/del-small');
    assert.equal(counted.count, total);
    await assert.rejects(deleteTree(session, '/del-small', { expectedCount: total - 1 }), SubtreeChangedError);
    assert.notEqual(await session.exists('/del-small'), null);
    let backupFile = '';
    const result = await deleteTree(session, '/del-small', {
      expectedCount: counted.count,
      backup: async (doc) => {
        backupFile = await writeBackup(doc, tmp);
      },
    });
    assert.equal(result.deleted, total);
    assert.equal(result.atomic, true);
    assert.equal(await session.exists('/del-small'), null);
    const backup = parseExport(await fs.readFile(backupFile, 'utf8'));
    assert.equal(backup.count, total);
    assert.equal(backup.root, '/del-small');
    // A failing backup stops the delete before anything is removed.
    await createTree(session, '/del-kept', 2, 2);
    await assert.rejects(deleteTree(session, '/del-kept', { backup: () => Promise.reject(new Error('disk full')) }), /disk full/);
    assert.equal((await countSubtree(session, '/del-kept')).count, 7);
  });

  test('recursive delete of a big subtree goes level by level, pipelined', async () => {
    const total = await createTree(session, '/del-big', 3, 500);
    const result = await deleteTree(session, '/del-big', { expectedCount: total });
    assert.equal(result.atomic, false);
    assert.equal(result.deleted, total);
    assert.equal(await session.exists('/del-big'), null);
  });

  test('move in one transaction; copy; move refuses ephemerals and overlapping targets', async () => {
    await createTree(session, '/mv-src', 3, 5);
    const before = await exportTree(session, '/mv-src');
    const moved = await moveTree(session, '/mv-src', '/mv-dst');
    assert.equal(moved.atomic, true);
    assert.equal(moved.count, before.document.count);
    assert.equal(await session.exists('/mv-src'), null);
    const after = await exportTree(session, '/mv-dst');
    assert.deepEqual(
      after.document.nodes.map((n) => [n.path, n.data]),
      before.document.nodes.map((n) => [n.path, n.data]),
    );
    const copied = await copyTree(session, '/mv-dst', '/mv-copy');
    assert.equal(copied.counts.failed, 0);
    assert.equal((await diffTrees({ session, root: '/mv-dst' }, { session, root: '/mv-copy' })).equal, true);
    await assert.rejects(copyTree(session, '/mv-dst', '/mv-copy'), (err: unknown) => isZkError(err, 'NODEEXISTS'));
    await assert.rejects(moveTree(session, '/mv-dst', '/mv-dst/inner'), (err: unknown) => isZkError(err, 'BADARGUMENTS'));
    await session.create('/mv-dst/d0/eph', Buffer.alloc(0), { mode: 'ephemeral' });
    await assert.rejects(moveTree(session, '/mv-dst', '/mv-else'), /ephemeral/);
    assert.notEqual(await session.exists('/mv-dst/d0/eph'), null);
    assert.equal(await session.exists('/mv-else'), null);
  });

  test('a move too big for one transaction copies then deletes, and says so', async () => {
    await createTree(session, '/mv-big', 2, 600);
    const moved = await moveTree(session, '/mv-big', '/mv-big2');
    assert.equal(moved.atomic, false);
    assert.equal(moved.count, 1203);
    assert.equal(await session.exists('/mv-big'), null);
    assert.equal((await countSubtree(session, '/mv-big2')).count, 1203);
  });

  test('connection loss during saves: every save lands exactly once', async () => {
    await createNode(session, '/counter', Buffer.from('0'));
    const victim = connectedMember(session);
    let version = 0;
    const value = (i: number): Buffer => (i === 10 ? Buffer.alloc(900_000, 0x30 + (i % 10)) : Buffer.from(String(i)));
    for (let i = 1; i <= 30; i++) {
      // Save 10 is big and its member is killed while it is on the wire.
      const saving = saveData(session, '/counter', value(i), version);
      if (i === 10) await bed.kill(victim);
      const stat = await saving;
      assert.equal(stat.version, version + 1, `save ${i}`);
      version = stat.version;
      if (i === 10) assert.deepEqual((await session.get('/counter')).data, value(10));
    }
    assert.notEqual(connectedMember(session), victim);
    const final = await session.get('/counter');
    assert.equal(final.data.toString(), '30');
    assert.equal(final.stat.version, 30);
    await bed.restart(victim);
  });

  test('connection loss during an export: the export still completes and is whole', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `n${i}`);
    await createChildren(session, '/exp', names, (n) => Buffer.from(`data ${n}`));
    const victim = connectedMember(session);
    const exporting = exportTree(session, '/exp', { concurrency: 16 });
    await sleep(30);
    await bed.kill(victim);
    const { document } = await exporting;
    assert.equal(document.count, 3001);
    assert.deepEqual(
      document.nodes.slice(1, 4).map((n) => [n.path, n.data]),
      [
        ['/n0', 'data n0'],
        ['/n1', 'data n1'],
        ['/n2', 'data n2'],
      ],
    );
    await bed.restart(victim);
  });
});
