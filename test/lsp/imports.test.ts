// The dependency rules around the editor layers (STYLE.md): the extension imports only `vscode`
// and the language client, never server code; the engine and the policy layer never import the
// language server or LSP packages; only the CLI reaches into lsp/.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return fs
    .readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(abs, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

describe('dependency rules of the editor layers', () => {
  it('client/ imports only vscode, the language client and node built-ins', () => {
    for (const file of sources('client/src')) {
      for (const spec of importsOf(file)) {
        const ok = spec === 'vscode' || spec.startsWith('vscode-languageclient') || spec.startsWith('node:') || (spec.startsWith('./') && !spec.includes('server'));
        assert.ok(ok, `${path.relative(ROOT, file)} imports '${spec}'`);
      }
    }
  });

  it('analysis/ and policy/ never import lsp/, cli/ or LSP packages', () => {
    for (const file of [...sources('server/src/analysis'), ...sources('server/src/policy')]) {
      for (const spec of importsOf(file)) {
        assert.ok(!/(^|\/)(lsp|cli)(\/|$)/.test(spec) && !spec.startsWith('vscode'), `${path.relative(ROOT, file)} imports '${spec}'`);
      }
    }
  });

  it('lsp/ imports analysis/, policy/, its own files and its packages only', () => {
    for (const file of sources('server/src/lsp')) {
      for (const spec of importsOf(file)) {
        const ok =
          spec.startsWith('./') ||
          spec.startsWith('../analysis/') ||
          spec.startsWith('../policy/') ||
          spec.startsWith('node:') ||
          spec.startsWith('vscode-languageserver') ||
          spec === 'yaml';
        assert.ok(ok, `${path.relative(ROOT, file)} imports '${spec}'`);
      }
    }
  });
});
