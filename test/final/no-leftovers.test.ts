import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { isAlive, listTestbedProcesses } from '../../src/core/testbed/processes';
import { ALERTMANAGER_TEMP_PREFIX } from '../../src/core/testbed/alertmanager';
import { PROMETHEUS_TEMP_PREFIX } from '../../src/core/testbed/prometheus';
import { E2E_MARKER } from '../support/codeServer';

// Runs last (scripts/test.sh orders it so): every process the suite started must be gone.

test('no ZooKeeper server outlived the test that started it', () => {
  const orphans = listTestbedProcesses().filter((p) => p.owner !== 'detached' && !isAlive(Number(p.owner)));
  assert.deepEqual(orphans, [], 'testbed servers left behind');
});

/** Live processes whose command line contains `marker`. */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (cmdline.includes(marker) && isAlive(Number(pid))) found.push(`${pid} ${cmdline.slice(0, 200)}`);
  }
  return found;
}

test('no code-server or Chromium of this run is left', () => {
  assert.deepEqual(processesWith(E2E_MARKER), []);
});

test('no test Prometheus or Alertmanager of this run is left', () => {
  // Their configs live in temp folders whose names carry this run's runner pid (src/core/testbed).
  assert.deepEqual([...processesWith(PROMETHEUS_TEMP_PREFIX), ...processesWith(ALERTMANAGER_TEMP_PREFIX)], []);
});
