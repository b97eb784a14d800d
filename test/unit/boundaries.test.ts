import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

for (const room of ['src/core', 'src/shared', 'src/server', 'src/cli']) {
  test(`${room} never imports vscode`, () => {
    const offenders = tsFiles(path.join(ROOT, room)).filter((f) => importsVscode.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });
}

test('src/shared imports no node built-ins and no DOM-only code', () => {
  const offenders = tsFiles(path.join(ROOT, 'src/shared')).filter((f) => /from\s+['"]node:/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});

test('only one module of ours imports the deprecated webview toolkit', () => {
  const all = [...tsFiles(path.join(ROOT, 'src')), ...tsFiles(path.join(ROOT, 'webview'))];
  const importers = all.filter((f) => /@vscode\/webview-ui-toolkit/.test(fs.readFileSync(f, 'utf8')));
  assert.ok(importers.length <= 1, `toolkit imported from ${importers.join(', ')}`);
});
