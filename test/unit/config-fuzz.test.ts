/**
 * zoo.cfg linting under fuzzed and hostile files (issue 16, items 9 and 10): 700 generated
 * configs lint without throwing and with findings inside the text; files over the size cap are
 * refused with exit 2 (also /dev/zero and stdin, which must end, not grow); the language server
 * answers an oversized document with one finding; terminal escapes in a config line come back
 * escaped.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';
import { lintText } from '../../src/core/config/lint';
import { MAX_CONFIG_BYTES } from '../../src/core/config/size';
import { splitLines } from '../../src/core/config/text';
import { seededRandom } from '../support/random';

const KEYS = [
  'tickTime',
  'initLimit',
  'syncLimit',
  'dataDir',
  'dataLogDir',
  'clientPort',
  'clientPortAddress',
  'server.1',
  'server.2',
  'server.300',
  'group.1',
  'weight.1',
  '4lw.commands.whitelist',
  'admin.serverPort',
  'autopurge.purgeInterval',
  'dynamicConfigFile',
  'maxClientCnxns',
  'secureClientPort',
  'ssl.keyStore.location',
  'skipACL',
  'reconfigEnabled',
  'standaloneEnabled',
  'initLimt',
  '',
  ' ',
  'a\\',
  '\u001b[2J',
];
const VALUES = [
  '2000',
  '-1',
  '0x10',
  '99999999999999999999',
  '',
  ' ',
  'yes',
  'true',
  '/var/lib/zk',
  '127.0.0.1:2888:3888;2181',
  '127.0.0.1:2888:3888:observer;127.0.0.1:2181',
  '[::1]:2888:3888',
  'a:b:c:d:e:f',
  'srvr,mntr,*,',
  '\\u0041\\u00',
  '\\',
  'x\\\n  y',
  '\u0000\u0007\u001b]0;title\u0007',
  'ünïcödé',
  '\u202e',
  '#',
  '=',
  ':',
];

function fuzzConfig(random: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(random() * 30);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.1) lines.push(`# ${VALUES[Math.floor(random() * VALUES.length)]}`);
    else if (r < 0.15) lines.push('');
    else if (r < 0.2) lines.push(`${KEYS[Math.floor(random() * KEYS.length)]}=${'v'.repeat(Math.floor(random() * 20_000))}`);
    else {
      const sep = ['=', ':', ' ', ' = ', '\t'][Math.floor(random() * 5)]!;
      lines.push(
        `${KEYS[Math.floor(random() * KEYS.length)]}${sep}${VALUES[Math.floor(random() * VALUES.length)]}${random() < 0.1 ? '\\' : ''}`,
      );
    }
  }
  return lines.join(random() < 0.2 ? '\r\n' : '\n');
}

async function lint(argv: string[], stdin?: Buffer): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['lint', ...argv], {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    ...(stdin ? { readStdin: (max?: number) => Promise.resolve(stdin.subarray(0, (max ?? stdin.length) + 1)) } : {}),
  });
  return { code, out, err };
}

describe('zoo.cfg fuzzing and input bounds', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-cfgfuzz-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('700 fuzzed configs lint without throwing, every finding inside the text', () => {
    const random = seededRandom(700);
    for (let i = 0; i < 700; i++) {
      const text = fuzzConfig(random);
      const lines = splitLines(text);
      for (const kind of ['static', 'dynamic'] as const) {
        const findings = lintText(text, { kind });
        for (const f of findings) {
          assert.ok(
            f.range.start.line <= f.range.end.line && f.range.end.line < Math.max(1, lines.length),
            `case ${i}: ${JSON.stringify(f)}`,
          );
          assert.ok(f.message.length > 0 && f.rule.length > 0);
        }
      }
    }
  });

  it('a config line carrying terminal escapes is printed escaped', async () => {
    const file = path.join(dir, 'hostile.cfg');
    fs.writeFileSync(file, 'tickTime=2000\ndataDir=/d\nclientPort=2181\n\u001b[2J\u001b]0;owned\u0007=1\n');
    const run = await lint([file]);
    assert.equal(run.code, 1, run.err);
    assert.doesNotMatch(run.out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.match(run.out, /\\u001b\[2J\\u001b\]0;owned\\u0007/);
  });

  it(`a file over ${MAX_CONFIG_BYTES} bytes is refused (exit 2) and the others are still linted`, async () => {
    const big = path.join(dir, 'big.cfg');
    fs.writeFileSync(big, `tickTime=2000\nx=${'a'.repeat(MAX_CONFIG_BYTES)}\n`);
    const ok = path.join(dir, 'ok.cfg');
    fs.writeFileSync(ok, 'tickTime=2000\ndataDir=/d\nclientPort=2181\nautopurge.purgeInterval=1\n');
    const run = await lint([big, ok]);
    assert.equal(run.code, 2);
    assert.match(run.err, /big\.cfg is over 262144 bytes; zoo\.cfg files are kilobytes/);
    const atCap = path.join(dir, 'cap.cfg');
    const okText = fs.readFileSync(ok, 'utf8');
    fs.writeFileSync(atCap, `${okText}# ${'c'.repeat(MAX_CONFIG_BYTES - okText.length - 3)}\n`);
    assert.equal(fs.statSync(atCap).size, MAX_CONFIG_BYTES);
    assert.equal((await lint([atCap])).code, 0);
  });

  it('zkops lint /dev/zero ends with exit 2 instead of reading forever', async () => {
    const run = await lint(['/dev/zero']);
    assert.equal(run.code, 2);
    assert.match(run.err, /\/dev\/zero is over \d+ bytes; zoo\.cfg files are kilobytes/);
  });

  it('stdin over the cap is refused, read no further than the cap', async () => {
    const run = await lint(['-'], Buffer.alloc(MAX_CONFIG_BYTES * 4, 0x61));
    assert.equal(run.code, 2);
    assert.match(run.err, /<stdin> is over \d+ bytes/);
    // The process's own stdin: a stream that never ends is cut at the cap.
    const endless = new PassThrough();
    const pump = setInterval(() => endless.write(Buffer.alloc(64 * 1024, 0x61)), 1);
    const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    Object.defineProperty(process, 'stdin', { value: endless, configurable: true });
    try {
      let err = '';
      const code = await runCli(['lint', '-'], { out: () => undefined, err: (t) => (err += t) });
      assert.equal(code, 2);
      assert.match(err, /<stdin> is over/);
    } finally {
      clearInterval(pump);
      Object.defineProperty(process, 'stdin', original);
    }
  });
});
