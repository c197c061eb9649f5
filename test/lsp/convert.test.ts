// The LSP layer's conversions: URIs spelled as VS Code spells them (so diagnostics land on the
// document the client has open), paths back from any spelling, and config-error ranges that cover
// the offending token.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverModule } from '../support/server-module';

const convert = serverModule<typeof import('../../server/src/lsp/convert')>('lsp/convert');
const settings = serverModule<typeof import('../../server/src/lsp/settings')>('lsp/settings');

describe('uri and path conversion', () => {
  it('encodes like VS Code URI.file().toString()', () => {
    assert.equal(convert.pathToUri('/work/a b/c.ts'), 'file:///work/a%20b/c.ts');
    assert.equal(convert.pathToUri('/work/@scope/x+y.ts'), 'file:///work/%40scope/x%2By.ts');
    assert.equal(convert.pathToUri('/work/é.ts'), 'file:///work/%C3%A9.ts');
    assert.equal(convert.pathToUri('/w/[x]!.ts'), 'file:///w/%5Bx%5D%21.ts');
  });

  it('reads back any spelling of a file URI, and nothing else', () => {
    assert.equal(convert.uriToPath('file:///work/%40scope/x%2By.ts'), '/work/@scope/x+y.ts');
    assert.equal(convert.uriToPath('file:///work/@scope/x+y.ts'), '/work/@scope/x+y.ts');
    assert.equal(convert.uriToPath(convert.pathToUri('/tmp/a b/ü.ts')), '/tmp/a b/ü.ts');
    assert.equal(convert.uriToPath('untitled:Untitled-1'), undefined);
    assert.equal(convert.uriToPath('git:/work/a.ts?ref'), undefined);
  });
});

describe('config error ranges', () => {
  const text = 'packs: [default]\nhomeRegion: US   # typo\n  - bad value here\n';

  it('covers the token at the 1-based line and column', () => {
    const range = convert.configErrorRange({ file: 'x', line: 2, column: 1, message: 'm' }, text);
    assert.deepEqual(range, { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
  });

  it('stays one character wide when the text is unknown or the line is past the end', () => {
    assert.deepEqual(convert.configErrorRange({ file: 'x', line: 3, column: 5, message: 'm' }, undefined), {
      start: { line: 2, character: 4 },
      end: { line: 2, character: 5 },
    });
    assert.deepEqual(convert.configErrorRange({ file: 'x', line: 40, column: 1, message: 'm' }, text).start, { line: 39, character: 0 });
  });
});

describe('settings from the client', () => {
  it('keep what is valid and fall back field by field', () => {
    assert.deepEqual(settings.sanitiseSettings({ enable: false, packs: ['sonarcx', 3, ''], severity: { 'a/b': 'error', 'c/d': 'loud' } }), {
      enable: false,
      packs: ['sonarcx'],
      severity: { 'a/b': 'error' },
    });
    assert.deepEqual(settings.sanitiseSettings(null), { enable: true, packs: [], severity: {} });
    assert.deepEqual(settings.sanitiseSettings('nonsense'), { enable: true, packs: [], severity: {} });
  });
});
