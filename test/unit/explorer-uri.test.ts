import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ZkUriError, formatZkUri, parseUriParts, toUriParts, znodeKey } from '../../src/ui/explorer/zkUri';

test('a location maps to URI parts and back, view included', () => {
  const parts = toUriParts({ clusterId: 'prod-eu', path: '/app/config', view: 'hex' });
  assert.deepEqual(parts, { scheme: 'zk', authority: 'prod-eu', path: '/app/config (hex)', query: 'view=hex&titled' });
  assert.deepEqual(parseUriParts(parts), { clusterId: 'prod-eu', path: '/app/config', view: 'hex' });
});

test('a view asked for by name titles the tab, `name (view)`, so hex and base64 tabs differ; the root too', () => {
  const hex = toUriParts({ clusterId: 'c', path: '/a', view: 'hex' });
  const base64 = toUriParts({ clusterId: 'c', path: '/a', view: 'base64' });
  assert.equal(hex.path.split('/').pop(), 'a (hex)');
  assert.equal(base64.path.split('/').pop(), 'a (base64)');
  assert.deepEqual(parseUriParts(toUriParts({ clusterId: 'c', path: '/', view: 'json' })), { clusterId: 'c', path: '/', view: 'json' });
  // Without the flag the path is the znode's own name, suffix or not.
  assert.deepEqual(parseUriParts({ scheme: 'zk', authority: 'c', path: '/x (hex)', query: 'view=hex' }), {
    clusterId: 'c',
    path: '/x (hex)',
    view: 'hex',
  });
  assert.throws(
    () => parseUriParts({ scheme: 'zk', authority: 'c', path: '/x', query: 'view=hex&titled' }),
    /does not end with its view's title/,
  );
  assert.throws(() => parseUriParts({ scheme: 'zk', authority: 'c', path: '/x (hex)', query: 'titled' }), ZkUriError);
});

test('no view means no query and no view on the way back', () => {
  const parts = toUriParts({ clusterId: 'c', path: '/a' });
  assert.equal(parts.query, '');
  assert.deepEqual(parseUriParts(parts), { clusterId: 'c', path: '/a' });
});

test('names with URI-special and non-ASCII characters survive as raw paths', () => {
  for (const path of ['/a b/c%20d', '/q?x=1#frag', '/ünï/コード', '/a/b;c', '/%']) {
    const parts = toUriParts({ clusterId: 'c', path });
    assert.equal(parseUriParts(parts).path, path);
  }
});

test('the printable form percent-encodes each segment, keeping the slashes', () => {
  assert.equal(formatZkUri({ clusterId: 'c', path: '/a b/q?#', view: 'base64' }), 'zk://c/a%20b/q%3F%23%20(base64)?view=base64&titled');
  assert.equal(formatZkUri({ clusterId: 'c', path: '/' }), 'zk://c/');
});

test('the root: empty path and a trailing slash both mean /', () => {
  assert.equal(parseUriParts({ scheme: 'zk', authority: 'c', path: '', query: '' }).path, '/');
  assert.equal(parseUriParts({ scheme: 'zk', authority: 'c', path: '/a/', query: '' }).path, '/a');
});

test('wrong scheme, bad cluster ids, relative paths and unknown views are refused', () => {
  assert.throws(() => parseUriParts({ scheme: 'file', authority: 'c', path: '/a', query: '' }), ZkUriError);
  assert.throws(() => parseUriParts({ scheme: 'zk', authority: 'Bad Id', path: '/a', query: '' }), /not a cluster id/);
  assert.throws(() => parseUriParts({ scheme: 'zk', authority: 'c', path: '/a', query: 'view=pdf' }), /unknown view "pdf"/);
  assert.throws(() => toUriParts({ clusterId: 'c', path: 'a' }), /not an absolute znode path/);
  // Unrelated query keys are ignored.
  assert.deepEqual(parseUriParts({ scheme: 'zk', authority: 'c', path: '/a', query: 'x=1&view=json' }), {
    clusterId: 'c',
    path: '/a',
    view: 'json',
  });
});

test('the znode key ignores the view', () => {
  assert.equal(znodeKey('c', '/a'), 'c:/a');
});
