import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZkError } from '../../src/core/zk/errors';
import { dataSizeProblem, maxDataBytes, requestOverhead } from '../../src/core/znodes/dataLimits';
import { isTransient, withRetry } from '../../src/core/znodes/retry';
import { compileQuery, globToRegExp } from '../../src/core/znodes/search';

describe('globToRegExp', () => {
  it('matches names the way shells do', () => {
    const cases: [string, string, boolean][] = [
      ['lock-*', 'lock-0000000001', true],
      ['lock-*', 'xlock-1', false],
      ['item-?', 'item-9', true],
      ['item-?', 'item-10', false],
      ['[abc]*', 'beta', true],
      ['[!abc]*', 'beta', false],
      ['a.b', 'a.b', true],
      ['a.b', 'axb', false],
      ['\\*', '*', true],
      ['(x)', '(x)', true],
      ['[unclosed', '[unclosed', true],
    ];
    for (const [glob, name, expected] of cases) assert.equal(globToRegExp(glob).test(name), expected, `${glob} ~ ${name}`);
  });

  it('compiles data matchers: bytes, case-insensitive text, regex', () => {
    const bytes = compileQuery({ data: { text: 'ö' } }).data!;
    assert.equal(bytes(Buffer.from('aöb')), 1);
    assert.equal(bytes(Buffer.from('ab')), -1);
    assert.equal(compileQuery({ data: { text: 'ABC', caseSensitive: false } }).data!(Buffer.from('xabc')), 1);
    assert.equal(compileQuery({ data: { regex: 'b+c' } }).data!(Buffer.from('abbc')), 1);
    assert.throws(
      () => compileQuery({ name: { regex: '[' } }),
      (e: unknown) => e instanceof ZkError && e.name === 'BADARGUMENTS',
    );
  });
});

describe('data limits', () => {
  it('counts every byte of a set and a create request', () => {
    assert.equal(requestOverhead('/a', undefined, 'set'), 8 + 4 + 2 + 4 + 4);
    assert.equal(requestOverhead('/a', '/chroot', 'set'), 8 + 4 + 9 + 4 + 4);
    // world:anyone is 4 (count) + 4 (perms) + 4+5 + 4+6.
    assert.equal(requestOverhead('/a', undefined, 'create'), 8 + 4 + 2 + 4 + 27 + 4);
    assert.equal(maxDataBytes('/a', undefined, 'set'), 0xfffff - 22);
  });

  it('explains an oversize value in numbers and says nothing was sent', () => {
    const max = maxDataBytes('/cfg', undefined, 'set');
    assert.equal(dataSizeProblem('/cfg', max, undefined), undefined);
    const problem = dataSizeProblem('/cfg', max + 1, undefined);
    assert.match(problem ?? '', new RegExp(`${max}-byte maximum`));
    assert.match(problem ?? '', /jute\.maxbuffer/);
    assert.match(problem ?? '', /Nothing was sent/);
  });
});

describe('withRetry', () => {
  it('repeats transient failures with backoff, gives up after the attempts, passes others through', async () => {
    let calls = 0;
    const value = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 2) throw new ZkError('CONNECTIONLOSS');
        return attempt;
      },
      { backoffMs: 1 },
    );
    assert.equal(value, 2);
    assert.equal(calls, 3);
    await assert.rejects(
      withRetry(() => Promise.reject(new ZkError('OPERATIONTIMEOUT')), { attempts: 3, backoffMs: 1 }),
      (e: unknown) => e instanceof ZkError && e.name === 'OPERATIONTIMEOUT',
    );
    let once = 0;
    await assert.rejects(
      withRetry(() => {
        once++;
        return Promise.reject(new ZkError('NOAUTH'));
      }),
      (e: unknown) => e instanceof ZkError && e.name === 'NOAUTH',
    );
    assert.equal(once, 1);
    assert.equal(isTransient(new ZkError('SESSIONMOVED')), true);
    assert.equal(isTransient(new Error('x')), false);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    // A 10-minute backoff: only the cancellation can end the wait within the test's time.
    const run = withRetry(() => Promise.reject(new ZkError('CONNECTIONLOSS')), { backoffMs: 600_000, signal: controller.signal });
    setTimeout(() => controller.abort(new ZkError('CANCELLED')), 20);
    await assert.rejects(run, (e: unknown) => e instanceof ZkError && e.name === 'CANCELLED');
    assert.ok(Date.now() - started < 300_000, 'returned before the backoff ended');
  });
});
