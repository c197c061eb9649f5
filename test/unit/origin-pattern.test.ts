// The `calls` pattern language of sink and sanitiser specs: `**`, `*`, `{a,b}`, `()` and literal
// segments over origin paths, and the errors that malformed patterns get.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { serverModule } from '../support/server-module';

const { compileOriginPattern, compileOriginPatterns, originPatternError } =
  serverModule<typeof import('../../server/src/analysis/origin-pattern')>('analysis/origin-pattern');

const p = (s: string) => (s === '' ? [] : s.split('/'));

type Case = [pattern: string, path: string, matches: boolean];

const cases: Case[] = [
  // Literals and calls.
  ['info', 'info', true],
  ['info', 'warn', false],
  ['info', 'log/info', false],
  ['()', '()', true],
  ['()', '', false],
  ['()/()', '()/()', true],
  ['()/()', '()', false],
  ['()/info', '()/info', true],
  ['()/info', 'info', false],
  ['createLogger/()/info', 'createLogger/()/info', true],
  ['createLogger/()/info', 'createLogger/info', false],
  ['Info', 'info', false],
  // Alternatives.
  ['{log,info,warn}', 'warn', true],
  ['{log,info,warn}', 'error', false],
  ['{log,info}/()', 'info/()', true],
  ['{(),send}', '()', true],
  ['{(),send}', 'send', true],
  ['{get,post}/()/send', 'post/()/send', true],
  ['{get,post}/()/send', 'put/()/send', false],
  // One segment.
  ['*', 'anything', true],
  ['*', '()', true],
  ['*', '', false],
  ['*', 'a/b', false],
  ['*/info', 'child/info', true],
  ['*/info', 'info', false],
  // Any number of segments.
  ['**', '', true],
  ['**', 'a/b/c', true],
  ['**/info', 'info', true],
  ['**/info', '()/child/()/info', true],
  ['**/info', '()/child/()/warn', false],
  ['()/**/info', '()/info', true],
  ['()/**/info', '()/child/()/child/()/info', true],
  ['()/**/info', 'child/()/info', false],
  ['a/**/b/**/c', 'a/b/c', true],
  ['a/**/b/**/c', 'a/x/b/y/z/c', true],
  ['a/**/b/**/c', 'a/x/c', false],
  ['**/**/x', 'x', true],
  ['**/chat/completions/create', 'OpenAI/()/chat/completions/create', true],
  ['**/chat/completions/create', '()/chat/completions/create', true],
  ['**/chat/completions/create', '()/chat/completions', false],
  ['**/*', '', false],
  ['**/*', 'a', true],
  ['lookups/**/phoneNumbers', 'lookups/v2/phoneNumbers', true],
];

for (const [pattern, path, expected] of cases) {
  test(`'${pattern}' ${expected ? 'matches' : 'does not match'} '${path}'`, () => {
    assert.equal(originPatternError(pattern), undefined);
    assert.equal(compileOriginPattern(pattern)(p(path)), expected);
  });
}

test('many `**` stay fast (no backtracking blow-up)', () => {
  const pattern = Array.from({ length: 30 }, () => '**/a').join('/') + '/b';
  const path = Array.from({ length: 200 }, () => 'a');
  const start = process.hrtime.bigint();
  assert.equal(compileOriginPattern(pattern)(path), false);
  // Generous bound: this is a complexity check, not a timing benchmark.
  assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 1000);
});

test('compileOriginPatterns accepts a path any pattern accepts', () => {
  const m = compileOriginPatterns(['()/info', 'createLogger/()/info']);
  assert.equal(m(p('()/info')), true);
  assert.equal(m(p('createLogger/()/info')), true);
  assert.equal(m(p('info')), false);
  assert.equal(compileOriginPatterns([])(p('info')), false);
});

test('malformed patterns are reported and never match', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty pattern/],
    ['a//b', /empty segment/],
    ['/a', /empty segment/],
    ['a/', /empty segment/],
    ['{a,b', /unclosed/],
    ['{a,default/b}', /unclosed/],
    ['{a}', /one alternative/],
    ['{a,}', /empty alternative/],
    ['info()', /own segment/],
    ['a b', /reserved/],
    ['a*b', /reserved/],
  ];
  for (const [pattern, why] of bad) {
    const error = originPatternError(pattern);
    assert.ok(error && why.test(error), `${JSON.stringify(pattern)}: ${error}`);
    assert.equal(compileOriginPattern(pattern)(p('a/b')), false);
    assert.equal(compileOriginPattern(pattern)([]), false);
  }
});
