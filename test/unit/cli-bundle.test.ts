import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { commands } from '../../src/cli/commands';

// The other CLI tests run the TypeScript sources; users run the esbuild bundle through bin/zkops.js.
// A dependency whose `main` the bundler cannot follow (jsonc-parser's UMD build did this) breaks
// every command of the bundle while the sources work: so each command's --help runs on the bundle
// (scripts/test.sh builds it before any layer runs).
const BIN = path.resolve(__dirname, '..', '..', 'bin', 'zkops.js');

test("the bundled zkops starts and prints every command's usage", () => {
  const help = spawnSync(process.execPath, [BIN, 'help'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(help.status, 0, help.stderr);
  for (const command of commands) {
    assert.ok(help.stdout.includes(command.name), command.name);
    const r = spawnSync(process.execPath, [BIN, command.name, '--help'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${command.name} --help: ${r.stderr}`);
    assert.equal(r.stdout.trim(), command.usage.trim(), command.name);
  }
});
