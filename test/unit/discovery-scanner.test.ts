import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FoundConnectString, isUsable, scanFile, scanFiles } from '../../src/core/discovery';

const ROOT = path.resolve(__dirname, '..', 'fixtures', 'discovery');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** [file, first line, first column (both 1-based), source, key, connect string, placeholders, error]. */
type Row = [string, number, number, string, string, string, string[], string | null];

const row = (f: FoundConnectString): Row => [
  f.file,
  f.range.start.line + 1,
  f.range.start.character + 1,
  f.source,
  f.key,
  f.connectString,
  [...f.placeholders],
  f.error ?? null,
];

test('the fixture workspace yields exactly the expected connect strings', () => {
  const files = filesUnder(ROOT)
    .sort()
    .map((p) => ({ path: path.relative(ROOT, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') }));
  const rows = scanFiles(files).map(row);
  const expected: Row[] = [
    [
      'broken/server.properties',
      2,
      19,
      'kafka',
      'zookeeper.connect',
      'zk1:2181,,zk2:99999',
      [],
      '"zk1:2181,,zk2:99999": empty server entry (stray comma?)',
    ],
    ['clickhouse/config.d/zookeeper.xml', 4, 19, 'clickhouse', 'zookeeper.node', 'ch-keeper-1:9181,ch-keeper-2:2181/clickhouse', [], null],
    ['docker/.env', 3, 27, 'env', 'ZOOKEEPER_CONNECT', '127.0.0.1:2181,127.0.0.1:2182', [], null],
    ['docker/docker-compose.yml', 6, 22, 'docker-compose', 'ZOO_SERVERS', 'zoo1:2181,zoo2:2181,zoo3:2181', [], null],
    ['docker/docker-compose.yml', 11, 32, 'docker-compose', 'KAFKA_ZOOKEEPER_CONNECT', 'zoo1:2181,zoo2:2181,zoo3:2181', [], null],
    ['docker/docker-compose.yml', 15, 26, 'docker-compose', 'ZOOKEEPER_CONNECT', '${ZK_HOSTS}', ['${ZK_HOSTS}'], null],
    ['dubbo/dubbo.properties', 2, 24, 'dubbo', 'dubbo.registry.address', '10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181', [], null],
    ['hadoop/etc/core-site.xml', 10, 7, 'hadoop', 'ha.zookeeper.quorum', 'nn-zk1:2181,nn-zk2:2181,nn-zk3:2181', [], null],
    ['hbase/conf/hbase-site.xml', 10, 12, 'hbase', 'hbase.zookeeper.quorum', 'zk1:2182,zk2:2182,zk3:2182', [], null],
    ['kafka/config/consumer.properties', 3, 21, 'kafka', 'zookeeper.connect', '127.0.0.1:2181', [], null],
    ['kafka/config/server.properties', 4, 19, 'kafka', 'zookeeper.connect', 'zk1:2181,zk2:2181,zk3:2181/kafka', [], null],
    ['solr/solr.in.sh', 3, 10, 'solr', 'ZK_HOST', 'zk1:2181,zk2:2181,zk3:2181/solr', [], null],
    ['solr/solr.xml', 6, 24, 'solr', 'zkHost', '${zkHost:}', ['${zkHost:}'], null],
    ['spring/application-dev.yaml', 1, 40, 'spring', 'spring.cloud.zookeeper.connect-string', 'localhost:2181', [], null],
    [
      'spring/application-dev.yaml',
      7,
      35,
      'spring',
      'spring.cloud.zookeeper.connect-string',
      '${ZK_CONNECT:localhost:2181}',
      ['${ZK_CONNECT:localhost:2181}'],
      null,
    ],
    ['spring/application.properties', 2, 39, 'spring', 'spring.cloud.zookeeper.connect-string', '${ZK_HOSTS}', ['${ZK_HOSTS}'], null],
    ['spring/application.yml', 6, 23, 'spring', 'spring.cloud.zookeeper.connect-string', 'zk1:2181,zk2:2181,zk3:2181', [], null],
    ['zookeeper/conf/zoo.cfg', 6, 1, 'zoo.cfg', 'server.1…server.3', 'zk-a.internal:2181,zk-b.internal:2181,zk-c.internal:2181', [], null],
    [
      'zookeeper/conf/zoo.cfg.dynamic.100000000',
      1,
      1,
      'zoo.cfg',
      'server.1…server.3',
      '10.1.0.1:2181,10.1.0.2:2181,10.1.0.33:2181',
      [],
      null,
    ],
  ];
  assert.deepEqual(rows, expected);
});

test('each range covers the text the string was read from', () => {
  const text = fs.readFileSync(path.join(ROOT, 'kafka/config/server.properties'), 'utf8');
  const [found] = scanFile('server.properties', text);
  const line = text.split('\n')[found!.range.start.line]!;
  assert.equal(line.slice(found!.range.start.character, found!.range.end.character), 'zk1:2181,zk2:2181,zk3:2181/kafka');
  const compose = fs.readFileSync(path.join(ROOT, 'docker/docker-compose.yml'), 'utf8');
  const kafka = scanFile('docker-compose.yml', compose).find((f) => f.key === 'KAFKA_ZOOKEEPER_CONNECT')!;
  assert.equal(
    compose.split('\n')[kafka.range.start.line]!.slice(kafka.range.start.character, kafka.range.end.character),
    'zoo1:2181,zoo2:2181,zoo3:2181',
  );
});

test('placeholders are kept as written and never validated or guessed', () => {
  const found = scanFile('application.properties', 'spring.cloud.zookeeper.connect-string=${ZK:zk1:2181},$OTHER\n');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.connectString, '${ZK:zk1:2181},$OTHER');
  assert.deepEqual(found[0]!.placeholders, ['${ZK:zk1:2181}', '$OTHER']);
  assert.equal(found[0]!.error, undefined);
  assert.equal(isUsable(found[0]!), false);
});

test("malformed strings carry the connect-string validator's message", () => {
  const [bad] = scanFile('server.properties', 'zookeeper.connect=zk1:70000\n');
  assert.equal(bad!.error, 'port 70000 in "zk1:70000" is out of range 1-65535');
  const [noPort] = scanFile('zoo.cfg.dynamic.1', 'server.1=h1:2888:3888\n');
  assert.match(noPort!.error!, /server\.1 gives no client port/);
  const [emptyCompose] = scanFile('.env', 'ZOO_SERVERS=nothing-here\n');
  assert.match(emptyCompose!.error!, /holds no server\.N= lines/);
});

test('files that name no ensemble, and hostile ones, yield nothing without throwing', () => {
  assert.deepEqual(scanFile('README.md', 'zookeeper.connect=a:1'), []);
  assert.deepEqual(scanFile('zoo.cfg', 'clientPort=2181\ndataDir=/tmp\n'), [], 'a standalone zoo.cfg names no host');
  assert.deepEqual(scanFile('values.yaml', 'zookeeper: [unclosed\n  - {'), []);
  assert.deepEqual(scanFile('config.xml', '<zookeeper><node><host>a'), []);
  const bomb = `a: &a ["zookeeper"]\n${Array.from(
    { length: 12 },
    (_, i) =>
      `b${i}: &b${i} [${Array(10)
        .fill(i ? `*b${i - 1}` : '*a')
        .join(',')}]`,
  ).join('\n')}\n`;
  assert.doesNotThrow(() => scanFile('bomb.yml', bomb));
});

test('CRLF files and IPv6 members keep exact positions and brackets', () => {
  const found = scanFile('zoo.cfg', 'clientPort=2181\r\nserver.1=[::1]:2888:3888\r\nserver.2=127.0.0.1:2889:3889;2182\r\n');
  assert.equal(found[0]!.connectString, '[::1]:2181,127.0.0.1:2182');
  assert.deepEqual(found[0]!.range.start, { line: 1, character: 0 });
  const [env] = scanFile('.env', 'A=1\r\nZOOKEEPER_CONNECT="h:1"\r\n');
  assert.deepEqual(env!.range, { start: { line: 1, character: 19 }, end: { line: 1, character: 22 } });
});

test('a bare Dubbo address counts only with the zookeeper protocol', () => {
  assert.equal(scanFile('dubbo.properties', 'dubbo.registry.address=h1:2181\n').length, 0);
  const [found] = scanFile('dubbo.properties', 'dubbo.registry.protocol=zookeeper\ndubbo.registry.address=h1:2181\n');
  assert.equal(found!.connectString, 'h1:2181');
});
