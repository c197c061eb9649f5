// The TypeScript compiler behind a small interface: open a project, replace a file's text, hand out
// the current program and checker. Everything the engine knows about project set-up lives here, so
// that a future backend (TypeScript 7's native API) replaces this file, not the analysis.

import * as ts from 'typescript';
import type { Problem } from './types';
import { discoverFiles, type Discovery } from './file-discovery';
import { bracketDepth, MAX_BRACKET_DEPTH } from './nesting';

export interface Backend {
  readonly root: string;
  readonly files: readonly string[];
  /** Problems met while opening the project (bad tsconfig, skipped files). */
  readonly problems: readonly Problem[];
  program(): ts.Program;
  checker(): ts.TypeChecker;
  /** Replace a file's text, or go back to the disk with `undefined`. */
  setText(file: string, text: string | undefined): void;
  isProjectFile(fileName: string): boolean;
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
  const tooDeep = new Set<string>();
  /** The text the compiler sees: a file nested too deeply for its parser is seen as empty. */
  const textFor = (f: string): string | undefined => {
    const text = overlays.get(f) ?? readText(f);
    if (text === undefined || !projectFiles.has(f)) return text;
    if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
      if (!tooDeep.has(f)) {
        tooDeep.add(f);
        problems.push({ file: f, message: `skipped: brackets nest more than ${MAX_BRACKET_DEPTH} deep (generated code); the compiler's parser would overflow`, severity: 'info' });
      }
      return '';
    }
    tooDeep.delete(f);
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

  const host: ts.LanguageServiceHost = {
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
  const service = ts.createLanguageService(host, registry);
  let current: ts.Program | undefined;
  let checker: ts.TypeChecker | undefined;

  function program(): ts.Program {
    if (!current) {
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
    program,
    checker: () => (checker ??= program().getTypeChecker()),
    setText(file, text) {
      if (text === undefined) overlays.delete(file);
      else overlays.set(file, text);
      versions.set(file, (versions.get(file) ?? 0) + 1);
      current = undefined;
      checker = undefined;
    },
    isProjectFile: (f) => projectFiles.has(f),
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
