// How the backend resolves imports: the compiler's own resolution with one cache shared by every
// program of a project (an edit re-resolves one file's imports from it), and, when the compiler
// finds nothing, the monorepo's workspace packages mapped to their source.

import * as path from 'node:path';
import ts = require('typescript');
import { readTsconfigOptions } from './file-discovery';
import type { Workspace } from './workspace-packages';
import { resolveWorkspaceImport } from './workspace-resolution';

export interface ModuleResolver {
  resolveModuleNameLiterals(
    literals: readonly ts.StringLiteralLike[],
    containingFile: string,
    redirectedReference: ts.ResolvedProjectReference | undefined,
    options: ts.CompilerOptions,
    containingSourceFile: ts.SourceFile,
  ): readonly ts.ResolvedModuleWithFailedLookupLocations[];
  /** Resolves one specifier as an import from `containingFile` would be. */
  resolve(specifier: string, containingFile: string, mode?: ts.ResolutionMode): ts.ResolvedModuleFull | undefined;
  readonly cache: ts.ModuleResolutionCache;
  /** Forget what was looked up: a file appeared or disappeared. */
  clear(): void;
  /** A new program is being created: files may have come or gone on disk since the last one. */
  startProgram(): void;
}

export function createModuleResolver(root: string, options: ts.CompilerOptions, fsHost: ts.ModuleResolutionHost, workspace: Workspace | undefined): ModuleResolver {
  // The LanguageService memoises file and folder existence while it builds a program, but only for
  // its own resolution: a custom resolver gets the raw host, and a failed lookup stats a dozen paths.
  const existence = new Map<string, boolean>();
  const memo = (kind: string, probe: (p: string) => boolean) => (p: string): boolean => {
    const key = kind + p;
    let known = existence.get(key);
    if (known === undefined) existence.set(key, (known = probe(p)));
    return known;
  };
  const host: ts.ModuleResolutionHost = {
    fileExists: memo('f', (f) => fsHost.fileExists(f)),
    directoryExists: memo('d', (d) => fsHost.directoryExists?.(d) ?? true),
    readFile: (f) => fsHost.readFile(f),
    realpath: fsHost.realpath && ((p) => fsHost.realpath!(p)),
    getCurrentDirectory: fsHost.getCurrentDirectory && (() => fsHost.getCurrentDirectory!()),
    getDirectories: fsHost.getDirectories && ((d) => fsHost.getDirectories!(d)),
    useCaseSensitiveFileNames: fsHost.useCaseSensitiveFileNames,
  };
  // The nearest tsconfig.json (or jsconfig.json) with `paths` above a file, per folder; the project's own options come first.
  const aliasesByDir = new Map<string, NestedAliases | null>();
  const nestedAliases = (file: string): NestedAliases | undefined => {
    const chain: string[] = [];
    let found: NestedAliases | null | undefined;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      found = aliasesByDir.get(dir);
      if (found !== undefined) break;
      chain.push(dir);
      // A JavaScript project declares its aliases in jsconfig.json (`@/*` in Vite, CRA and Next.js apps).
      const config = [path.join(dir, 'tsconfig.json'), path.join(dir, 'jsconfig.json')].find((c) => host.fileExists(c));
      if (config) {
        const nestedOptions = readTsconfigOptions(config);
        const prefixes = Object.keys(nestedOptions?.paths ?? {}).map((k) => k.replace(/\*.*$/, '')).filter((k) => k !== '');
        found = nestedOptions && prefixes.length ? { options: nestedOptions, prefixes } : null;
        break;
      }
      if (host.directoryExists!(path.join(dir, '.git')) || path.dirname(dir) === dir) {
        found = null;
        break;
      }
    }
    for (const dir of chain) aliasesByDir.set(dir, found);
    return found ?? undefined;
  };
  const conventionalBases = (file: string): string[] => {
    const bases: string[] = [];
    for (let dir = path.dirname(file); dir.startsWith(root) && path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      if (dir === root || host.fileExists(path.join(dir, 'package.json'))) {
        bases.push(dir, path.join(dir, 'src'), path.join(dir, 'app'));
        break;
      }
    }
    if (!bases.includes(root)) bases.push(root, path.join(root, 'src'), path.join(root, 'app'));
    return bases;
  };
  const canonical = ts.sys.useCaseSensitiveFileNames ? (f: string) => f : (f: string) => f.toLowerCase();
  const cache = ts.createModuleResolutionCache(root, canonical, options);
  function resolveOne(specifier: string, containingFile: string, compilerOptions: ts.CompilerOptions, redirectedReference: ts.ResolvedProjectReference | undefined, mode: ts.ResolutionMode): ts.ResolvedModuleWithFailedLookupLocations {
    const result = ts.resolveModuleName(specifier, containingFile, compilerOptions, host, cache, redirectedReference, mode);
    if (result.resolvedModule) return result;
    // `@/lib/stripe` in apps/web, scanned from the repository root: apps/web/tsconfig.json's aliases.
    const nested = isBare(specifier) ? nestedAliases(containingFile) : undefined;
    if (nested && nested.prefixes.some((p) => specifier.startsWith(p))) {
      const aliased = ts.resolveModuleName(specifier, containingFile, nested.options, host, undefined, undefined, mode);
      if (aliased.resolvedModule) return aliased;
    }
    // `@/lib/format` with no config declaring `@/*`: the convention of Next.js, Vite, Nuxt and Remix
    // apps, the app's folder (the nearest package.json's, else the scanned root) or its src/ or app/.
    if (!nested && /^[@~]\//.test(specifier)) {
      for (const base of conventionalBases(containingFile)) {
        const conventional = ts.resolveModuleName(`./${specifier.slice(2)}`, path.join(base, 'index.ts'), compilerOptions, host, undefined, undefined, mode);
        if (conventional.resolvedModule) return conventional;
      }
    }
    const found = workspace && isBare(specifier) ? resolveWorkspaceImport(specifier, workspace, (f) => host.fileExists(f)) : undefined;
    if (!found) return result;
    // Not an external library: the program includes the package's source as its own code, JS included.
    return { resolvedModule: { resolvedFileName: found.resolvedFileName, extension: found.extension, isExternalLibraryImport: false } };
  }

  return {
    cache,
    resolveModuleNameLiterals(literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) {
      return literals.map((literal) => {
        const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
        return resolveOne(literal.text, containingFile, compilerOptions, redirectedReference, mode);
      });
    },
    resolve(specifier, containingFile, mode) {
      return resolveOne(specifier, containingFile, options, undefined, mode).resolvedModule;
    },
    startProgram() {
      existence.clear();
    },
    clear() {
      existence.clear();
      cache.clear();
      aliasesByDir.clear();
    },
  };
}

interface NestedAliases {
  options: ts.CompilerOptions;
  /** The alias patterns' fixed starts (`@/` for `@/*`): other specifiers are not tried. */
  prefixes: string[];
}

/** `react`, `@acme/logger/sub`: not relative, not absolute, not a URL-like scheme. */
function isBare(specifier: string): boolean {
  return specifier !== '' && !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(specifier) && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
}
