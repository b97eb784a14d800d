import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, valueSpan } from '../../src/core/config/parser';
import { parseServerLine } from '../../src/core/config/serverLine';
import { editDistance, suggest } from '../../src/core/config/suggest';

describe('zoo.cfg parser (java.util.Properties rules)', () => {
  it('reads =, : and blank separators, comments and blank lines', () => {
    const p = parseConfig('# c\n! bang\n\ntickTime=2000\ninitLimit : 10\nsyncLimit 5\n  dataDir = /var/zk  \nflag\n');
    assert.deepEqual(
      p.entries.map((e) => [e.key, e.value, e.separator]),
      [
        ['tickTime', '2000', '='],
        ['initLimit', '10', ':'],
        ['syncLimit', '5', ' '],
        ['dataDir', '/var/zk', '='],
        ['flag', '', ''],
      ],
    );
    assert.deepEqual(
      p.comments.map((c) => [c.line, c.text]),
      [
        [0, 'c'],
        [1, 'bang'],
      ],
    );
  });

  it('gives 0-based key and value ranges', () => {
    const [e] = parseConfig('  clientPort = 2181\n').entries;
    assert.deepEqual(e!.keyRange, { start: { line: 0, character: 2 }, end: { line: 0, character: 12 } });
    assert.deepEqual(e!.valueRange, { start: { line: 0, character: 15 }, end: { line: 0, character: 19 } });
  });

  it('joins continuation lines and maps value characters back to their lines', () => {
    const p = parseConfig('4lw.commands.whitelist=srvr,\\\n    mntr,\\\n  ruok\nnext=1\n');
    const e = p.entries[0]!;
    assert.equal(e.value, 'srvr,mntr,ruok');
    assert.equal(e.firstLine, 0);
    assert.equal(e.lastLine, 2);
    const at = e.value.indexOf('ruok');
    assert.deepEqual(valueSpan(e, at, at + 4), { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } });
    assert.equal(p.entries[1]!.key, 'next');
  });

  it('decodes escapes as Java does, which eats Windows backslashes', () => {
    const p = parseConfig('dataDir=C:\\zk\\data\nname=a\\u0041\\=b\nkey\\ with\\ space=v\n');
    assert.equal(p.entries[0]!.value, 'C:zkdata');
    assert.equal(p.entries[0]!.rawValue, 'C:\\zk\\data');
    assert.equal(p.entries[1]!.value, 'aA=b');
    assert.equal(p.entries[2]!.key, 'key with space');
  });

  it('keeps duplicate keys in order (the last one wins in ZooKeeper)', () => {
    const p = parseConfig('a=1\r\na=2\ra=3');
    assert.deepEqual(
      p.entries.map((e) => [e.key, e.value, e.firstLine]),
      [
        ['a', '1', 0],
        ['a', '2', 1],
        ['a', '3', 2],
      ],
    );
  });
});

describe('server.N lines', () => {
  const line = (text: string) => parseServerLine(parseConfig(text).entries[0]!);

  it('reads host, ports, role and client address with ranges', () => {
    const s = line('server.3=zk3.example.com:2888:3888:observer;10.0.0.3:2181');
    assert.equal(s.id, 3);
    assert.equal(s.role, 'observer');
    assert.deepEqual(
      s.addresses.map((a) => [a.host, a.quorumPort, a.electionPort]),
      [['zk3.example.com', 2888, 3888]],
    );
    assert.equal(s.clientHost, '10.0.0.3');
    assert.equal(s.clientPort, 2181);
    assert.deepEqual(s.addresses[0]!.electionRange, { start: { line: 0, character: 30 }, end: { line: 0, character: 34 } });
    assert.deepEqual(s.problems, []);
  });

  it('reads IPv6 literals and several addresses', () => {
    const s = line('server.1=[2001:db8::1]:2888:3888|10.0.0.1:2889:3889;2181');
    assert.deepEqual(
      s.addresses.map((a) => a.host),
      ['2001:db8::1', '10.0.0.1'],
    );
    assert.equal(s.clientPort, 2181);
    assert.equal(s.clientHost, undefined);
  });

  it('reports what ZooKeeper would refuse, each on its own token', () => {
    const cases: [string, RegExp][] = [
      ['server.1=zk1:2888', /does not have the form/],
      ['server.1=zk1:28x8:3888', /quorum port "28x8" is not a number/],
      ['server.1=zk1:2888:70000', /election port 70000 is outside/],
      ['server.1=zk1:2888:2888', /must differ/],
      ['server.1=zk1:2888:3888:leader', /unknown role "leader"/],
      ['server.1=zk1:2888:3888;a:b:c', /client part/],
      ['server.1=zk1:2888:3888;2181;x', /too many ';'/],
      ['server.x=zk1:2888:3888', /not a number/],
      ['server.1=[::1:2888:3888', /no matching/],
    ];
    for (const [text, message] of cases) {
      const s = line(text);
      assert.ok(
        s.problems.some((p) => message.test(p.message)),
        `${text}: ${s.problems.map((p) => p.message).join('; ')}`,
      );
    }
    const bad = line('server.1=zk1:28x8:3888');
    assert.deepEqual(bad.problems[0]!.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 17 } });
  });
});

describe('suggestions', () => {
  it('counts a transposition as one edit', () => {
    assert.equal(editDistance('tickTmie', 'tickTime'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('proposes close names only', () => {
    const names = ['tickTime', 'initLimit', 'syncLimit', 'dataDir', 'dataLogDir'];
    assert.deepEqual(suggest('initLimt', names), ['initLimit']);
    assert.equal(suggest('datadir', names)[0], 'dataDir');
    assert.deepEqual(suggest('completelyDifferent', names), []);
  });
});
