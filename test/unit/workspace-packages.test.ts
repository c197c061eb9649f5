// Monorepo workspace packages without node_modules: manifest parsing (npm/yarn, pnpm, lerna), where a
// bare import of a package lands in its source, and the real compiler's program following it from a
// scanned sub-folder. Every case writes real files to a temporary folder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { serverModule } from '../support/server-module';

const { findWorkspace, readWorkspace, expandPatterns } = serverModule<typeof import('../../server/src/analysis/workspace-packages')>('analysis/workspace-packages');
const { resolveWorkspaceImport, sourcesFor, exportTargets } = serverModule<typeof import('../../server/src/analysis/workspace-resolution')>('analysis/workspace-resolution');
const { openBackend } = serverModule<typeof import('../../server/src/analysis/ts-backend')>('analysis/ts-backend');

type Tree = Record<string, string>;

function withTree(files: Tree, run: (dir: string) => void): void {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-workspace-'))).replace(/\\/g, '/');
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pkg = (fields: Record<string, unknown>): string => JSON.stringify(fields);
const names = (dir: string): Record<string, string> | undefined => {
  const ws = readWorkspace(dir);
  return ws && Object.fromEntries([...ws.packages.values()].map((p) => [p.name, path.posix.relative(dir, p.dir)]));
};

test('npm workspaces: an array of globs, with a negation', () => {
  withTree(
    {
      'package.json': pkg({ private: true, workspaces: ['packages/*', '!packages/old-*'] }),
      'packages/a/package.json': pkg({ name: '@x/a' }),
      'packages/old-b/package.json': pkg({ name: '@x/old-b' }),
      'packages/no-manifest/src/index.ts': '',
      'packages/unnamed/package.json': pkg({ version: '1.0.0' }),
      'other/c/package.json': pkg({ name: '@x/c' }),
    },
    (dir) => assert.deepEqual(names(dir), { '@x/a': 'packages/a' }),
  );
});

test('yarn workspaces: `{ packages: [...] }`, `**` and a nested glob', () => {
  withTree(
    {
      'package.json': pkg({ workspaces: { packages: ['apps/**', 'libs/*/pkg'], nohoist: ['**/react'] } }),
      'apps/web/package.json': pkg({ name: 'web' }),
      'apps/group/api/package.json': pkg({ name: 'api' }),
      'apps/web/node_modules/dep/package.json': pkg({ name: 'dep' }),
      'libs/one/pkg/package.json': pkg({ name: 'one' }),
    },
    (dir) => assert.deepEqual(names(dir), { api: 'apps/group/api', web: 'apps/web', one: 'libs/one/pkg' }),
  );
});

test('pnpm-workspace.yaml, with each manifest excluding only its own matches, and lerna.json', () => {
  withTree(
    {
      'package.json': pkg({ name: 'root', private: true }),
      'pnpm-workspace.yaml': "packages:\n  # comments are fine\n  - 'packages/*'\n  - '!**/test/**'\n  - 'apps/*'\n",
      'lerna.json': pkg({ packages: ['tools/*'] }),
      'packages/shared/package.json': pkg({ name: '@n/shared' }),
      'packages/shared/test/fixture/package.json': pkg({ name: '@n/fixture' }),
      'apps/api/package.json': pkg({ name: '@n/api' }),
      'tools/cli/package.json': pkg({ name: '@n/cli' }),
    },
    (dir) => {
      assert.deepEqual(names(dir), { '@n/api': 'apps/api', '@n/shared': 'packages/shared', '@n/cli': 'tools/cli' });
      assert.deepEqual(readWorkspace(dir)!.manifests, ['pnpm-workspace.yaml', 'lerna.json']);
    },
  );
});

test('a malformed manifest is no workspace, and globs that leave the root are ignored', () => {
  withTree({ 'package.json': '{ "workspaces": [', 'packages/a/package.json': pkg({ name: 'a' }) }, (dir) => assert.equal(readWorkspace(dir), undefined));
  withTree({ 'pnpm-workspace.yaml': 'packages: [unclosed', 'packages/a/package.json': pkg({ name: 'a' }) }, (dir) => assert.equal(readWorkspace(dir), undefined));
  withTree({ 'pnpm-workspace.yaml': '- just\n- a list\n' }, (dir) => assert.equal(readWorkspace(dir), undefined));
  withTree({ 'package.json': pkg({ workspaces: 'packages/*' }) }, (dir) => assert.equal(readWorkspace(dir), undefined));
  withTree({ 'inner/package.json': pkg({ name: 'in' }), 'outer/package.json': pkg({ name: 'out' }) }, (dir) => {
    assert.deepEqual(expandPatterns(`${dir}/inner`, ['../outer', '/etc', 'inner/../../outer']), []);
  });
});

test('findWorkspace walks up to the nearest manifest, and stops at the repository root', () => {
  withTree(
    {
      'package.json': pkg({ workspaces: ['packages/*'] }),
      'packages/a/package.json': pkg({ name: 'a' }),
      'packages/a/src/deep/file.ts': '',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/package.json': pkg({ name: 'not-a-workspace' }),
      'repo/src/file.ts': '',
    },
    (dir) => {
      assert.equal(findWorkspace(`${dir}/packages/a/src/deep`)?.root, dir);
      // A repository without a manifest of its own is not part of a workspace found above it.
      assert.equal(findWorkspace(`${dir}/repo/src`), undefined);
      assert.equal(findWorkspace(`${dir}/packages/a/node_modules/x`), undefined);
    },
  );
});

test('exports targets: conditions in preference order, subpaths, patterns', () => {
  const exports = {
    '.': { require: { types: './dist/cjs/index.d.cts', default: './dist/cjs/index.cjs' }, import: './dist/esm/index.js' },
    './servers/*': './dist/esm/servers/*.js',
    './nest': { import: './dist/esm/servers/nest.js' },
  };
  assert.deepEqual(exportTargets(exports, '.'), ['./dist/esm/index.js', './dist/cjs/index.d.cts', './dist/cjs/index.cjs']);
  assert.deepEqual(exportTargets(exports, './nest'), ['./dist/esm/servers/nest.js']);
  assert.deepEqual(exportTargets(exports, './servers/express'), ['./dist/esm/servers/express.js']);
  assert.deepEqual(exportTargets(exports, './missing'), []);
  assert.deepEqual(exportTargets('./main.js', '.'), ['./main.js']);
  assert.deepEqual(exportTargets({ types: './a.d.ts', default: './a.js' }, '.'), ['./a.d.ts', './a.js']);
});

test('built output maps back to its source: out folder and format folders dropped', () => {
  const first = (t: string) => sourcesFor(t)[0];
  assert.equal(first('./dist/index.js'), 'src/index.ts');
  assert.equal(first('build/main/index.d.ts'), 'src/main/index.ts');
  assert.ok(sourcesFor('build/main/index.d.ts').includes('src/index.ts'));
  assert.ok(sourcesFor('./dist/cjs/servers/express.cjs').includes('src/servers/express.ts'));
  // Only format folders are dropped: `dist/feature/x` is not `src/x`.
  assert.ok(!sourcesFor('dist/feature/x.js').includes('src/x.ts'));
  assert.equal(first('src/index.ts'), 'src/index.ts');
  assert.deepEqual(sourcesFor('../outside/index.js'), []);
});

const MONOREPO: Tree = {
  'package.json': pkg({ private: true, workspaces: ['packages/*'] }),
  'packages/log/package.json': pkg({ name: '@m/log', main: 'dist/index.js', types: 'dist/index.d.ts', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './extra': './dist/extra/index.js' } }),
  'packages/log/src/index.ts': "export { audit } from './audit';\n",
  'packages/log/src/audit.ts': 'export function audit(x: unknown): void {\n  console.log(x);\n}\n',
  'packages/log/src/extra/index.ts': 'export const extra = 1;\n',
  'packages/log/dist/index.d.ts': 'export declare function audit(x: unknown): void;\n',
  'packages/log-util/package.json': pkg({ name: '@m/log-util', main: 'lib/index.js' }),
  'packages/log-util/lib/index.js': 'exports.util = 1;\n',
  'packages/plain/package.json': pkg({ name: 'plain' }),
  'packages/plain/index.tsx': 'export const Plain = 1;\n',
  'packages/internal/package.json': pkg({ name: '@m/internal' }),
  'packages/internal/sub/package.json': pkg({ main: '../dist/sub/index.js' }),
  'packages/internal/src/sub/index.ts': 'export const sub = 1;\n',
  'packages/app/package.json': pkg({ name: '@m/app' }),
  'packages/app/src/main.ts': [
    "import { audit } from '@m/log';",
    "import { extra } from '@m/log/extra';",
    "import { util } from '@m/log-util';",
    "import { Plain } from 'plain';",
    "import { sub } from '@m/internal/sub';",
    "import { absent } from 'absent-package';",
    'export const email = "a@b.c";',
    'audit({ email, extra, util, Plain, sub, absent });',
    '',
  ].join('\n'),
};

test('resolveWorkspaceImport: entry, subpath, name prefixes, checked-in JS, nested package.json', () => {
  withTree(MONOREPO, (dir) => {
    const ws = findWorkspace(`${dir}/packages/app`)!;
    const at = (spec: string) => {
      const r = resolveWorkspaceImport(spec, ws, (f) => fs.existsSync(f));
      return r && path.posix.relative(dir, r.resolvedFileName);
    };
    assert.equal(at('@m/log'), 'packages/log/src/index.ts');
    assert.equal(at('@m/log/extra'), 'packages/log/src/extra/index.ts');
    assert.equal(at('@m/log-util'), 'packages/log-util/lib/index.js');
    assert.equal(at('plain'), 'packages/plain/index.tsx');
    assert.equal(at('@m/internal/sub'), 'packages/internal/src/sub/index.ts');
    assert.equal(at('@m/lo'), undefined);
    assert.equal(at('absent-package'), undefined);
    assert.equal(at('@m/log/missing'), undefined);
  });
});

test('the backend, opened on one package, follows imports of its siblings into their source', () => {
  withTree(MONOREPO, (dir) => {
    const backend = openBackend({ root: `${dir}/packages/app` });
    try {
      assert.equal(backend.workspaceRoot, dir);
      assert.deepEqual(backend.files, [`${dir}/packages/app/src/main.ts`]);
      const program = backend.program();
      const main = program.getSourceFile(`${dir}/packages/app/src/main.ts`)!;
      const audit = `${dir}/packages/log/src/audit.ts`;
      // The compiler's own resolution is used where it succeeds; only failures fall back to the workspace.
      assert.equal(backend.resolveModule('@m/log', main.fileName), `${dir}/packages/log/src/index.ts`);
      assert.equal(backend.resolveModule('absent-package', main.fileName), undefined);
      assert.ok(program.getSourceFile(audit), 'the sibling package source is in the program');
      assert.ok(backend.isProjectFile(audit), 'a workspace source is project code');
      assert.ok(!backend.isProjectFile(`${dir}/packages/log/dist/index.d.ts`), 'a declaration file is not');
      assert.ok(backend.codeFiles().includes(audit));
      assert.ok(!backend.files.includes(audit), 'but it is not analysed as one of the scanned files');
      // The real checker sees through the import: the call's declaration is the source function.
      const checker = backend.checker();
      const call = main.statements.find((s): s is ts.ExpressionStatement => ts.isExpressionStatement(s) && ts.isCallExpression(s.expression))!;
      const symbol = checker.getSymbolAtLocation((call.expression as ts.CallExpression).expression);
      const declared = symbol && checker.getAliasedSymbol(symbol).declarations?.[0]?.getSourceFile().fileName;
      assert.equal(declared, audit);
      const errors = program.getSemanticDiagnostics(main).map((d) => String(d.messageText));
      assert.deepEqual(errors.filter((m) => !m.includes("'absent-package'")), []);
    } finally {
      backend.dispose();
    }
  });
});

test('without a workspace manifest, bare imports stay unresolved and nothing else is project code', () => {
  const tree = { ...MONOREPO, 'package.json': pkg({ private: true }) };
  withTree(tree, (dir) => {
    const backend = openBackend({ root: `${dir}/packages/app` });
    try {
      assert.equal(backend.workspaceRoot, undefined);
      assert.equal(backend.resolveModule('@m/log', `${dir}/packages/app/src/main.ts`), undefined);
      assert.ok(!backend.isProjectFile(`${dir}/packages/log/src/audit.ts`));
      assert.deepEqual(backend.codeFiles(), backend.files);
    } finally {
      backend.dispose();
    }
  });
});

test('a tsconfig that extends a workspace package reads it from the package folder, not node_modules', () => {
  const { discoverFiles } = serverModule<typeof import('../../server/src/analysis/file-discovery')>('analysis/file-discovery');
  withTree(
    {
      'package.json': pkg({ private: true, workspaces: ['packages/*', 'apps/*'] }),
      'packages/tsconfig/package.json': pkg({ name: '@acme/tsconfig' }),
      'packages/tsconfig/base.json': JSON.stringify({ compilerOptions: { moduleResolution: 'bundler', module: 'esnext', strict: true } }),
      'packages/tsconfig/next.json': JSON.stringify({ extends: './base.json', compilerOptions: { jsx: 'preserve' } }),
      'apps/web/package.json': pkg({ name: 'web' }),
      'apps/web/tsconfig.json': JSON.stringify({ extends: '@acme/tsconfig/next.json', compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } }, include: ['**/*.ts'] }),
      'apps/web/lib/a.ts': 'export const a = 1;\n',
    },
    (dir) => {
      const found = discoverFiles({ root: `${dir}/apps/web`, tsconfig: `${dir}/apps/web/tsconfig.json` });
      assert.deepEqual(found.problems, []);
      assert.deepEqual(found.files, [`${dir}/apps/web/lib/a.ts`]);
      // Both levels of the chain apply: the package's next.json and the base.json it extends.
      assert.equal(found.options.jsx, ts.JsxEmit.Preserve);
      assert.equal(found.options.moduleResolution, ts.ModuleResolutionKind.Bundler);
      assert.equal(found.options.strict, true);
      // An extends naming a package that is neither installed nor in the workspace is still reported.
      fs.writeFileSync(`${dir}/apps/web/tsconfig.json`, JSON.stringify({ extends: '@other/tsconfig/base.json', include: ['**/*.ts'] }));
      const missing = discoverFiles({ root: `${dir}/apps/web`, tsconfig: `${dir}/apps/web/tsconfig.json` });
      assert.match(missing.problems.map((p) => p.message).join('\n'), /@other\/tsconfig\/base\.json/);
    },
  );
});
