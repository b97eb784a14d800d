import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHARTS, SERIES_KEYS } from '../../src/shared/dashboardProtocol';
import { MAX_WEBVIEW_MESSAGE_BYTES, parseDashboardState, parseWebviewMessage } from '../../src/shared/dashboardValidation';

const goodState = { clusterId: 'c1', range: '1h', hidden: ['127.0.0.1:2181'], live: true };

test('every message the webview sends is accepted as it is', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'setRange', range: '24h' },
    { type: 'setRange', range: '7d' },
    { type: 'setRange', range: '30d' },
    { type: 'setLive', live: false },
    { type: 'state', state: goodState },
    { type: 'silence', target: { kind: 'ours', rule: 'member-down', member: '127.0.0.1:2181' } },
    { type: 'silence', target: { kind: 'ours', rule: 'quorum-lost', member: null } },
    { type: 'silence', target: { kind: 'team', key: 'alertname="x",member="127.0.0.1:2181"' } },
  ]) {
    const parsed = parseWebviewMessage(m);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.value, m);
  }
});

test('unknown types, missing or mistyped fields and extra fields are rejected', () => {
  const bad: unknown[] = [
    null,
    'ready',
    42,
    [],
    {},
    { type: 'runCommand', command: 'workbench.action.terminal.new' },
    { type: 'setRange' },
    { type: 'setRange', range: '90d' },
    { type: 'setRange', range: 5 },
    { type: 'silence' },
    { type: 'silence', target: { kind: 'team', labels: { alertname: 'x' } } },
    { type: 'silence', target: { kind: 'team', key: '' } },
    { type: 'silence', target: { kind: 'ours', rule: 'member-down' } },
    { type: 'silence', target: { kind: 'ours', rule: 'member-down', member: null, matchers: [] } },
    { type: 'setLive', live: 'yes' },
    { type: 'ready', extra: 1 },
    { type: 'state', state: { ...goodState, range: 'forever' } },
    { type: 'state', state: { ...goodState, clusterId: '' } },
    { type: 'state', state: { ...goodState, hidden: [1, 2] } },
    { type: 'state', state: { ...goodState, script: '<script>' } },
    { type: '__proto__' },
  ];
  for (const m of bad) {
    const parsed = parseWebviewMessage(m);
    assert.equal(parsed.ok, false, `accepted ${JSON.stringify(m)}`);
    assert.ok(!parsed.ok && parsed.error.length > 0, 'a rejection says why');
  }
});

test('oversized payloads are rejected before their fields are read', () => {
  const huge = { type: 'state', state: { ...goodState, clusterId: 'x'.repeat(MAX_WEBVIEW_MESSAGE_BYTES) } };
  const parsed = parseWebviewMessage(huge);
  assert.equal(parsed.ok, false);
  assert.match(!parsed.ok ? parsed.error : '', /too large/);
  const many = { type: 'state', state: { ...goodState, hidden: Array.from({ length: 65 }, (_, i) => `h${i}:1`) } };
  assert.equal(parseWebviewMessage(many).ok, false, 'at most 64 hidden members');
  const longId = { type: 'state', state: { ...goodState, clusterId: 'x'.repeat(300) } };
  assert.equal(parseWebviewMessage(longId).ok, false, 'ids are bounded too');
});

test('restored view state is validated like a message; anything else gives no state', () => {
  assert.deepEqual(parseDashboardState(goodState), goodState);
  assert.equal(parseDashboardState(undefined), undefined);
  assert.equal(parseDashboardState({ ...goodState, live: 1 }), undefined);
  assert.equal(parseDashboardState({ ...goodState, hidden: 'all' }), undefined);
});

test('the charts cover the issue list, each key once', () => {
  assert.equal(new Set(SERIES_KEYS).size, SERIES_KEYS.length);
  assert.ok(SERIES_KEYS.length >= 14);
  for (const key of [
    'avg_latency',
    'max_latency',
    'outstanding_requests',
    'packets_received',
    'packets_sent',
    'num_alive_connections',
    'znode_count',
    'watch_count',
    'ephemerals_count',
    'approximate_data_size',
    'open_file_descriptor_count',
    'max_file_descriptor_count',
    'sum_fsynctime',
    'avg_election_time',
    'cnt_election_time',
  ]) {
    assert.ok(SERIES_KEYS.includes(key), key);
  }
  assert.equal(new Set(CHARTS.map((c) => c.id)).size, CHARTS.length);
});
