// Where a bare import of a workspace package lands in that package's TypeScript source, for when
// node_modules is absent: the package.json entry (`exports`, `types`, `main`, …) names built output
// (`dist/cjs/index.js`), and the source it was built from (`src/index.ts`) is what the engine reads.

import * as path from 'node:path';
import ts = require('typescript');
import { readJson, type PackageManifest, type Workspace, type WorkspacePackage } from './workspace-packages';

export interface WorkspaceResolution {
  resolvedFileName: string;
  extension: ts.Extension;
  /** The package the specifier named. */
  packageName: string;
}

/** Folders that hold build output rather than source. */
const OUT_DIRS = new Set(['dist', 'lib', 'build', 'out', 'esm', 'cjs']);
/** Format folders inside build output (`build/main`, `dist/esm`) that the source tree does not have. */
const FORMAT_DIRS = new Set(['main', 'module', 'cjs', 'esm', 'es', 'es6', 'es2015', 'commonjs', 'umd', 'node', 'browser', 'types', 'typings', 'lib', 'dist']);
/** Source before JavaScript: a package with both is read from its TypeScript. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const OUTPUT_EXTENSION = /(?:\.d)?\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
/** Condition names tried first in an `exports` object; the rest follow in the manifest's order. */
const PREFERRED_CONDITIONS = ['types', 'typings', 'source', 'import', 'require', 'node', 'default'];

/** The workspace package a bare specifier names: the longest package name that is it or prefixes `<name>/`. */
export function workspacePackageOf(specifier: string, workspace: Workspace): WorkspacePackage | undefined {
  let best: WorkspacePackage | undefined;
  const direct = workspace.packages.get(specifier);
  if (direct) return direct;
  for (let i = specifier.indexOf('/'); i > 0; i = specifier.indexOf('/', i + 1)) {
    const pkg = workspace.packages.get(specifier.slice(0, i));
    if (pkg) best = pkg;
  }
  return best;
}

/**
 * Resolves `@acme/logger` or `@acme/logger/sub/path` to a source file of the workspace package, or
 * undefined when the specifier names no workspace package or no source file is found.
 */
export function resolveWorkspaceImport(specifier: string, workspace: Workspace, fileExists: (file: string) => boolean): WorkspaceResolution | undefined {
  const pkg = workspacePackageOf(specifier, workspace);
  if (!pkg) return undefined;
  const sub = specifier.slice(pkg.name.length).replace(/^\/+/, '');
  for (const file of candidates(pkg, sub)) {
    if (!fileExists(file)) continue;
    const extension = extensionOf(file);
    if (extension) return { resolvedFileName: file, extension, packageName: pkg.name };
  }
  return undefined;
}

/** Files to try, best first, for a subpath (`''` for the package itself) of a package. */
function candidates(pkg: WorkspacePackage, sub: string): string[] {
  const targets: string[] = [];
  if (sub === '') {
    targets.push(...exportTargets(pkg.manifest.exports, '.'));
    for (const field of [pkg.manifest.types, pkg.manifest.typings, pkg.manifest.module, pkg.manifest.main]) if (typeof field === 'string') targets.push(field);
  } else {
    targets.push(...exportTargets(pkg.manifest.exports, `./${sub}`));
    // A subpath folder with its own package.json (`@novu/framework/internal`) points at its entry.
    const nested = readJson(path.join(pkg.dir, sub, 'package.json'));
    if (nested) for (const t of entryFields(nested)) targets.push(path.posix.join(sub, t));
    targets.push(sub);
  }
  const out: string[] = [];
  for (const t of targets) out.push(...sourcesFor(t));
  // Without a usable entry: the conventional places of a package's source.
  if (sub === '') out.push(...moduleFiles('src/index'), ...moduleFiles('index'));
  else if (!sub.startsWith('src/')) out.push(...moduleFiles(`src/${sub}`));
  return [...new Set(out.map((f) => path.posix.join(pkg.dir, f)))];
}

function entryFields(m: PackageManifest): string[] {
  const out = exportTargets(m.exports, '.');
  for (const field of [m.types, m.typings, m.module, m.main]) if (typeof field === 'string') out.push(field);
  return out;
}

/**
 * The source files a package-relative target may have been built from: `dist/cjs/servers/express.js`
 * → `src/cjs/servers/express.ts`, `src/servers/express.ts` (format folders dropped), then the
 * target itself (a package whose `main` is already source, or built output checked in).
 */
export function sourcesFor(target: string): string[] {
  const normal = path.posix.normalize(target.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) return [];
  const stem = normal.replace(OUTPUT_EXTENSION, '');
  const segments = stem.split('/').filter((s) => s !== '' && s !== '.');
  const out: string[] = [];
  if (segments.length > 1 && OUT_DIRS.has(segments[0])) {
    let rest = segments.slice(1);
    while (rest.length > 0) {
      out.push(...moduleFiles(`src/${rest.join('/')}`));
      if (rest.length === 1 || !FORMAT_DIRS.has(rest[0])) break;
      rest = rest.slice(1);
    }
  }
  if (segments.length > 0) out.push(...moduleFiles(segments.join('/')));
  if (normal !== stem) out.push(normal);
  return out;
}

/** `src/index` → `src/index.ts`, `src/index.tsx`, …, `src/index/index.ts`, … */
function moduleFiles(stem: string): string[] {
  return [...SOURCE_EXTENSIONS.map((e) => `${stem}${e}`), ...SOURCE_EXTENSIONS.map((e) => `${stem}/index${e}`)];
}

/** The string targets of an `exports` entry for a subpath, preferred conditions first. */
export function exportTargets(exports: unknown, subpath: string): string[] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? flatten(exports) : [];
  if (typeof exports !== 'object') return [];
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  // An object of conditions (no key starts with '.') is the package's own entry.
  if (!keys.some((k) => k.startsWith('.'))) return subpath === '.' ? flatten(map) : [];
  if (subpath in map) return flatten(map[subpath]);
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length >= prefix.length + suffix.length && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      const matched = subpath.slice(prefix.length, subpath.length - suffix.length);
      return flatten(map[key]).map((t) => t.split('*').join(matched));
    }
  }
  return [];
}

function flatten(value: unknown, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => flatten(v, depth + 1));
  if (typeof value !== 'object' || value === null) return [];
  const map = value as Record<string, unknown>;
  const keys = [...PREFERRED_CONDITIONS.filter((k) => k in map), ...Object.keys(map).filter((k) => !PREFERRED_CONDITIONS.includes(k))];
  return keys.flatMap((k) => flatten(map[k], depth + 1));
}

const EXTENSIONS: Readonly<Record<string, ts.Extension>> = {
  '.ts': ts.Extension.Ts,
  '.tsx': ts.Extension.Tsx,
  '.mts': ts.Extension.Mts,
  '.cts': ts.Extension.Cts,
  '.js': ts.Extension.Js,
  '.jsx': ts.Extension.Jsx,
  '.mjs': ts.Extension.Mjs,
  '.cjs': ts.Extension.Cjs,
};

function extensionOf(file: string): ts.Extension | undefined {
  if (/\.d\.ts$/.test(file)) return ts.Extension.Dts;
  if (/\.d\.mts$/.test(file)) return ts.Extension.Dmts;
  if (/\.d\.cts$/.test(file)) return ts.Extension.Dcts;
  return EXTENSIONS[path.posix.extname(file)];
}
