import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { AdminCommand, interpretAdminReply, parseAdminCommand } from '../../src/core/ensemble/adminServer';
import { FOUR_LETTER_WORD_PARSERS, FourLetterWord, parseFourLetterWord } from '../../src/core/ensemble/fourLetterWordClient';
import { Parsed } from '../../src/core/ensemble/outcome';
import { parseJsonExact, quoteLongIntegers } from '../../src/core/ensemble/parsers/json';
import { seededRandom } from '../support/random';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const real = (name: string): string => fs.readFileSync(path.join(FIXTURES, '4lw', '3.8.0', `${name}.txt`), 'utf8');
const hand = (name: string): string => fs.readFileSync(path.join(FIXTURES, '4lw', 'hand-written', `${name}.txt`), 'utf8');

/** An admin fixture: first line `HTTP <status>`, then the body. */
function adminFixture(name: string): { status: number; body: string } {
  const text = fs.readFileSync(path.join(FIXTURES, 'admin', '3.8.0', `${name}.txt`), 'utf8');
  const newline = text.indexOf('\n');
  return { status: Number(text.slice(5, newline)), body: text.slice(newline + 1) };
}

function ok<T>(parsed: Parsed<T>): T {
  if (parsed.status !== 'ok') assert.fail(`expected ok, got ${parsed.status}: ${parsed.message}`);
  return parsed.value;
}

function admin<C extends AdminCommand>(name: string, command: C) {
  const reply = interpretAdminReply(name, adminFixture(name));
  if (reply.status !== 'ok') assert.fail(`admin fixture ${name}: ${reply.status}`);
  return ok(parseAdminCommand(command, reply.value));
}

const WORDS = Object.keys(FOUR_LETTER_WORD_PARSERS) as FourLetterWord[];
const STATUSES = new Set(['ok', 'not-whitelisted', 'not-serving', 'unparseable', 'command-error']);

describe('four-letter words recorded from 3.8.0', () => {
  test('srvr and stat give mode, zxid, latency and counts', () => {
    const leader = ok(parseFourLetterWord('srvr', real('leader.srvr')));
    assert.equal(leader.role, 'leader');
    assert.equal(leader.zxid, '0x100000003');
    assert.deepEqual(leader.latency, { min: 0, avg: 0, max: 0 });
    assert.deepEqual(leader.proposalSizes, { last: 91, min: 48, max: 91 });
    assert.equal(leader.nodeCount, 7);
    assert.equal(leader.clients, null);
    assert.match(leader.version ?? '', /^3\.8\.0-/);
    const follower = ok(parseFourLetterWord('stat', real('follower.stat')));
    assert.equal(follower.role, 'follower');
    assert.deepEqual(follower.latency, { min: 1, avg: 6.8, max: 17 });
    assert.equal(follower.clients?.length, 2);
    assert.equal(follower.clients?.[0]?.received, 5);
    assert.equal(ok(parseFourLetterWord('srvr', real('observer.srvr'))).role, 'observer');
    const single = ok(parseFourLetterWord('srvr', real('standalone.srvr')));
    assert.equal(single.role, 'standalone');
    assert.equal(single.zxid, '0x0');
  });

  test('mntr keeps every key, typed, without the zk_ prefix', () => {
    const leader = ok(parseFourLetterWord('mntr', real('leader.mntr')));
    assert.equal(leader.role, 'leader');
    assert.equal(leader.peerState, 'leading - broadcast');
    assert.equal(leader.metrics['synced_followers'], 2);
    assert.equal(leader.metrics['synced_observers'], 1);
    assert.ok(Object.keys(leader.metrics).length > 500);
    const follower = ok(parseFourLetterWord('mntr', real('follower.mntr')));
    assert.equal(follower.role, 'follower');
    assert.equal(follower.metrics['synced_followers'], undefined, 'leader-only key absent on a follower');
    assert.equal(follower.metrics['avg_latency'], 6.8);
  });

  test('conf, cons, wchs, ruok, isro, envi, dirs', () => {
    const conf = ok(parseFourLetterWord('conf', real('follower.conf')));
    assert.equal(conf.serverId, 1);
    assert.equal(conf.tickTime, 2000);
    assert.equal(conf.membership.length, 4);
    assert.equal(conf.membership[3]?.role, 'observer');
    assert.equal(conf.membership[0]?.host, '127.0.0.1');
    assert.equal(conf.configVersion, '0');
    const cons = ok(parseFourLetterWord('cons', real('follower.cons')));
    assert.equal(cons.connections[0]?.sessionId, '0x1000006bca50000');
    assert.equal(cons.connections[0]?.lastOperation, 'GETD');
    assert.equal(cons.connections[0]?.maxLatencyMs, 17);
    assert.equal(cons.connections[1]?.sessionId, null, 'the asking connection has no session');
    assert.deepEqual(ok(parseFourLetterWord('wchs', real('follower.wchs'))), { connections: 1, paths: 2, totalWatches: 2 });
    assert.deepEqual(ok(parseFourLetterWord('ruok', real('follower.ruok'))), { imok: true });
    assert.deepEqual(ok(parseFourLetterWord('isro', real('follower.isro'))), { readOnly: false });
    assert.equal(ok(parseFourLetterWord('envi', real('follower.envi'))).javaVersion, '17.0.15');
    assert.deepEqual(ok(parseFourLetterWord('dirs', real('follower.dirs'))), { dataDirSize: 4194957, logDirSize: 4194957 });
  });

  test('a member without quorum is not-serving for every word except ruok and envi', () => {
    for (const word of ['srvr', 'stat', 'mntr', 'conf', 'cons', 'wchs', 'dirs', 'isro'] as const) {
      assert.equal(parseFourLetterWord(word, real(`no-quorum.${word}`)).status, 'not-serving', word);
    }
    // ruok says nothing about quorum: the reason the probe never uses it for health.
    assert.equal(parseFourLetterWord('ruok', real('no-quorum.ruok')).status, 'ok');
    assert.equal(parseFourLetterWord('envi', real('no-quorum.envi')).status, 'ok');
  });

  test('the default whitelist refuses every word but srvr, as its own outcome', () => {
    for (const word of WORDS) {
      const parsed = parseFourLetterWord(word, real(`default-whitelist.${word}`));
      assert.equal(parsed.status, word === 'srvr' ? 'ok' : 'not-whitelisted', word);
    }
  });
});

describe('AdminServer replies recorded from 3.8.0', () => {
  test('stats and monitor give the same typed values as srvr and mntr', () => {
    const stats = admin('follower.stats', 'stats');
    const srvr = ok(parseFourLetterWord('srvr', real('follower.srvr')));
    assert.equal(stats.role, 'follower');
    assert.equal(stats.zxid, srvr.zxid);
    assert.deepEqual(stats.latency, srvr.latency);
    const monitor = admin('leader.monitor', 'monitor');
    const mntr = ok(parseFourLetterWord('mntr', real('leader.mntr')));
    assert.deepEqual(Object.keys(monitor.metrics).sort(), Object.keys(mntr.metrics).sort());
    assert.equal(monitor.role, 'leader');
  });

  test('64-bit session ids stay exact', () => {
    const cons = admin('follower.connections', 'connections');
    assert.equal(cons.connections[0]?.sessionId, '0x1000006bca50000');
    assert.equal(cons.connections[0]?.lastZxid, '0x100000003');
  });

  test('leader, zabstate, configuration, watch_summary, dirs, is_read_only, ruok, environment', () => {
    assert.deepEqual(admin('follower.leader', 'leader'), { isLeader: false, leaderId: 3, leaderIp: '127.0.0.1' });
    const zab = admin('follower.zabstate', 'zabstate');
    assert.equal(zab.lastZxid, '0x100000003');
    assert.equal(zab.voting, true);
    assert.equal(admin('follower.configuration', 'configuration').serverId, 1);
    assert.deepEqual(admin('follower.watch_summary', 'watch_summary'), { connections: 1, paths: 2, totalWatches: 2 });
    assert.equal(admin('follower.dirs', 'dirs').dataDirSize, 4194957);
    assert.deepEqual(admin('follower.is_read_only', 'is_read_only'), { readOnly: false });
    assert.deepEqual(admin('follower.ruok', 'ruok'), { imok: true });
    assert.equal(admin('follower.environment', 'environment').javaVersion, '17.0.15');
  });

  test('no quorum: errors are not-serving, monitor is an HTTP 500, unknown commands are command-error', () => {
    for (const command of ['stats', 'leader', 'configuration', 'ruok', 'is_read_only', 'watch_summary']) {
      assert.equal(interpretAdminReply(command, adminFixture(`no-quorum.${command}`)).status, 'not-serving', command);
    }
    const monitor = interpretAdminReply('monitor', adminFixture('no-quorum.monitor'));
    assert.equal(monitor.status, 'failed');
    if (monitor.status === 'failed') {
      assert.equal(monitor.failure.httpStatus, 500);
      assert.match(monitor.failure.message, /NullPointerException/);
    }
    assert.equal(interpretAdminReply('nope', adminFixture('leader.nope')).status, 'command-error');
    assert.equal(interpretAdminReply('html', { status: 200, body: '<html>not json</html>' }).status, 'unparseable');
  });
});

describe('hand-written replies in the formats of 3.4, 3.5 and 3.9', () => {
  test('3.4: integer latency, no proposal sizes, no membership, leader-only mntr keys', () => {
    const srvr = ok(parseFourLetterWord('srvr', hand('3.4.14.follower.srvr')));
    assert.deepEqual(srvr.latency, { min: 0, avg: 1, max: 12 });
    assert.equal(srvr.proposalSizes, null);
    assert.equal(srvr.zxid, '0x200000004');
    assert.equal(ok(parseFourLetterWord('stat', hand('3.4.14.leader.stat'))).clients?.length, 2);
    const mntr = ok(parseFourLetterWord('mntr', hand('3.4.14.leader.mntr')));
    assert.equal(mntr.metrics['followers'], 2);
    assert.equal(mntr.peerState, null);
    const conf = ok(parseFourLetterWord('conf', hand('3.4.14.follower.conf')));
    assert.deepEqual(conf.membership, []);
    assert.equal(conf.configVersion, null);
    assert.equal(conf.serverId, 2);
    const cons = ok(parseFourLetterWord('cons', hand('3.4.14.follower.cons')));
    assert.equal(cons.connections[0]?.lastZxid, '0xffffffffffffffff');
    assert.equal(ok(parseFourLetterWord('wchs', hand('3.4.14.follower.wchs'))).totalWatches, 3);
    assert.equal(parseFourLetterWord('mntr', hand('3.4.14.follower.mntr-not-whitelisted')).status, 'not-whitelisted');
  });

  test('3.5: reconfig-style membership with IPv6, read-only mode, dirs', () => {
    const conf = ok(parseFourLetterWord('conf', hand('3.5.9.follower.conf')));
    assert.equal(conf.membership.length, 3);
    assert.equal(conf.membership[2]?.host, '2001:db8::3');
    assert.equal(conf.membership[2]?.role, 'observer');
    assert.equal(conf.membership[2]?.clientAddress, '[2001:db8::3]:2181');
    assert.equal(conf.membership[0]?.quorumPort, 2888);
    assert.equal(conf.configVersion, '100000000');
    assert.equal(ok(parseFourLetterWord('srvr', hand('3.5.9.read-only.srvr'))).role, 'read-only');
    assert.deepEqual(ok(parseFourLetterWord('isro', hand('3.5.9.read-only.isro'))), { readOnly: true });
    assert.equal(ok(parseFourLetterWord('dirs', hand('3.5.9.follower.dirs'))).logDirSize, 67109392);
  });

  test('3.9: decimal latency, proposal sizes, summary and percentile keys', () => {
    const srvr = ok(parseFourLetterWord('srvr', hand('3.9.2.leader.srvr')));
    assert.equal(srvr.latency?.avg, 0.4211);
    assert.equal(srvr.zxid, '0x4000000a1');
    assert.deepEqual(srvr.proposalSizes, { last: 48, min: 36, max: 1290 });
    const mntr = ok(parseFourLetterWord('mntr', hand('3.9.2.follower.mntr')));
    assert.equal(mntr.metrics['fsynctime_p99'], 12);
    assert.equal(mntr.role, 'follower');
    assert.equal(parseFourLetterWord('srvr', hand('3.9.2.no-quorum.srvr')).status, 'not-serving');
  });

  test('unknown keys are kept, not fatal', () => {
    const srvr = ok(parseFourLetterWord('srvr', `${real('leader.srvr')}Leader election time: 42\n`));
    assert.equal(srvr.extra['Leader election time'], '42');
    assert.equal(srvr.role, 'leader');
    const mntr = ok(parseFourLetterWord('mntr', `zk_brand_new_metric\t7\nzk_new_text\tsomething new\n${real('follower.mntr')}`));
    assert.equal(mntr.metrics['brand_new_metric'], 7);
    assert.equal(mntr.strings['new_text'], 'something new');
    assert.equal(ok(parseFourLetterWord('conf', `futureKey=1\n${real('follower.conf')}`)).values['futureKey'], '1');
    const proto = ok(parseFourLetterWord('mntr', 'zk___proto__\t5\nzk_constructor\tx\n'));
    assert.equal(proto.metrics['__proto__'], 5, 'keys such as __proto__ are plain data');
  });

  test('CRLF line ends read the same', () => {
    const srvr = ok(parseFourLetterWord('srvr', real('leader.srvr').replace(/\n/g, '\r\n')));
    assert.equal(srvr.modeText, 'leader');
    assert.equal(srvr.zxid, '0x100000003');
  });
});

describe('exact JSON integers', () => {
  test('only long plain integers outside strings are quoted', () => {
    assert.equal(
      quoteLongIntegers('{"a":72057622972661760,"b":1.2345678901234567,"c":"72057622972661760","d":-12345678901234567,"e":12}'),
      '{"a":"72057622972661760","b":1.2345678901234567,"c":"72057622972661760","d":"-12345678901234567","e":12}',
    );
    assert.equal(quoteLongIntegers('{"x":"esc\\"aped 12345678901234567"}'), '{"x":"esc\\"aped 12345678901234567"}');
    assert.equal(parseJsonExact('{not json'), undefined);
  });
});

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz_',
  '0123456789',
  ' \t\n\r:=/,()[]{}.-x',
  'zk_\tMode: Zxid: 0x',
  '\u0000\uffff\u00e9\u540d\ud83d',
];

function mutate(text: string, next: () => number): string {
  const pick = (n: number): number => Math.floor(next() * n);
  switch (pick(6)) {
    case 0:
      return text.slice(0, pick(text.length + 1));
    case 1: {
      const at = pick(text.length + 1);
      return text.slice(0, at) + text.slice(at + pick(50));
    }
    case 2: {
      const at = pick(text.length + 1);
      const alphabet = ALPHABETS[pick(ALPHABETS.length)]!;
      const junk = Array.from({ length: pick(40) }, () => alphabet[pick(alphabet.length)]).join('');
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 3:
      return text.replace(/\d+/g, (d) => (next() < 0.2 ? '9'.repeat(1 + pick(30)) : d));
    case 4: {
      const lines = text.split('\n');
      const i = pick(lines.length);
      lines.splice(pick(lines.length), 0, ...lines.slice(i, i + 1 + pick(3)));
      return lines.join('\n');
    }
    default:
      return Array.from({ length: pick(300) }, () => {
        const alphabet = ALPHABETS[pick(ALPHABETS.length)]!;
        return alphabet[pick(alphabet.length)];
      }).join('');
  }
}

function assertTyped(word: string, parsed: Parsed<unknown>, input: string): void {
  assert.ok(STATUSES.has(parsed.status), `${word}: status ${parsed.status} for ${JSON.stringify(input.slice(0, 80))}`);
  if (parsed.status === 'ok') assert.equal(typeof parsed.value, 'object');
  else assert.equal(typeof parsed.message, 'string');
}

describe('parsers fed random and truncated input', () => {
  const corpus = fs.readdirSync(path.join(FIXTURES, '4lw', '3.8.0')).map((f) => real(f.replace(/\.txt$/, '')));
  corpus.push(...fs.readdirSync(path.join(FIXTURES, '4lw', 'hand-written')).map((f) => hand(f.replace(/\.txt$/, ''))));

  test('every fixture cut at 64 points parses to a typed result', () => {
    for (const text of corpus) {
      for (let k = 0; k <= 64; k++) {
        const cut = text.slice(0, Math.floor((text.length * k) / 64));
        for (const word of WORDS) assertTyped(word, parseFourLetterWord(word, cut), cut);
      }
    }
  });

  // The test timeouts below catch a parser that goes super-linear (a regex backtracking on 1 MB takes
  // hours); they are no speed measurement, which belongs in `npm run bench`.
  test('4000 seeded mutations: no throw, typed result', { timeout: 120_000 }, () => {
    const seed = 20240611;
    const next = seededRandom(seed);
    for (let i = 0; i < 4000; i++) {
      const input = mutate(corpus[Math.floor(next() * corpus.length)]!, next);
      for (const word of WORDS) assertTyped(word, parseFourLetterWord(word, input), input);
    }
  });

  test('AdminServer JSON: mutated bodies never throw', () => {
    const dir = path.join(FIXTURES, 'admin', '3.8.0');
    const bodies = fs.readdirSync(dir).map((f) => adminFixture(f.replace(/\.txt$/, '')));
    const commands = [
      'monitor',
      'stats',
      'server_stats',
      'configuration',
      'connections',
      'watch_summary',
      'ruok',
      'is_read_only',
      'environment',
      'dirs',
      'leader',
      'zabstate',
    ] as const;
    const next = seededRandom(7);
    for (let i = 0; i < 1500; i++) {
      const { status, body } = bodies[Math.floor(next() * bodies.length)]!;
      const reply = interpretAdminReply('fuzz', { status, body: mutate(body, next) });
      if (reply.status !== 'ok') continue;
      for (const command of commands) assertTyped(command, parseAdminCommand(command, reply.value), body);
    }
  });

  test('1 MB pathological replies parse (no super-linear blow-up)', { timeout: 120_000 }, () => {
    const big = [
      '9'.repeat(1 << 20),
      ' '.repeat(1 << 20),
      'zk_a'.repeat(1 << 18),
      `zk_x\t${' '.repeat(1 << 20)}y`,
      '/['.repeat(1 << 19),
      '1 connections watching '.repeat(1 << 15),
    ];
    for (const input of big) {
      for (const word of WORDS) assertTyped(word, parseFourLetterWord(word, input), input);
      const reply = interpretAdminReply('big', { status: 200, body: `{"a":[${input.length > 10 ? '1,'.repeat(1 << 18) : ''}1]}` });
      assert.equal(reply.status, 'ok');
    }
  });
});
