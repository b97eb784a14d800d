import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Testbed } from '../../src/core/testbed/testbed';
import { serverLine } from '../../src/core/testbed/zooCfg';
import { ZkSession } from '../../src/core/zk/session';
import { connectedMember, rejectsWith } from '../support/sessions';

/** The `version=` of a dynamic config text, as the bigint reconfig's fromConfigVersion takes. */
function configVersion(config: string): bigint {
  const hex = /^version=([0-9a-f]+)$/m.exec(config)?.[1];
  assert.ok(hex, config);
  return BigInt(`0x${hex}`);
}

describe('reconfig (opcode 16) through the session', () => {
  let bed: Testbed;
  let admin: ZkSession;

  before(async () => {
    bed = await Testbed.start({ size: 3, adminServer: false, reconfig: { superPassword: 'su' } });
    admin = await ZkSession.connect(bed.connectString, { auth: [bed.superAuth!] });
  });

  after(async () => {
    await admin?.close();
    await bed?.close();
  });

  test('removes and re-adds a follower, guarded by the config version', async () => {
    const leader = await bed.leaderId();
    const victim = bed.members.find((m) => m.id !== leader && m.id !== connectedMember(bed, admin).id)!;
    const current = (await admin.get('/zookeeper/config')).data.toString();
    assert.match(current, new RegExp(`^server\\.${victim.id}=`, 'm'));

    const removed = await admin.reconfig({ leaving: [victim.id], fromConfigVersion: configVersion(current) });
    assert.doesNotMatch(removed.config, new RegExp(`^server\\.${victim.id}=`, 'm'));
    assert.ok(configVersion(removed.config) > configVersion(current));
    assert.equal(removed.stat.mzxid.value, configVersion(removed.config), 'the config version is the zxid that wrote it');

    await rejectsWith(admin.reconfig({ joining: [serverLine(victim, true)], fromConfigVersion: configVersion(current) }), 'BADVERSION');
    const added = await admin.reconfig({ joining: [serverLine(victim, true)] });
    assert.match(
      added.config,
      new RegExp(
        `^server\\.${victim.id}=127\\.0\\.0\\.1:${victim.ports.quorum}:${victim.ports.election}:participant;127\\.0\\.0\\.1:${victim.ports.client}$`,
        'm',
      ),
    );
  });

  test('needs rights on /zookeeper/config and refuses mixed arguments', async () => {
    const anonymous = await ZkSession.connect(bed.connectString);
    try {
      await rejectsWith(anonymous.reconfig({ leaving: [1] }), 'NOAUTH');
      await rejectsWith(anonymous.reconfig({ leaving: [1], newMembers: ['server.1=x'] }), 'BADARGUMENTS', /either newMembers or joining/);
    } finally {
      await anonymous.close();
    }
  });
});
