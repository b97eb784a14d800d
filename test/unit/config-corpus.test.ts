import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../../src/core/config/lint';
import { parseConfig } from '../../src/core/config/parser';

const DIR = path.join(__dirname, '..', 'fixtures', 'zoocfg');

/**
 * Each fixture states what it expects: `# expect: <severity> <rule>` names a finding on the next
 * entry, `# expect-file: <severity> <rule>` one at the top of the file. Nothing else may be found.
 */
function expectations(text: string): string[] {
  const parsed = parseConfig(text);
  const out: string[] = [];
  for (const c of parsed.comments) {
    const m = /^(expect|expect-file):\s*(error|warning|info)\s+(\S+)$/.exec(c.text);
    if (!m) continue;
    if (m[1] === 'expect-file') {
      out.push(`1 ${m[2]} ${m[3]}`);
      continue;
    }
    const next = parsed.entries.find((e) => e.firstLine > c.line);
    assert.ok(next, `expectation on line ${c.line + 1} has no entry after it`);
    out.push(`${next.firstLine + 1} ${m[2]} ${m[3]}`);
  }
  return out.sort();
}

const fixtures = fs.readdirSync(DIR).sort();

describe('zoo.cfg corpus', () => {
  it('has realistic configs, clean and broken', () => {
    assert.ok(fixtures.length >= 12, `only ${fixtures.length} fixtures`);
  });

  for (const name of fixtures) {
    it(`${name} has exactly the findings it declares`, () => {
      const text = fs.readFileSync(path.join(DIR, name), 'utf8');
      const findings = lintText(text, { fileName: name });
      const actual = findings.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.rule}`).sort();
      assert.deepEqual(actual, expectations(text), findings.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n'));
    });
  }

  it('checks a static file against the dynamic file it names', () => {
    const staticText = fs.readFileSync(path.join(DIR, 'reconfig.cfg'), 'utf8');
    const dynamicText = fs.readFileSync(path.join(DIR, 'zoo.cfg.dynamic.100000000'), 'utf8');
    assert.deepEqual(lintText(staticText, { dynamicConfigText: dynamicText }), []);
    // A clientPort that none of the members' client addresses uses cannot work for any of them.
    const withPort = staticText + 'clientPort=2182\n';
    const findings = lintText(withPort, { dynamicConfigText: dynamicText });
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.rule}`),
      ['warning client-port'],
    );
    assert.match(findings[0]!.message, /2182 matches no server line/);
  });
});
