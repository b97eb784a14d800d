import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { isAlive, listTestbedProcesses } from '../../src/core/testbed/processes';
import { E2E_MARKER } from '../support/codeServer';

// Runs last (scripts/test.sh orders it so): every process the suite started must be gone.

test('no ZooKeeper server outlived the test that started it', () => {
  const orphans = listTestbedProcesses().filter((p) => p.owner !== 'detached' && !isAlive(Number(p.owner)));
  assert.deepEqual(orphans, [], 'testbed servers left behind');
});

test('no code-server or Chromium of this run is left', () => {
  const leftovers: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (cmdline.includes(E2E_MARKER) && isAlive(Number(pid))) leftovers.push(`${pid} ${cmdline.slice(0, 200)}`);
  }
  assert.deepEqual(leftovers, []);
});
