// How the backend resolves imports: the compiler's own resolution with one cache shared by every
// program of a project (an edit re-resolves one file's imports from it), and, when the compiler
// finds nothing, the monorepo's workspace packages mapped to their source.

import ts = require('typescript');
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
  const canonical = ts.sys.useCaseSensitiveFileNames ? (f: string) => f : (f: string) => f.toLowerCase();
  const cache = ts.createModuleResolutionCache(root, canonical, options);
  function resolveOne(specifier: string, containingFile: string, compilerOptions: ts.CompilerOptions, redirectedReference: ts.ResolvedProjectReference | undefined, mode: ts.ResolutionMode): ts.ResolvedModuleWithFailedLookupLocations {
    const result = ts.resolveModuleName(specifier, containingFile, compilerOptions, host, cache, redirectedReference, mode);
    if (result.resolvedModule) return result;
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
    },
  };
}

/** `react`, `@acme/logger/sub`: not relative, not absolute, not a URL-like scheme. */
function isBare(specifier: string): boolean {
  return specifier !== '' && !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(specifier) && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
}
