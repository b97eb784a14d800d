import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminPortsFor, clusterId, parseClusterConfig, parseClusterList, toSettingsEntry } from '../../src/core/clusters/clusterConfig';

test('a minimal entry gets defaults and a stable id', () => {
  const result = parseClusterConfig({ name: ' Prod EU ', connectString: '10.0.0.1:2181/app' });
  assert.ok(result.ok);
  assert.deepEqual(result.ok && result.config, {
    id: 'prod-eu',
    name: 'Prod EU',
    connectString: '10.0.0.1:2181/app',
    readOnly: false,
    refresh: 'watch',
  });
});

test('bad entries say which field is wrong', () => {
  const cases: [unknown, RegExp][] = [
    ['x', /must be an object/],
    [{ connectString: 'a:1' }, /name must be a non-empty string/],
    [{ name: 'a' }, /connectString must be a non-empty string/],
    [{ name: 'a', connectString: 'a:1', readOnly: 'yes' }, /readOnly must be true or false/],
    [{ name: 'a', connectString: 'a:1', refresh: 'sometimes' }, /refresh must be "watch" or "manual"/],
    [{ name: 'a', connectString: 'a:1', password: 'hunter2' }, /credentials do not belong in settings/],
  ];
  for (const [raw, message] of cases) {
    const result = parseClusterConfig(raw);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, message);
  }
});

test('the list keeps valid clusters, reports bad ones and duplicate names', () => {
  const { clusters, errors } = parseClusterList([
    { name: 'a', connectString: 'h:1' },
    { name: 'A', connectString: 'h:2' },
    { name: '', connectString: 'h:3' },
    { name: 'b', connectString: 'h:4', readOnly: true, refresh: 'manual' },
  ]);
  assert.deepEqual(
    clusters.map((c) => c.id),
    ['a', 'b'],
  );
  assert.equal(errors.length, 2);
  assert.deepEqual(parseClusterList('nope').errors, ['zookeeper.clusters must be an array']);
  assert.equal(clusterId('!!!'), 'cluster');
});

test('AdminServer ports: one for all, a list in member order, padded; bad values refused', () => {
  const one = parseClusterConfig({ name: 'a', connectString: 'h:1,h:2,h:3', adminPorts: 8080 });
  assert.ok(one.ok);
  assert.deepEqual(one.ok && adminPortsFor(one.config), [8080, 8080, 8080]);
  const list = parseClusterConfig({ name: 'a', connectString: 'h:1,h:2,h:3', adminPorts: [9001, null] });
  assert.deepEqual(list.ok && adminPortsFor(list.config), [9001, null, null]);
  assert.deepEqual(list.ok && toSettingsEntry(list.config).adminPorts, [9001, null]);
  const none = parseClusterConfig({ name: 'a', connectString: 'h:1' });
  assert.equal(none.ok && adminPortsFor(none.config), undefined);
  assert.equal(none.ok && 'adminPorts' in toSettingsEntry(none.config), false);
  const bad = parseClusterConfig({ name: 'a', connectString: 'h:1', adminPorts: [70000] });
  assert.match(bad.ok ? '' : bad.error, /adminPorts must be a port/);
});

test('member control: a preset or templates are kept and round-trip; a bad one names the field and the problem', () => {
  const control = { preset: 'systemd', restart: 'ssh {host} sudo systemctl restart zookeeper@{id}', timeoutSeconds: 90 };
  const result = parseClusterConfig({ name: 'prod', connectString: 'h:1', control });
  assert.ok(result.ok);
  assert.deepEqual(result.ok && result.config.control, control);
  assert.deepEqual(result.ok && toSettingsEntry(result.config).control, control, 'written back unchanged');
  const cases: [unknown, RegExp][] = [
    [{ preset: 'ansible' }, /control\.preset: Invalid (enum value|option)/],
    [{ start: 'systemctl start zk@{myid}' }, /control\.start: unknown placeholder \{myid\}/],
    [{ stop: '  ' }, /control\.stop: the command template is empty/],
    [{ restart: 'x {id}', password: 'p' }, /control: Unrecognized key/],
    [{ timeoutSeconds: 0 }, /control\.timeoutSeconds/],
  ];
  for (const [bad, message] of cases) {
    const parsed = parseClusterConfig({ name: 'prod', connectString: 'h:1', control: bad });
    assert.equal(parsed.ok, false, JSON.stringify(bad));
    assert.match(parsed.ok ? '' : parsed.error, message);
    assert.match(parsed.ok ? '' : parsed.error, /^zookeeper\.clusters\[0\] \(prod\): /);
  }
});
