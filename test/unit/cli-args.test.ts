import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, parseArgs } from '../../src/cli/command';
import { ensembleArgs } from '../../src/cli/ensembleArgs';

test('flags take values in both spellings; boolean flags never swallow a positional', () => {
  const args = parseArgs(['127.0.0.1:2181', '--json', '/path', '--timeout', '500', '--on-conflict=skip', '-o', 'out.json'], ['json']);
  assert.deepEqual(args.positional, ['127.0.0.1:2181', '/path']);
  assert.equal(args.flags.get('json'), true);
  assert.equal(args.flags.get('timeout'), '500');
  assert.equal(args.flags.get('on-conflict'), 'skip');
  assert.equal(args.flags.get('o'), 'out.json');
});

test('a lone "-" is a value, not a flag', () => {
  const args = parseArgs(['--admin-ports', '-', 'h:1']);
  assert.equal(args.flags.get('admin-ports'), '-');
  assert.deepEqual(args.positional, ['h:1']);
  assert.deepEqual(parseArgs(['import', '-', '/x']).positional, ['import', '-', '/x']);
});

test('ensemble arguments: admin ports per member or one for all, clear usage errors', () => {
  assert.deepEqual(ensembleArgs(parseArgs(['a:1,b:2', '--admin-ports', '-'])).adminPorts, [null, null]);
  assert.deepEqual(ensembleArgs(parseArgs(['a:1,b:2', '--admin-ports', '8080,-'])).adminPorts, [8080, null]);
  assert.equal(ensembleArgs(parseArgs(['a:1/app', '--timeout', '900'])).timeoutMs, 900);
  assert.throws(() => ensembleArgs(parseArgs(['a:1,b:2', '--admin-ports', '1,2,3'])), /lists 3 ports for 2 members/);
  assert.throws(() => ensembleArgs(parseArgs(['a:1', '--timeout', 'soon'])), UsageError);
  assert.throws(() => ensembleArgs(parseArgs([])), /which connect string/);
  assert.throws(() => ensembleArgs(parseArgs(['a:notaport'])), /bad connect string/);
});
