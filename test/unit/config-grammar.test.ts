import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { INITIAL, IGrammar, Registry, parseRawGrammar } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = path.join(__dirname, '..', '..');

/** Tokenizes lines with the real TextMate engine VS Code uses; returns "text:scope" per token. */
function tokens(grammar: IGrammar, lines: string[]): string[][] {
  let state = INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => `${line.slice(t.startIndex, t.endIndex)}:${t.scopes[t.scopes.length - 1]}`);
  });
}

describe('zoocfg grammar', () => {
  let grammar: IGrammar;

  before(async () => {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (p: string[]) => new OnigScanner(p),
        createOnigString: (s: string) => new OnigString(s),
      }),
      loadGrammar: async () =>
        parseRawGrammar(fs.readFileSync(path.join(ROOT, 'media', 'zoocfg.tmLanguage.json'), 'utf8'), 'zoocfg.tmLanguage.json'),
    });
    const loaded = await registry.loadGrammar('source.zoocfg');
    assert.ok(loaded);
    grammar = loaded;
  });

  it('colours comments, keys, separators and values', () => {
    const [comment, key, flag] = tokens(grammar, ['# the tick', 'tickTime=2000', 'reconfigEnabled = true']);
    assert.deepEqual(comment, ['#:punctuation.definition.comment.zoocfg', ' the tick:comment.line.number-sign.zoocfg']);
    assert.deepEqual(key, [
      'tickTime:support.type.property-name.zoocfg',
      '=:punctuation.separator.key-value.zoocfg',
      '2000:constant.numeric.zoocfg',
    ]);
    assert.ok(flag!.includes('true:constant.language.boolean.zoocfg'), flag!.join(' '));
  });

  it('breaks server lines into id, hosts, ports and roles', () => {
    const [server] = tokens(grammar, ['server.1=zk1.example.com:2888:3888:observer;2181']);
    assert.ok(server!.includes('server:keyword.other.membership.zoocfg'), server!.join(' '));
    assert.ok(server!.includes('1:constant.numeric.integer.server-id.zoocfg'));
    assert.ok(server!.includes('zk1.example.com:string.unquoted.host.zoocfg'));
    assert.ok(server!.includes('2888:constant.numeric.integer.port.zoocfg'));
    assert.ok(server!.includes('observer:storage.modifier.role.zoocfg'));
    assert.ok(server!.includes('2181:constant.numeric.integer.port.zoocfg'));
  });

  it('marks inline comments, lint directives and continuation lines', () => {
    const [inline, directive, cont] = tokens(grammar, [
      'clientPort=2181 # here',
      '# zkops-lint disable autopurge',
      '4lw.commands.whitelist=srvr,\\',
    ]);
    assert.ok(inline!.includes(' # here:invalid.illegal.inline-comment.zoocfg'), inline!.join(' '));
    assert.ok(
      directive!.some((t) => t.endsWith('keyword.other.directive.zoocfg')),
      directive!.join(' '),
    );
    assert.ok(cont!.includes('\\:constant.character.escape.line-continuation.zoocfg'), cont!.join(' '));
  });
});
