// Which files a project has and with which compiler options: from a tsconfig.json when there is
// one, otherwise by walking the folder for script files. Oversized files are left out with a
// problem, symlink loops are cut, and nothing here throws on bad input.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ts = require('typescript');
import type { Problem } from './types';
import { findWorkspace, type Workspace } from './workspace-packages';

const SCRIPT = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Files above this size are bundles or generated data, not code a person reviews. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface Discovery {
  files: string[];
  options: ts.CompilerOptions;
  problems: Problem[];
}

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

export function discoverFiles(o: {
  root: string;
  tsconfig?: string;
  files?: string[];
  filter?: (file: string) => boolean;
}): Discovery {
  const problems: Problem[] = [];
  let files: string[];
  let options: ts.CompilerOptions = defaultOptions();
  if (o.files) {
    files = o.files.map((f) => toPosix(path.resolve(f)));
  } else if (o.tsconfig) {
    const parsed = readTsconfig(o.tsconfig, problems);
    if (parsed) {
      options = parsed.options;
      files = parsed.fileNames.map(toPosix);
    } else {
      files = walk(path.dirname(o.tsconfig), problems);
    }
  } else {
    files = walk(o.root, problems);
  }
  files = files.filter((f) => SCRIPT.test(f) && !f.endsWith('.d.ts') && !/\/node_modules\//.test(f));
  if (o.filter) files = files.filter(o.filter);
  files = files.filter((f) => {
    let size = 0;
    try {
      size = fs.statSync(f).size;
    } catch {
      problems.push({ file: f, message: 'file could not be read', severity: 'warning' });
      return false;
    }
    if (size > MAX_FILE_BYTES) {
      problems.push({
        file: f,
        message: `skipped: ${(size / 1048576).toFixed(1)} MB is larger than the ${MAX_FILE_BYTES / 1048576} MB limit for analysed files (bundles and generated files are not reviewed)`,
        severity: 'info',
      });
      return false;
    }
    return true;
  });
  files = [...new Set(files)].sort();
  return { files, options, problems };
}

function defaultOptions(): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
    allowJs: true,
    esModuleInterop: true,
    resolveJsonModule: false,
    strict: true,
    types: [],
  };
}

function readTsconfig(file: string, problems: Problem[]): ts.ParsedCommandLine | undefined {
  const diagnostics: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...workspaceConfigHost(file),
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  };
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(file, { noEmit: true }, host);
  } catch (e) {
    problems.push({ file: toPosix(file), message: `tsconfig could not be read: ${String(e)}`, severity: 'warning' });
    return undefined;
  }
  for (const d of [...diagnostics, ...(parsed?.errors ?? [])]) {
    // "No inputs were found" and similar are reported, not fatal: we fall back to walking the folder.
    problems.push({
      file: toPosix(d.file?.fileName ?? file),
      message: `tsconfig: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      severity: 'warning',
    });
  }
  if (!parsed || parsed.fileNames.length === 0) return undefined;
  return parsed;
}

/**
 * The compiler options of a tsconfig.json, extends included, or undefined when it cannot be read.
 * For the tsconfigs of sub-projects met while resolving imports (their `paths` aliases).
 */
export function readTsconfigOptions(file: string): ts.CompilerOptions | undefined {
  try {
    const host = workspaceConfigHost(file);
    const read = ts.readConfigFile(file, (f) => host.readFile(f));
    if (read.error || !read.config) return undefined;
    return ts.parseJsonConfigFileContent(read.config, host, path.dirname(file), undefined, file).options;
  } catch {
    return undefined;
  }
}

/**
 * `"extends": "@acme/tsconfig/base.json"` names a workspace package that an install would link into
 * node_modules. Without the install, reads under `node_modules/@acme/tsconfig` go to the package's
 * folder, so the options it holds (paths, module resolution, jsx) still apply.
 */
function workspaceConfigHost(configFile: string): Pick<ts.ParseConfigFileHost, 'fileExists' | 'readFile' | 'directoryExists'> & typeof ts.sys {
  let workspace: Workspace | undefined | null = null;
  const packages = (): ReadonlyMap<string, { dir: string }> => (workspace === null ? (workspace = findWorkspace(path.dirname(configFile))) : workspace)?.packages ?? new Map();
  const redirect = (p: string): string | undefined => {
    const m = /^.*\/node_modules\/((?:@[^/]+\/)?[^/@][^/]*)(\/.*)?$/.exec(toPosix(p));
    const pkg = m && packages().get(m[1]);
    return pkg ? pkg.dir + (m[2] ?? '') : undefined;
  };
  const scopeDir = (p: string): boolean => {
    const m = /\/node_modules(?:\/(@[^/]+))?$/.exec(toPosix(p));
    return !!m && [...packages().keys()].some((name) => !m[1] || name.startsWith(`${m[1]}/`));
  };
  return {
    ...ts.sys,
    fileExists: (f) => ts.sys.fileExists(f) || ts.sys.fileExists(redirect(f) ?? f),
    readFile: (f: string, encoding?: string) => ts.sys.readFile(f, encoding) ?? (redirect(f) ? ts.sys.readFile(redirect(f)!, encoding) : undefined),
    directoryExists: (d) => ts.sys.directoryExists(d) || scopeDir(d) || ts.sys.directoryExists(redirect(d) ?? d),
  };
}

/** Walks a folder for script files, following symlinks once (a loop is cut at the first repeat). */
function walk(root: string, problems: Problem[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [path.resolve(root)];
  while (stack.length) {
    const dir = stack.pop()!;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: toPosix(dir), message: `folder could not be read: ${(e as Error).message}`, severity: 'warning' });
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(full);
      } else if (entry.isSymbolicLink()) {
        let stat: fs.Stats | undefined;
        try {
          stat = fs.statSync(full);
        } catch {
          continue; // dangling link
        }
        if (stat.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) stack.push(full);
        } else if (SCRIPT.test(entry.name)) {
          out.push(toPosix(full));
        }
      } else if (SCRIPT.test(entry.name)) {
        out.push(toPosix(full));
      }
    }
  }
  return out;
}
