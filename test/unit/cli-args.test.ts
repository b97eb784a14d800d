import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/command';
import { ENSEMBLE_OPTIONS, ensembleArgs } from '../../src/cli/ensembleArgs';
import { OptionSpecs, parseCommandLine } from '../../src/cli/options';

const SPECS: OptionSpecs = {
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  'on-conflict': { type: 'string' },
  output: { type: 'string', short: 'o' },
  'admin-ports': { type: 'string' },
};

test('flags take values in both spellings; boolean flags never swallow a positional', () => {
  const args = parseCommandLine(['127.0.0.1:2181', '--json', '/path', '--timeout', '500', '--on-conflict=skip', '-o', 'out.json'], SPECS);
  assert.deepEqual(args.positional, ['127.0.0.1:2181', '/path']);
  assert.equal(args.flags.get('json'), true);
  assert.equal(args.flags.get('timeout'), '500');
  assert.equal(args.flags.get('on-conflict'), 'skip');
  assert.equal(args.flags.get('output'), 'out.json');
});

test('a lone "-" is a value, not a flag', () => {
  const args = parseCommandLine(['--admin-ports', '-', 'h:1'], SPECS);
  assert.equal(args.flags.get('admin-ports'), '-');
  assert.deepEqual(args.positional, ['h:1']);
  assert.deepEqual(parseCommandLine(['import', '-', '/x'], SPECS).positional, ['import', '-', '/x']);
});

test('ensemble arguments: admin ports per member or one for all, clear usage errors', () => {
  const parse = (argv: string[]) => parseCommandLine(argv, ENSEMBLE_OPTIONS, 1);
  assert.deepEqual(ensembleArgs(parse(['a:1,b:2', '--admin-ports', '-'])).adminPorts, [null, null]);
  assert.deepEqual(ensembleArgs(parse(['a:1,b:2', '--admin-ports', '8080,-'])).adminPorts, [8080, null]);
  assert.equal(ensembleArgs(parse(['a:1/app', '--timeout', '900'])).timeoutMs, 900);
  assert.throws(() => ensembleArgs(parse(['a:1,b:2', '--admin-ports', '1,2,3'])), /lists 3 ports for 2 members/);
  assert.throws(() => ensembleArgs(parse(['a:1', '--timeout', 'soon'])), UsageError);
  assert.throws(() => ensembleArgs(parse([])), /which connect string/);
  assert.throws(() => ensembleArgs(parse(['a:notaport'])), /bad connect string/);
});

test('unknown options, extra arguments, missing values and values given to switches are usage errors', () => {
  assert.throws(() => parseCommandLine(['a', '--bogus'], SPECS), { message: 'unknown option --bogus' });
  assert.throws(() => parseCommandLine(['a', '-x'], SPECS), /unknown option -x/);
  assert.throws(() => parseCommandLine(['a', 'b', 'extra'], SPECS, 2), /unexpected argument "extra"/);
  assert.throws(() => parseCommandLine(['a', '-o'], SPECS), { message: '-o needs a value' });
  assert.throws(() => parseCommandLine(['a', '--output'], SPECS), { message: '--output needs a value' });
  assert.throws(() => parseCommandLine(['a', '--timeout', '--json'], SPECS), /--timeout needs a value/);
  assert.throws(() => parseCommandLine(['a', '--json=yes'], SPECS), /--json takes no value/);
  // A negative number is a value: the range check then names it.
  assert.equal(parseCommandLine(['a', '--timeout', '-5'], SPECS).flags.get('timeout'), '-5');
  // After `--` everything is positional.
  assert.deepEqual(parseCommandLine(['--', '--json', '-o'], SPECS).positional, ['--json', '-o']);
});
