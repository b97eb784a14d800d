import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  DataParseError,
  DataView,
  DataViewError,
  defaultView,
  detectKind,
  languageIdFor,
  parseBase64,
  parseHex,
  parseView,
  parseViewBytes,
  renderHex,
  renderView,
  renderViewBytes,
  viewsFor,
} from '../../src/core/znodes/codec';

const samples: Record<string, Buffer> = {
  empty: Buffer.alloc(0),
  json: Buffer.from('{"a": [1, 2, {"b": "ü"}]}\n'),
  jsonBom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1,2]')]),
  text: Buffer.from('hello\tworld\r\nline 2 ✓ 日本語 <script>alert(1)</script> **md**'),
  textBom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('plain')]),
  number: Buffer.from('42'),
  control: Buffer.from('abc\u0001def'),
  del: Buffer.from('abc\u007f'),
  c1: Buffer.from('abc\u0085'),
  invalidUtf8: Buffer.from([0x61, 0xc3, 0x28]),
  overlong: Buffer.from([0xc0, 0xaf]),
  surrogate: Buffer.from([0xed, 0xa0, 0x80]),
  nul: Buffer.from([0x00]),
  random: randomBytes(1000),
  brokenJson: Buffer.from('{"a": 1'),
};

describe('detectKind', () => {
  it('classifies each sample', () => {
    const expected: Record<string, string> = {
      empty: 'empty',
      json: 'json',
      jsonBom: 'json',
      text: 'text',
      textBom: 'text',
      number: 'text',
      control: 'binary',
      del: 'binary',
      c1: 'binary',
      invalidUtf8: 'binary',
      overlong: 'binary',
      surrogate: 'binary',
      nul: 'binary',
      brokenJson: 'text',
    };
    for (const [name, kind] of Object.entries(expected)) assert.equal(detectKind(samples[name]!), kind, name);
  });

  it('offers only faithful views, the default first, with language ids', () => {
    assert.deepEqual(viewsFor('binary'), ['hex', 'base64']);
    assert.equal(defaultView('json'), 'json');
    assert.equal(defaultView('binary'), 'hex');
    assert.equal(defaultView('text'), 'text');
    assert.equal(languageIdFor('json'), 'json');
    assert.equal(languageIdFor('hex'), 'plaintext');
    assert.equal(languageIdFor('text'), 'plaintext');
  });
});

describe('round trips', () => {
  it('every offered view gives back the exact bytes, as strings and as editor bytes', () => {
    for (const [name, data] of Object.entries(samples)) {
      for (const view of viewsFor(detectKind(data))) {
        assert.deepEqual(parseView(renderView(data, view), view), data, `${name} via ${view}`);
        assert.deepEqual(parseViewBytes(renderViewBytes(data, view), view), data, `${name} via ${view} bytes`);
      }
    }
  });

  it('round-trips 1 MB of random bytes through hex and base64', () => {
    const big = randomBytes(1024 * 1024);
    for (const view of ['hex', 'base64'] as DataView[]) assert.deepEqual(parseView(renderView(big, view), view), big);
  });

  it('refuses a lossy view', () => {
    assert.throws(() => renderView(samples.random!, 'text'), DataViewError);
    assert.throws(() => renderView(samples.random!, 'json'), DataViewError);
  });

  it('shows text that is not JSON in the JSON view as it is (a document kept in that view reloads)', () => {
    assert.equal(renderView(samples.text!, 'json'), samples.text!.toString('utf8'));
    assert.throws(() => parseView(renderView(samples.text!, 'json'), 'json'), DataParseError);
  });

  it('keeps the BOM in the text view', () => {
    const shown = renderView(samples.textBom!, 'text');
    assert.equal(shown.charCodeAt(0), 0xfeff);
  });
});

describe('hex view', () => {
  it('lays out 16 bytes per line with an offset and an ASCII gutter', () => {
    const data = Buffer.from('0123456789abcdefXYZ\n');
    const lines = renderHex(data).trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^00000000: 30 31 32 33 34 35 36 37 {2}38 39 61 62 63 64 65 66 ; 0123456789abcdef$/);
    assert.match(lines[1]!, /^00000010: 58 59 5a 0a +; XYZ\.$/);
  });

  it('accepts hand-typed hex: no offsets, no spaces, upper case, a stale offset, comments', () => {
    assert.deepEqual(parseHex('DEADbeef\n00 01 ; note: x\n99999999: ff'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 0xff]));
    assert.deepEqual(parseHex(''), Buffer.alloc(0));
    assert.deepEqual(parseHex('\r\n  \n'), Buffer.alloc(0));
  });

  it('names line and column of a bad digit or a half byte', () => {
    assert.throws(
      () => parseHex('00 01\n02 0g'),
      (e: unknown) => e instanceof DataParseError && e.line === 2 && e.column === 5 && /not a hex digit/.test(e.message),
    );
    assert.throws(
      () => parseHex('00 1 02'),
      (e: unknown) => e instanceof DataParseError && e.line === 1 && e.column === 4,
    );
    assert.throws(
      () => parseHex('abc'),
      (e: unknown) => e instanceof DataParseError && e.column === 3,
    );
    assert.throws(
      () => parseHex('zz: 00'),
      (e: unknown) => e instanceof DataParseError && /offset/.test(e.message),
    );
  });
});

describe('base64 view', () => {
  it('wraps at 76 characters', () => {
    const text = renderView(randomBytes(200), 'base64');
    const lines = text.trimEnd().split('\n');
    assert.ok(lines.every((l) => l.length <= 76));
    assert.equal(lines[0]!.length, 76);
  });

  it('names line and column of a bad character, bad padding or truncation', () => {
    assert.throws(
      () => parseBase64('QUJD\nQU*D'),
      (e: unknown) => e instanceof DataParseError && e.line === 2 && e.column === 3,
    );
    assert.throws(
      () => parseBase64('QQ=A'),
      (e: unknown) => e instanceof DataParseError && /after "="/.test(e.message),
    );
    assert.throws(
      () => parseBase64('QUJ'),
      (e: unknown) => e instanceof DataParseError && /multiple of 4/.test(e.message),
    );
    assert.throws(
      () => parseBase64('Q==='),
      (e: unknown) => e instanceof DataParseError && /padding/.test(e.message),
    );
    assert.deepEqual(parseBase64(' QU\r\nJD '), Buffer.from('ABC'));
  });
});

describe('json view', () => {
  it('refuses invalid JSON with line and column, accepts empty as empty', () => {
    assert.throws(
      () => parseView('{\n  "a": 1,\n  "b": }', 'json'),
      (e: unknown) => e instanceof DataParseError && e.view === 'json' && e.line === 3 && e.column === 8,
    );
    assert.deepEqual(parseView('', 'json'), Buffer.alloc(0));
  });
});

describe('jsonProblem', () => {
  it('agrees with JSON.parse on validity', async () => {
    const { jsonProblem } = await import('../../src/core/znodes/jsonErrorAt');
    const cases = [
      '{}',
      '[]',
      '[1,2,]',
      '{"a":}',
      '"x"',
      '-',
      '-0.5e+3',
      '01',
      '[1 2]',
      '{"a":1,}',
      'nul',
      '"\\u12g4"',
      '"a\tb"',
      '[true,false,null]',
      '{"a":[{"b":"\\n"}]} ',
      '1 2',
      '"\\x"',
    ];
    for (const c of cases) {
      let valid = true;
      try {
        JSON.parse(c);
      } catch {
        valid = false;
      }
      assert.equal(jsonProblem(c) === undefined, valid, c);
    }
  });
});
