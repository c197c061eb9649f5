// The TypeScript compiler behind a small interface: open a project, replace a file's text, hand out
// the current program and checker. Everything the engine knows about project set-up lives here, so
// that a future backend (TypeScript 7's native API) replaces this file, not the analysis.

import ts = require('typescript');
import type { Problem } from './types';
import { discoverFiles, MAX_FILE_BYTES, type Discovery } from './file-discovery';
import { createModuleResolver } from './module-resolution';
import { bracketDepth, MAX_BRACKET_DEPTH } from './nesting';
import { findWorkspace, packageOfFile } from './workspace-packages';

export interface Backend {
  readonly root: string;
  readonly files: readonly string[];
  /** Problems met while opening the project (bad tsconfig, skipped files). */
  readonly problems: readonly Problem[];
  /** The monorepo root whose workspace packages imports may resolve to, when there is one. */
  readonly workspaceRoot: string | undefined;
  program(): ts.Program;
  checker(): ts.TypeChecker;
  /** Replace a file's text, or go back to the disk with `undefined`. */
  setText(file: string, text: string | undefined): void;
  /**
   * Whether a file is the project's own code, whose functions are followed: the analysed files and
   * the source of the monorepo's workspace packages they import (not libraries, not declarations).
   */
  isProjectFile(fileName: string): boolean;
  /**
   * The files of the current program that are project code: `files`, then the workspace packages'
   * source files the imports reached. Indexes of the project's names must cover these, or a call into
   * a workspace package is not followed.
   */
  codeFiles(): readonly string[];
  /** Where an import resolves from a file (the program's own resolution, workspace packages included). */
  resolveModule(specifier: string, containingFile: string): string | undefined;
  dispose(): void;
}

export interface BackendOptions {
  root: string;
  tsconfig?: string;
  files?: string[];
  filter?: (file: string) => boolean;
}

/** Shared by every project in the process, so that library files (lib.*.d.ts) are parsed once. */
const registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames);

export function openBackend(options: BackendOptions): Backend {
  const discovery: Discovery = discoverFiles(options);
  const files = discovery.files;
  const problems: Problem[] = [...discovery.problems];
  const skipped = new Set<string>();
  /**
   * The text the compiler sees: project code nested too deeply for its parser, or a workspace file
   * over the size limit, is seen as empty (with a problem, once).
   */
  const textFor = (f: string): string | undefined => {
    const text = overlays.get(f) ?? readText(f);
    if (text === undefined || !isProjectFile(f)) return text;
    // Discovery leaves oversized files out of the project; a workspace package's file reached by an
    // import is held to the same limit here.
    if (!projectFiles.has(f) && text.length > MAX_FILE_BYTES) {
      if (!skipped.has(f)) {
        skipped.add(f);
        problems.push({ file: f, message: `skipped: larger than the ${MAX_FILE_BYTES / 1048576} MB limit for analysed files (bundles and generated files are not reviewed)`, severity: 'info' });
      }
      return '';
    }
    if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
      if (!skipped.has(f)) {
        skipped.add(f);
        problems.push({ file: f, message: `skipped: brackets nest more than ${MAX_BRACKET_DEPTH} deep (generated code); the compiler's parser would overflow`, severity: 'info' });
      }
      return '';
    }
    skipped.delete(f);
    return text;
  };
  const projectFiles = new Set(files);
  const overlays = new Map<string, string>();
  const snapshots = new Map<string, { version: number; snapshot: ts.IScriptSnapshot | undefined }>();
  const versions = new Map<string, number>();
  const compilerOptions: ts.CompilerOptions = {
    ...discovery.options,
    noEmit: true,
    allowJs: true,
    checkJs: false,
    skipLibCheck: true,
    // The engine only reads the program; declaration output and incremental state are dead weight.
    declaration: false,
    composite: false,
    incremental: false,
    tsBuildInfoFile: undefined,
  };

  // A monorepo scanned before install: bare imports of its own packages resolve to their source.
  const workspace = findWorkspace(options.root);
  const workspaceCode = new Map<string, boolean>();
  const isProjectFile = (f: string): boolean => {
    if (projectFiles.has(f)) return true;
    if (!workspace) return false;
    let own = workspaceCode.get(f);
    if (own === undefined) workspaceCode.set(f, (own = !f.endsWith('.d.ts') && !/\.d\.[cm]ts$/.test(f) && packageOfFile(f, workspace) !== undefined));
    return own;
  };

  // `getModuleResolutionCache` is read by the LanguageService though its public type omits it: the
  // program then shares our cache for package.json lookups too.
  const host: ts.LanguageServiceHost & { getModuleResolutionCache?(): ts.ModuleResolutionCache } = {
    getScriptFileNames: () => files as string[],
    getScriptVersion: (f) => String(versions.get(f) ?? 0),
    getScriptSnapshot: (f) => {
      // The LanguageService asks for every file's snapshot on each update: hand back the one it has
      // unless the file's version moved, so an edit reads one file, not the workspace.
      const version = versions.get(f) ?? 0;
      const cached = snapshots.get(f);
      if (cached && cached.version === version) return cached.snapshot;
      const text = textFor(f);
      const snapshot = text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      snapshots.set(f, { version, snapshot });
      return snapshot;
    },
    getCurrentDirectory: () => options.root,
    getCompilationSettings: () => compilerOptions,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => overlays.has(f) || ts.sys.fileExists(f),
    readFile: (f) => textFor(f),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  const resolver = createModuleResolver(options.root, compilerOptions, host, workspace);
  host.resolveModuleNameLiterals = resolver.resolveModuleNameLiterals;
  host.getModuleResolutionCache = () => resolver.cache;
  const service = ts.createLanguageService(host, registry);
  let current: ts.Program | undefined;
  let checker: ts.TypeChecker | undefined;

  function program(): ts.Program {
    if (!current) {
      resolver.startProgram();
      current = service.getProgram();
      if (!current) throw new Error('TypeScript could not create a program');
      checker = undefined;
    }
    return current;
  }

  return {
    root: options.root,
    files,
    problems,
    workspaceRoot: workspace?.root,
    program,
    checker: () => (checker ??= program().getTypeChecker()),
    setText(file, text) {
      // A buffer for a file the project did not have may make an import resolve that did not.
      if (!projectFiles.has(file)) resolver.clear();
      if (text === undefined) overlays.delete(file);
      else overlays.set(file, text);
      versions.set(file, (versions.get(file) ?? 0) + 1);
      current = undefined;
      checker = undefined;
    },
    isProjectFile,
    codeFiles() {
      if (!workspace) return files;
      const reached = program()
        .getSourceFiles()
        .map((sf) => sf.fileName)
        .filter((f) => !projectFiles.has(f) && isProjectFile(f));
      return [...files, ...reached.sort()];
    },
    resolveModule: (specifier, containingFile) => resolver.resolve(specifier, containingFile)?.resolvedFileName,
    dispose() {
      snapshots.clear();
      service.dispose();
      current = undefined;
      checker = undefined;
    },
  };
}

function readText(file: string): string | undefined {
  try {
    return ts.sys.readFile(file);
  } catch {
    return undefined;
  }
}
