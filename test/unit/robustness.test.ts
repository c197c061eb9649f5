// Bad input never crashes the engine or silences it: each hostile file sits beside an ordinary one
// whose flow must still be found, and what was skipped is reported as a problem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverModule } from '../support/server-module';

const { openProject } = serverModule<typeof import('../../server/src/analysis/api')>('analysis/api');
const { buildRuleSet } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');

const catalogue = buildRuleSet({}).ruleSet!.catalogue;
const ORDINARY = `export function hello(email: string): void {\n  console.log(email);\n}\n`;

function project(files: Record<string, string | Buffer>, setup?: (dir: string) => void): { dir: string; flows: number; problems: string[]; files: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-robust-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    setup?.(dir);
    const p = openProject({ root: dir, catalogue });
    const r = p.analyze();
    p.dispose();
    const ordinary = r.flows.filter((f) => f.location.file.endsWith('/ordinary.ts')).length;
    return { dir, flows: ordinary, problems: r.problems.map((x) => `${path.basename(x.file)}: ${x.message}`), files: p.files.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a 10 MB minified bundle is skipped with a problem, the rest is analysed', () => {
  const chunk = 'var a=function(b){return b&&b.c?b.c(1):console.log(b.email)};';
  const big = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
  const r = project({ 'ordinary.ts': ORDINARY, 'dist-like/bundle.min.js': big });
  assert.equal(r.flows, 1);
  assert.ok(r.problems.some((p) => p.startsWith('bundle.min.js: skipped')), r.problems.join('\n'));
});

test('10,000-deep nesting does not overflow the stack', () => {
  const depth = 10_000;
  const nested = `export const deep = ${'['.repeat(depth)}1${']'.repeat(depth)};\nexport function f(x: any) { return ${'('.repeat(depth)}x${')'.repeat(depth)}; }\n`;
  const r = project({ 'ordinary.ts': ORDINARY, 'deep.ts': nested });
  assert.equal(r.flows, 1);
  assert.ok(r.problems.some((p) => p.startsWith('deep.ts: skipped: brackets nest')), r.problems.join('\n'));
});

test('cyclic imports terminate', () => {
  const r = project({
    'ordinary.ts': ORDINARY,
    'a.ts': `import { b } from './b';\nexport function a(email: string, n: number): void { if (n) b(email, n - 1); }\n`,
    'b.ts': `import { a } from './a';\nexport function b(email: string, n: number): void { a(email, n); console.log(email); }\n`,
  });
  assert.equal(r.flows, 1);
});

test('a symlink loop is walked once', () => {
  const r = project({ 'ordinary.ts': ORDINARY, 'src/x.ts': 'export const x = 1;\n' }, (dir) => {
    fs.symlinkSync(dir, path.join(dir, 'src', 'loop'), 'dir');
  });
  assert.equal(r.flows, 1);
  assert.equal(r.files, 2);
});

test('syntax errors and non-UTF-8 bytes are reported or tolerated, not fatal', () => {
  const r = project({
    'ordinary.ts': ORDINARY,
    'broken.ts': 'export function broken( {\n  console.log(\n',
    'latin1.ts': Buffer.from([0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x73, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0xff, 0x22, 0x3b, 0x0a]),
  });
  assert.equal(r.flows, 1);
  assert.ok(r.problems.some((p) => p.startsWith('broken.ts: syntax error')), r.problems.join('\n'));
});

test('a hostile monorepo manifest: `**` over a symlink loop, entries outside the package, an oversized entry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-robust-ws-'));
  try {
    const write = (name: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    };
    write('package.json', JSON.stringify({ workspaces: ['**', 'packages/*/**/*'] }));
    write('packages/outside/package.json', JSON.stringify({ name: 'outside', main: '../../../../../etc/passwd', exports: { '.': { import: { types: '/etc/passwd' } } } }));
    write('packages/outside/src/index.ts', 'export function send(x: unknown): void {\n  console.log(x);\n}\n');
    const chunk = 'var a=function(b){return b&&b.c?b.c(1):console.log(b.email)};';
    write('packages/big/package.json', JSON.stringify({ name: 'big', main: 'bundle.min.js' }));
    write('packages/big/bundle.min.js', chunk.repeat(Math.ceil((3 * 1024 * 1024) / chunk.length)));
    write('packages/app/package.json', JSON.stringify({ name: 'app' }));
    write('packages/app/ordinary.ts', `import { send } from 'outside';\nimport * as big from 'big';\nexport function hello(email: string): void {\n  send(email);\n  void big;\n}\n`);
    fs.symlinkSync(dir, path.join(dir, 'packages', 'loop'), 'dir');
    const p = openProject({ root: path.join(dir, 'packages', 'app'), catalogue });
    const r = p.analyze();
    p.dispose();
    // The import of 'outside' falls back to its src/index.ts (never to a path outside the package).
    assert.equal(r.flows.filter((f) => f.location.file.endsWith('/outside/src/index.ts')).length, 1);
    assert.ok(r.problems.some((x) => x.file.endsWith('/bundle.min.js') && x.message.startsWith('skipped: larger than')), r.problems.map((x) => x.message).join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
