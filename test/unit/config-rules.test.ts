import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Fix } from '../../src/core/config/findings';
import { lintText } from '../../src/core/config/lint';
import { ALL_KEYS, lookupKey } from '../../src/core/config/schema';

/** A minimal valid distributed config; tests add or replace lines. */
const BASE = [
  'tickTime=2000',
  'initLimit=10',
  'syncLimit=5',
  'dataDir=/var/lib/zookeeper',
  'clientPort=2181',
  'autopurge.purgeInterval=24',
  '4lw.commands.whitelist=srvr,ruok,mntr',
  'server.1=zk1:2888:3888',
  'server.2=zk2:2888:3888',
  'server.3=zk3:2888:3888',
].join('\n');

function lint(text: string, options: Parameters<typeof lintText>[1] = {}): Finding[] {
  return lintText(text, options);
}

function rules(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule}`);
}

/** Applies a fix's edits to text (edits never overlap). */
export function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(Math.min(out.length, offset(e.range.end)));
  return out;
}

describe('zoo.cfg rules', () => {
  it('accepts the base config', () => {
    assert.deepEqual(lint(BASE), []);
  });

  it('knows every key it documents, with a description in its own words', () => {
    assert.ok(ALL_KEYS.length > 150, `${ALL_KEYS.length} keys`);
    for (const spec of ALL_KEYS) {
      assert.equal(lookupKey(spec.key).kind, 'exact', spec.key);
      assert.ok(spec.description.length > 20, spec.key);
    }
  });

  it('flags an unknown key with a did-you-mean fix that makes the file clean', () => {
    const text = BASE.replace('syncLimit=5', 'syncLimti=5');
    const [f, ...rest] = lint(text).filter((x) => x.rule === 'unknown-key');
    assert.ok(f && !rest.length);
    assert.match(f.message, /did you mean syncLimit\?/);
    assert.deepEqual(f.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } });
    assert.deepEqual(lint(applyFix(text, f.fixes![0]!)), []);
  });

  it('removes a duplicate with its quick fix', () => {
    const text = BASE + '\ntickTime=3000';
    const f = lint(text).find((x) => x.rule === 'duplicate-key')!;
    assert.equal(f.range.start.line, 0);
    assert.equal(f.related![0]!.range.start.line, 10);
    const fixed = applyFix(text, f.fixes![0]!);
    assert.equal(fixed.split('\n')[0], 'initLimit=10');
    assert.deepEqual(lint(fixed), []);
  });

  it('checks numbers, booleans, sizes, addresses and paths', () => {
    const cases: [string, string][] = [
      ['maxClientCnxns=lots', 'error invalid-value'],
      ['preAllocSize=1g', 'error invalid-value'],
      ['snapCount=100,000', 'error invalid-value'],
      ['reconfigEnabled=on', 'error invalid-value'],
      ['clientPortAddress=10.0.0.300', 'error invalid-value'],
      ['admin.serverAddress=zk1:8080', 'error invalid-value'],
      ['dataLogDir=txnlog', 'warning relative-path'],
      ['dataLogDir=~/zk', 'warning relative-path'],
      ['admin.serverPort=99999', 'error out-of-range'],
      ['leaderServes=false', 'error yes-no'],
      ['forceSync=off', 'error yes-no'],
      ['peerType=voter', 'error invalid-value'],
      ['ssl.clientAuth=required', 'error invalid-value'],
      ['connection_throttle_drop_increase=2', 'warning out-of-range'],
    ];
    for (const [line, expected] of cases) {
      const found = rules(lint(`${BASE}\n${line}`));
      assert.ok(found.includes(expected), `${line}: ${found.join(', ')}`);
    }
    const size = lint(`${BASE}\npreAllocSize=1g`).find((f) => f.rule === 'invalid-value')!;
    assert.match(applyFix(`${BASE}\npreAllocSize=1g`, size.fixes![0]!), /preAllocSize=1048576$/);
  });

  it('checks the voting set: even counts, lone servers, observers without voters', () => {
    assert.deepEqual(rules(lint(`${BASE}\nserver.4=zk4:2888:3888`)), ['warning quorum-size']);
    assert.deepEqual(rules(lint(`${BASE}\nserver.4=zk4:2888:3888:observer`)), []);
    const lone = 'tickTime=2000\ndataDir=/d\nclientPort=2181\nautopurge.purgeInterval=1\nserver.1=zk1:2888:3888';
    assert.deepEqual(rules(lint(lone)), ['warning standalone']);
    assert.deepEqual(rules(lint(`${lone}\nserver.2=zk2:2888:3888:observer`)), ['error quorum-size']);
    assert.deepEqual(rules(lint(`${lone}\nstandaloneEnabled=false\ninitLimit=10\nsyncLimit=5`)), []);
  });

  it('requires the settings a distributed server cannot start without', () => {
    const text = BASE.replace('initLimit=10\n', '').replace('dataDir=/var/lib/zookeeper\n', '');
    const found = lint(text);
    assert.deepEqual(rules(found).sort(), ['error missing-key', 'error missing-key']);
    assert.deepEqual(found.map((f) => f.message.split(' ')[0]).sort(), ['dataDir', 'initLimit']);
  });

  it('compares initLimit and syncLimit with tickTime, and the session bounds', () => {
    assert.deepEqual(rules(lint(BASE.replace('tickTime=2000', 'tickTime=200'))), ['warning timing', 'warning timing']);
    assert.deepEqual(rules(lint(`${BASE}\nmaxSessionTimeout=3000`)), ['error session-timeout']);
    assert.deepEqual(rules(lint(`${BASE}\nminSessionTimeout=50000`)), ['error session-timeout']);
    assert.deepEqual(rules(lint(`${BASE}\nminSessionTimeout=1000`)), ['info session-timeout']);
  });

  it('finds port collisions among client, quorum, election and admin ports', () => {
    assert.deepEqual(rules(lint(`${BASE}\nadmin.serverPort=2181`)), ['error port-collision']);
    assert.deepEqual(rules(lint(`${BASE}\nadmin.serverPort=3888`)), ['warning port-collision']);
    assert.deepEqual(rules(lint(`${BASE}\nserver.4=zk3:3888:4888\nserver.5=zk5:2888:3888`)), ['error port-collision']);
    // Different hosts may reuse ports; one host with distinct ports per member is fine too.
    const local = BASE.replace('server.1=zk1:2888:3888', 'server.1=127.0.0.1:2888:3888')
      .replace('server.2=zk2:2888:3888', 'server.2=localhost:2889:3889')
      .replace('server.3=zk3:2888:3888', 'server.3=127.0.0.1:2890:3890');
    assert.deepEqual(lint(local), []);
    assert.deepEqual(rules(lint(local.replace('localhost:2889:3889', 'localhost:2889:3890'))), ['error port-collision']);
  });

  it('gives advice on data placement, autopurge and the 4lw whitelist', () => {
    assert.deepEqual(rules(lint(`${BASE}\ndataLogDir=/var/lib/zookeeper/`)), ['info data-log-dir']);
    assert.deepEqual(rules(lint(BASE.replace('autopurge.purgeInterval=24', 'autopurge.purgeInterval=0'))), ['warning autopurge']);
    assert.deepEqual(rules(lint(`${BASE}\nautopurge.snapRetainCount=1`)), ['warning autopurge']);
    const narrow = BASE.replace('srvr,ruok,mntr', 'srvr,stat') + '\nadmin.enableServer=false';
    const monitoring = lint(narrow).find((f) => f.rule === 'monitoring')!;
    assert.equal(monitoring.severity, 'warning');
    assert.match(applyFix(narrow, monitoring.fixes![0]!), /4lw.commands.whitelist=srvr,stat,mntr,ruok/);
    assert.deepEqual(rules(lint(BASE.replace('srvr,ruok,mntr', '*,ruok'))), ['info four-letter-words']);
  });

  it('asks how reconfig will be authorised and warns about standalone mode', () => {
    const withClients = BASE.replace(/:3888$/gm, ':3888;2181').replace('clientPort=2181\n', '');
    const reconfig = `${withClients}\nreconfigEnabled=true\nstandaloneEnabled=false`;
    assert.deepEqual(rules(lint(reconfig)), ['info reconfig-auth']);
    assert.deepEqual(rules(lint(`${reconfig}\nDigestAuthenticationProvider.superDigest=super:abc=`)), []);
    assert.deepEqual(rules(lint(`${reconfig}\nskipACL=yes`)), ['warning reconfig-auth', 'warning unsafe']);
    assert.deepEqual(rules(lint(`${withClients}\nreconfigEnabled=true\nsuperUser=admin`)), ['info standalone']);
    assert.deepEqual(rules(lint(`${BASE}\nreconfigEnabled=true\nstandaloneEnabled=false\nsuperUser=admin`)), ['warning client-port']);
  });

  it('catches SASL and TLS settings that cannot work', () => {
    assert.deepEqual(rules(lint(`${BASE}\nquorum.auth.serverRequireSasl=true`)).sort(), ['error sasl', 'error sasl']);
    const tls = rules(lint(`${BASE}\nsecureClientPort=2281`));
    assert.deepEqual(tls, ['warning tls', 'warning tls']);
    assert.deepEqual(rules(lint(`${BASE}\nssl.quorum.hostnameVerification=false`)), ['warning tls']);
  });

  it('keeps a dynamic file to membership lines', () => {
    const found = lint('server.1=a:1:2;3\nserver.2=b:1:2;3\nserver.3=c:1:2;3\ntickTime=2000\n', {
      fileName: '/etc/zk/zoo.cfg.dynamic.100000000',
    });
    assert.deepEqual(rules(found), ['error dynamic-file']);
    assert.deepEqual(rules(lint(`${BASE}\ndynamicConfigFile=/etc/zk/zoo.cfg.dynamic`)).filter((r) => r.includes('dynamic-file')).length, 3);
  });

  it('validates hierarchical groups and weights', () => {
    const groups = `${BASE}\ngroup.1=1:2\ngroup.2=3`;
    assert.deepEqual(lint(groups), []);
    assert.deepEqual(rules(lint(`${BASE}\ngroup.1=1:2`)), ['error group-membership']);
    assert.deepEqual(rules(lint(`${groups}\ngroup.3=3:9`)), ['error group-membership', 'error group-membership']);
    assert.deepEqual(rules(lint(`${groups}\nweight.2=x`)), ['error group-syntax']);
  });

  it('flags keys a given ZooKeeper release does not know', () => {
    const text = `${BASE}\nadmin.snapshot.enabled=false\nenforceQuota=true`;
    assert.deepEqual(rules(lint(text, { zookeeperVersion: '3.6' })), ['warning version', 'warning version']);
    assert.deepEqual(rules(lint(text, { zookeeperVersion: '3.9.2' })), []);
  });

  it('honours zkops-lint directives', () => {
    const quiet = `# zkops-lint disable autopurge\n${BASE.replace('autopurge.purgeInterval=24', '')}\n# zkops-lint disable-next-line unknown-key\nmyCompanyTag=blue`;
    assert.deepEqual(lint(quiet), []);
    assert.deepEqual(rules(lint(quiet.replace('# zkops-lint disable-next-line unknown-key\n', ''))), ['warning unknown-key']);
  });
});
