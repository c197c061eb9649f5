// `require('./logger')` in a TypeScript file. The compiler resolves `require` only in JavaScript; a
// file half-way through a migration still loads the project's own modules that way, so a relative
// path is looked up among the project's files, as Node would look it up on disk.

import * as path from 'node:path';
import ts = require('typescript');

/** What Node tries after a required path: the file as written, with an extension, or a folder's index. */
const REQUIRE_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.cjs', '.mjs', '/index.ts', '/index.tsx', '/index.js'];

/** The module a `require` call's specifier names: the checker's, else the project file at that path. */
export function requiredModuleSymbol(checker: ts.TypeChecker, spec: ts.StringLiteralLike, filesByName: ReadonlyMap<string, ts.SourceFile>): ts.Symbol | undefined {
  const known = checker.getSymbolAtLocation(spec);
  if (known || !spec.text.startsWith('.')) return known;
  const base = path.posix.join(path.posix.dirname(spec.getSourceFile().fileName), spec.text);
  for (const ext of REQUIRE_EXTENSIONS) {
    const sf = filesByName.get(base + ext);
    if (sf) return (sf as { symbol?: ts.Symbol }).symbol;
  }
  return undefined;
}

/** A module's named export (`exports.notify = …`, `module.exports = { logger }`). */
export function requiredExport(module: ts.Symbol | undefined, name: string): ts.Symbol | undefined {
  return module?.exports?.get(ts.escapeLeadingUnderscores(name));
}
