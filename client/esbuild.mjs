// `npm run bundle`: the extension and the language server as two self-contained CommonJS files in
// client/out/bundle/, so that the .vsix needs no node_modules. TypeScript's lib.*.d.ts files go
// beside the server bundle, because the compiler looks for them next to its own (bundled) code.

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'client', 'out', 'bundle');
fs.mkdirSync(out, { recursive: true });

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', sourcemap: false };
await esbuild.build({ ...common, entryPoints: [path.join(root, 'client', 'src', 'extension.ts')], outfile: path.join(out, 'extension.js'), external: ['vscode'] });
await esbuild.build({ ...common, entryPoints: [path.join(root, 'server', 'src', 'lsp', 'main.ts')], outfile: path.join(out, 'server.js') });

const tsLib = path.join(root, 'node_modules', 'typescript', 'lib');
for (const name of fs.readdirSync(tsLib)) {
  if (/^lib\..*\.d\.ts$/.test(name)) fs.copyFileSync(path.join(tsLib, name), path.join(out, name));
}
