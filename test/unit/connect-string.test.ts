import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectStringError, formatAddress, parseConnectString } from '../../src/core/connectString';

test('hosts, default port, chroot, spaces', () => {
  assert.deepEqual(parseConnectString('zk1:2181, zk2:2182 ,zk3/app/a'), {
    servers: [
      { host: 'zk1', port: 2181 },
      { host: 'zk2', port: 2182 },
      { host: 'zk3', port: 2181 },
    ],
    chroot: '/app/a',
  });
  assert.deepEqual(parseConnectString('127.0.0.1:2181/'), { servers: [{ host: '127.0.0.1', port: 2181 }] });
  assert.deepEqual(parseConnectString('a:1,a:1').servers.length, 2, 'duplicates kept, as ZooKeeper does');
});

test('IPv6 in brackets', () => {
  const parsed = parseConnectString('[::1]:2181,[fe80::1%eth0],[2001:db8::7]:2888/x');
  assert.deepEqual(parsed.servers, [
    { host: '::1', port: 2181 },
    { host: 'fe80::1%eth0', port: 2181 },
    { host: '2001:db8::7', port: 2888 },
  ]);
  assert.equal(parsed.chroot, '/x');
  assert.equal(formatAddress(parsed.servers[0]!), '[::1]:2181');
  assert.equal(formatAddress({ host: 'zk1', port: 1 }), 'zk1:1');
});

test('clear errors', () => {
  const cases: [string, RegExp][] = [
    ['', /empty connect string/],
    ['   ', /empty connect string/],
    ['zk1:2181,,zk2', /empty server entry/],
    ['zk1:abc', /bad port "abc"/],
    ['zk1:0', /out of range/],
    ['zk1:70000', /out of range/],
    ['::1:2181', /IPv6 addresses in brackets/],
    ['[::1:2181', /missing "]"/],
    ['[::1]2181', /expected ":port"/],
    ['[zk1]:2181', /not an IPv6 address/],
    [':2181', /missing host/],
    ['zk 1:2181', /not a valid host name/],
    ['/app', /no servers before the chroot/],
    ['zk1/app/', /must not end with/],
    ['zk1/app//x', /empty path segment/],
    ['zk1/app/../x', /"\." or "\.\."/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseConnectString(input),
      (err: unknown) => err instanceof ConnectStringError && message.test(err.message),
      input,
    );
  }
});
