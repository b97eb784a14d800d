import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { updateSandboxSettings } from '../../src/core/testbed/sandboxWorkspace';

function tempSettings(text?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-sandbox-ws-'));
  const file = path.join(dir, '.vscode', 'settings.json');
  if (text !== undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return file;
}

test('a missing settings file is created with the sandbox cluster', () => {
  const file = tempSettings();
  assert.equal(updateSandboxSettings(file, '127.0.0.1:1,127.0.0.1:2', [11, 12]), undefined);
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(settings['zookeeper.clusters'], [
    { name: 'sandbox', connectString: '127.0.0.1:1,127.0.0.1:2', readOnly: false, refresh: 'watch', adminPorts: [11, 12] },
  ]);
});

test('only the sandbox entry changes: comments, other settings and clusters stay', () => {
  const text = [
    '{',
    '  // my own comment',
    '  "editor.fontSize": 15,',
    '  "zookeeper.clusters": [',
    '    { "name": "prod", "connectString": "zk1:2181" },',
    '    { "name": "sandbox", "connectString": "127.0.0.1:9", "readOnly": true },',
    '  ],',
    '}',
  ].join('\n');
  const file = tempSettings(text);
  assert.equal(updateSandboxSettings(file, '127.0.0.1:5', [6]), undefined);
  const updated = fs.readFileSync(file, 'utf8');
  assert.match(updated, /\/\/ my own comment/);
  assert.match(updated, /"editor.fontSize": 15/);
  assert.match(updated, /"name": "prod", "connectString": "zk1:2181"/);
  assert.match(updated, /"connectString": "127\.0\.0\.1:5"/);
  assert.match(updated, /"readOnly": true/, "the user's own choice for the sandbox stays");
  assert.doesNotMatch(updated, /127\.0\.0\.1:9/);
});

test('a settings file that does not parse is left alone, with a warning saying what to set', () => {
  const file = tempSettings('{ "zookeeper.clusters": [ oops');
  const warning = updateSandboxSettings(file, '127.0.0.1:5', [6]);
  assert.match(warning ?? '', /does not parse.*127\.0\.0\.1:5/);
  assert.equal(fs.readFileSync(file, 'utf8'), '{ "zookeeper.clusters": [ oops');
});
