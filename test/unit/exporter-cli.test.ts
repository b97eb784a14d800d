import assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('zkops exporter: arguments and listening', () => {
  it('bad arguments are exit 2 with the usage', async () => {
    const cases: [string[], RegExp][] = [
      [['exporter'], /which connect string\?/],
      [['exporter', '127.0.0.1:2181', '--listen', '9141'], /--listen must be host:port/],
      [['exporter', '127.0.0.1:2181', '--listen', '127.0.0.1:70000'], /--listen port must be a whole number from 0 to 65535/],
      [['exporter', '127.0.0.1:2181', '--interval', '0.1'], /--interval must be a number of seconds from 0.5 to 3600/],
      [['exporter', '127.0.0.1:2181', '--scrape'], /unknown option --scrape/],
      [['exporter', 'a:b:c'], /bad connect string/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message);
      assert.match(r.err, /usage: zkops exporter <connect> \[--listen 127\.0\.0\.1:9141\] \[--interval S\]/);
    }
  });

  it('an address in use is exit 1 naming it, and nothing keeps running', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await run('exporter', '127.0.0.1:1', '--listen', `127.0.0.1:${port}`);
      assert.equal(r.code, 1);
      assert.equal(r.err, `zkops exporter: cannot listen on 127.0.0.1:${port}: the address is in use`);
    } finally {
      taken.close();
    }
  });
});
