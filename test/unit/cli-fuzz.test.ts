/**
 * `zkops` argument handling under fuzzed and hostile input (issue 16, items 4, 8, 10): every
 * command rejects unknown flags and extra arguments with exit 2 and its usage, numbers parse the
 * same everywhere, error output ends with the usage line and carries no raw control characters,
 * and credentials come from ZKOPS_AUTH or --auth-file (with a warning for --auth). Nothing here
 * connects anywhere: every case fails before a connection would be opened.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliIo, ParsedArgs, UsageError } from '../../src/cli/command';
import { commands } from '../../src/cli/commands';
import { runCli } from '../../src/cli/main';
import { parseCommandLine } from '../../src/cli/options';
import { escapeTerminal } from '../../src/cli/terminalText';
import { credentialsFrom } from '../../src/cli/zkSession';
import { seededRandom } from '../support/random';

const TOKENS = [
  '127.0.0.1:2181',
  '/',
  '/a',
  'extra',
  '-',
  '--',
  '--json',
  '--timeout',
  '500',
  '0x3e8',
  '-5',
  '1e3',
  ' 7',
  '--timeout=-1',
  '-o',
  '--output',
  'out.json',
  '--auth',
  'u:p',
  '--auth-file',
  '--bogus',
  '-x',
  '-h',
  '--dry-run=yes',
  '--on-conflict',
  'merge',
  '--admin-ports',
  '8080,-',
  '--view',
  'hex',
  '--kind',
  'static',
  '--zk-version',
  '3.8',
  '--acl-masked',
  'keep',
  '--force-depth',
  '\u001b[31mred',
  '\u001b]0;title\u0007',
  'a\u0000b',
  '\u009b2J',
  'ünï',
  '\u202eevil',
  '',
  '=',
  '--=x',
  '---x',
  '-oo',
  '--no-json',
];

interface Run {
  code: number;
  out: string;
  err: string;
}

async function zkops(argv: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    env: {},
    ...extra,
  });
  return { code, out, err };
}

/** Control characters a terminal would obey; escaped output never contains them. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('zkops arguments: one parser, clear usage errors', () => {
  it('every command turns 3000 fuzzed command lines into arguments or a one-line UsageError, never anything else', () => {
    const random = seededRandom(16);
    for (let i = 0; i < 3000; i++) {
      const argv = Array.from({ length: Math.floor(random() * 7) }, () => TOKENS[Math.floor(random() * TOKENS.length)]!);
      for (const command of commands) {
        let parsed: ParsedArgs | undefined;
        try {
          parsed = parseCommandLine(argv, command.options, command.maxPositionals);
        } catch (err) {
          assert.ok(err instanceof UsageError, `${command.name} ${JSON.stringify(argv)}: ${String(err)}`);
          assert.ok(!escapeTerminal(err.message).includes('\n'));
          continue;
        }
        assert.ok(parsed.positional.length <= command.maxPositionals);
        for (const name of parsed.flags.keys()) assert.ok(Object.hasOwn(command.options, name), `${command.name} accepted --${name}`);
      }
    }
  });

  const BAD: [string, string[], RegExp][] = [
    ['ls', ['127.0.0.1:1', '/', '--bogus'], /unknown option --bogus/],
    ['ls', ['127.0.0.1:1', '/', 'extra'], /unexpected argument "extra"/],
    ['get', ['127.0.0.1:1', '/', '--view'], /--view needs a value/],
    ['export', ['127.0.0.1:1', '/', '-o'], /^zkops export: -o needs a value$/m],
    ['export', ['127.0.0.1:1', '/', '--acl-masked', 'maybe'], /--acl-masked must be one of keep, skip, fail/],
    ['import', ['127.0.0.1:1', 'f.json', '/', 'more'], /unexpected argument "more"/],
    ['import', ['127.0.0.1:1', '-', '/', '--auth-file', '-'], /stdin cannot carry both/],
    ['diff', ['127.0.0.1:1', '/', '127.0.0.1:2', '/', '--json'], /unknown option --json/],
    ['lint', ['f.cfg', '--bogus'], /unknown option --bogus/],
    ['probe', ['127.0.0.1:1', 'extra'], /unexpected argument "extra"/],
    ['health', ['127.0.0.1:1', '--stats'], /unknown option --stats/],
    ['sandbox', ['up', '--force'], /unknown option --force/],
    ['ls', ['host:99999', '/'], /bad connect string/],
    ['ls', ['127.0.0.1:1', '/', '--timeout', '-5'], /--timeout must be a whole number of milliseconds from 100 to 600000, not "-5"/],
    ['ls', ['127.0.0.1:1', '/', '--auth', 'nocolon'], /--auth needs user:password/],
    ['ls', ['127.0.0.1:1', '/', '--auth', 'u:p', '--auth-file', 'f'], /either --auth-file or --auth/],
  ];
  for (const [name, argv, message] of BAD) {
    it(`zkops ${name} ${argv.join(' ')}: exit 2, a clear message, and the usage last`, async () => {
      const run = await zkops([name, ...argv]);
      assert.equal(run.code, 2, run.err);
      assert.match(run.err, message);
      const usage = commands.find((c) => c.name === name)!.usage;
      assert.ok(run.err.trimEnd().endsWith(usage.trimEnd()), run.err);
      assert.equal(run.out, '');
    });
  }

  it('--timeout 0x3e8 is refused the same way by every command that takes --timeout', async () => {
    const messages = new Set<string>();
    for (const [name, argv] of [
      ['ls', ['127.0.0.1:1', '/']],
      ['get', ['127.0.0.1:1', '/']],
      ['probe', ['127.0.0.1:1']],
      ['health', ['127.0.0.1:1']],
    ] as const) {
      const run = await zkops([name, ...argv, '--timeout', '0x3e8']);
      assert.equal(run.code, 2, `${name}: ${run.err}`);
      const line = run.err
        .split('\n')[0]!
        .replace(`zkops ${name}: `, '')
        .replace(/from \d+/, 'from N');
      messages.add(line);
    }
    assert.deepEqual([...messages], ['--timeout must be a whole number of milliseconds from N to 600000, not "0x3e8"']);
  });

  it('control characters in arguments come back escaped, never raw', async () => {
    const run = await zkops(['ls', '127.0.0.1:1', '/', '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e']);
    assert.equal(run.code, 2);
    assert.doesNotMatch(run.err, RAW_CONTROL);
    assert.match(run.err, /\\u001b\]0;pwned\\u0007\\u001b\[2J\\u009b31m\\u202e/);
    const unknown = await zkops(['\u001b[31mnope']);
    assert.doesNotMatch(unknown.err, RAW_CONTROL);
  });

  it('escapeTerminal keeps text, newlines and tabs, and writes controls as JSON escapes', () => {
    assert.equal(escapeTerminal('plain ünïcödé 日本\tx\ny'), 'plain ünïcödé 日本\tx\ny');
    assert.equal(escapeTerminal('a\u0000b\rc\u001b[0m\u007f\u0085'), 'a\\u0000b\\u000dc\\u001b[0m\\u007f\\u0085');
    const json = JSON.stringify({ reason: 'x\u009by\u2028' });
    assert.deepEqual(JSON.parse(escapeTerminal(json)), { reason: 'x\u009by\u2028' });
  });
});

describe('zkops credentials: ZKOPS_AUTH, --auth-file, and a warning for --auth', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-auth-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function io(env: Record<string, string> = {}, stdin = ''): CliIo & { errs: string[] } {
    const errs: string[] = [];
    return {
      out: () => undefined,
      err: (t) => errs.push(t),
      outBytes: () => undefined,
      readStdin: () => Promise.resolve(Buffer.from(stdin)),
      env,
      errs,
    };
  }
  const args = (...argv: string[]): ParsedArgs => parseCommandLine(argv, { auth: { type: 'string' }, 'auth-file': { type: 'string' } });

  it('ZKOPS_AUTH alone, silently', async () => {
    const i = io({ ZKOPS_AUTH: 'alice:pw' });
    assert.deepEqual(await credentialsFrom(args(), i), [{ scheme: 'digest', auth: 'alice:pw' }]);
    assert.deepEqual(i.errs, []);
    assert.deepEqual(await credentialsFrom(args(), io()), []);
  });

  it('--auth-file: first line of a file, or of stdin with -; it wins over ZKOPS_AUTH', async () => {
    const file = path.join(dir, 'cred');
    fs.writeFileSync(file, 'bob:s3cret:with:colons\r\nignored\n');
    assert.deepEqual(await credentialsFrom(args('--auth-file', file), io({ ZKOPS_AUTH: 'alice:pw' })), [
      { scheme: 'digest', auth: 'bob:s3cret:with:colons' },
    ]);
    assert.deepEqual(await credentialsFrom(args('--auth-file', '-'), io({}, 'carol:pw\n')), [{ scheme: 'digest', auth: 'carol:pw' }]);
    await assert.rejects(credentialsFrom(args('--auth-file', path.join(dir, 'none')), io()), /cannot read/);
    fs.writeFileSync(path.join(dir, 'empty'), '\n');
    await assert.rejects(credentialsFrom(args('--auth-file', path.join(dir, 'empty')), io()), /needs user:password/);
    await assert.rejects(credentialsFrom(args('--auth-file', '/dev/zero'), io()), /over 65536 bytes/);
  });

  it('--auth still works and warns on stderr that others can read it', async () => {
    const i = io();
    assert.deepEqual(await credentialsFrom(args('--auth', 'alice:pw'), i), [{ scheme: 'digest', auth: 'alice:pw' }]);
    assert.equal(i.errs.length, 1);
    assert.match(i.errs[0]!, /warning: --auth puts the password on the command line.*ZKOPS_AUTH.*--auth-file/);
    assert.ok(!i.errs[0]!.includes('alice:pw'));
  });
});
