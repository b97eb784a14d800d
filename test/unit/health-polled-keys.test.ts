import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { keepMetrics, parseMntr } from '../../src/core/ensemble/parsers/mntr';
import { POLLED_METRIC_KEYS } from '../../src/core/health/polledKeys';
import { buildReport } from '../../src/core/health/report';
import type { EnsembleSnapshot } from '../../src/core/health/types';
import { loadSnapshot } from '../support/healthFixtures';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', '4lw', '3.8.0');

test('mntr parsed for the poller keeps exactly the polled keys, with the same values, and the states', () => {
  for (const role of ['leader', 'follower', 'observer', 'standalone']) {
    const text = fs.readFileSync(path.join(FIXTURES, `${role}.mntr.txt`), 'utf8');
    const full = parseMntr(text);
    const cheap = parseMntr(text, POLLED_METRIC_KEYS);
    assert.ok(full.status === 'ok' && cheap.status === 'ok');
    const expected = Object.fromEntries(Object.entries(full.value.metrics).filter(([k]) => POLLED_METRIC_KEYS.has(k)));
    assert.deepEqual({ ...cheap.value.metrics }, expected, role);
    assert.ok(Object.keys(cheap.value.metrics).length < Object.keys(full.value.metrics).length / 5, 'far fewer keys');
    assert.equal(cheap.value.serverState, full.value.serverState);
    assert.equal(cheap.value.version, full.value.version);
    assert.equal(cheap.value.role, full.value.role);
  }
  assert.equal(parseMntr('junk', POLLED_METRIC_KEYS).status, 'unparseable');
});

test('every check says the same about a snapshot whose metrics hold only the polled keys', () => {
  for (const name of ['healthy-3', 'follower-down', 'five-with-observer', 'leader-down-reelected', 'standalone']) {
    const s = loadSnapshot(name);
    const filtered: EnsembleSnapshot = {
      ...s,
      members: s.members.map((m) =>
        m.probe.monitor ? { ...m, probe: { ...m.probe, monitor: keepMetrics(m.probe.monitor, POLLED_METRIC_KEYS) } } : m,
      ),
    };
    const a = buildReport(s).checks.map((c) => `${c.id} ${c.status} ${c.evidence}`);
    const b = buildReport(filtered).checks.map((c) => `${c.id} ${c.status} ${c.evidence}`);
    assert.deepEqual(b, a, name);
  }
});
