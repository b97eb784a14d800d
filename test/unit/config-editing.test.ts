import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAt } from '../../src/core/config/completion';
import { hoverAt } from '../../src/core/config/hover';
import { buildModel } from '../../src/core/config/model';

const model = (text: string, kind: 'static' | 'dynamic' = 'static') => buildModel(text, kind);

describe('zoo.cfg completion', () => {
  it('offers keys with their docs and defaults, replacing the partial key', () => {
    const m = model('tickTime=2000\ninitL\n');
    const items = completeAt(m, { line: 1, character: 5 });
    const init = items.find((i) => i.label === 'initLimit');
    assert.ok(init);
    assert.equal(init.insertText, 'initLimit=${1:}');
    assert.ok(init.isSnippet);
    assert.deepEqual(init.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.match(init.documentation!, /Ticks a follower may take/);
    const snap = items.find((i) => i.label === 'snapCount')!;
    assert.match(snap.detail!, /default 100000/);
    assert.equal(snap.insertText, 'snapCount=${1:100000}');
    // Keys already set sort last; keys ZooKeeper cannot read from zoo.cfg are not offered.
    assert.ok(items.find((i) => i.label === 'tickTime')!.sortText!.startsWith('9'));
    assert.ok(!items.some((i) => i.label === 'jute.maxbuffer'));
  });

  it('proposes the next free server id', () => {
    const m = model('server.1=a:1:2\nserver.2=b:1:2\n\n');
    const server = completeAt(m, { line: 2, character: 0 }).find((i) => i.label === 'server.N')!;
    assert.match(server.insertText, /^server\.\$\{1:3\}=/);
  });

  it('offers only membership lines in a dynamic file', () => {
    const labels = completeAt(model('\n', 'dynamic'), { line: 0, character: 0 }).map((i) => i.label);
    assert.deepEqual(labels.sort(), ['group.N', 'server.N', 'weight.N']);
  });

  it('completes booleans, yes/no, enums and class names', () => {
    const labels = (text: string) => completeAt(model(text), { line: 0, character: text.length }).map((i) => i.label);
    assert.deepEqual(labels('reconfigEnabled='), ['true', 'false']);
    assert.deepEqual(labels('skipACL='), ['yes', 'no']);
    assert.deepEqual(labels('ssl.clientAuth='), ['none', 'want', 'need']);
    assert.ok(labels('serverCnxnFactory=').includes('org.apache.zookeeper.server.NettyServerCnxnFactory'));
    assert.deepEqual(labels('# a comment'), []);
  });

  it('completes four-letter words one at a time, skipping those listed', () => {
    const text = '4lw.commands.whitelist=srvr,mn';
    const items = completeAt(model(text), { line: 0, character: text.length });
    assert.ok(items.some((i) => i.label === 'mntr'));
    assert.ok(!items.some((i) => i.label === 'srvr'));
    const mntr = items.find((i) => i.label === 'mntr')!;
    assert.deepEqual(mntr.range, { start: { line: 0, character: 28 }, end: { line: 0, character: 30 } });
  });

  it('completes the role on a server line', () => {
    const text = 'server.1=zk1:2888:3888:';
    const labels = completeAt(model(text), { line: 0, character: text.length }).map((i) => i.label);
    assert.deepEqual(labels, ['participant', 'observer']);
  });
});

describe('zoo.cfg hover', () => {
  it('documents a key with type, default, version and system property', () => {
    const h = hoverAt(model('snapshot.compression.method=gz'), { line: 0, character: 3 })!;
    assert.match(h.contents, /\*\*snapshot\.compression\.method\*\*/);
    assert.match(h.contents, /Since: ZooKeeper 3\.6\.0/);
    assert.match(h.contents, /System property: `zookeeper\.snapshot\.compression\.method`/);
    assert.deepEqual(h.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } });
  });

  it('explains values in everyday units', () => {
    const m = model('tickTime=2000\ninitLimit=10\npreAllocSize=65536');
    assert.match(hoverAt(m, { line: 1, character: 11 })!.contents, /10 ticks × 2000 ms = 20 s/);
    assert.match(hoverAt(m, { line: 2, character: 14 })!.contents, /65536 KB = 64 MiB/);
  });

  it('breaks a server line into its parts', () => {
    const h = hoverAt(model('server.2=zk2:2888:3888:observer;2181'), { line: 0, character: 12 })!;
    assert.match(h.contents, /observer \(does not vote\)/);
    assert.match(h.contents, /quorum port 2888, election port 3888/);
    assert.match(h.contents, /clients: `0\.0\.0\.0:2181`/);
  });

  it('tells what a misspelt or Guide-named key should be', () => {
    assert.match(
      hoverAt(model('requestThrottleLimit=5'), { line: 0, character: 2 })!.contents,
      /Write this as `request_throttle_max_requests`/,
    );
    assert.match(hoverAt(model('colour=blue'), { line: 0, character: 2 })!.contents, /not a ZooKeeper setting/);
  });
});
