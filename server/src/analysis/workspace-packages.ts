// The packages of a monorepo, found from its workspace manifest (npm/yarn `workspaces` in
// package.json, pnpm-workspace.yaml, lerna.json) without node_modules: each package's name mapped
// to its folder, so that `import … from '@acme/logger'` can reach the package's source before anyone
// has run an install. Reading is bounded and never throws: a bad manifest is no workspace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { parse as parseYaml } from 'yaml';
import { toPosix } from './file-discovery';

export interface WorkspacePackage {
  name: string;
  /** Absolute folder, forward slashes. */
  dir: string;
  /** The package.json fields resolution reads: `types`, `typings`, `main`, `module`, `exports`. */
  manifest: PackageManifest;
}

export interface PackageManifest {
  name?: unknown;
  types?: unknown;
  typings?: unknown;
  main?: unknown;
  module?: unknown;
  exports?: unknown;
  workspaces?: unknown;
}

export interface Workspace {
  /** The folder holding the workspace manifest (absolute, forward slashes). */
  root: string;
  /** Which manifests named the packages (`package.json`, `pnpm-workspace.yaml`, `lerna.json`). */
  manifests: string[];
  /** Packages by name; when two folders claim a name, the first in path order wins. */
  packages: ReadonlyMap<string, WorkspacePackage>;
}

/** How far up from the scanned folder a manifest is looked for, when no repository root stops it first. */
const MAX_LEVELS_UP = 12;
/** Bounds on the glob walk, so a pattern like `**` over a huge tree stays cheap. */
const MAX_GLOB_DEPTH = 6;
const MAX_DIRS = 5000;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * The workspace around a folder: from the folder upward, the first directory whose package.json
 * has `workspaces`, or that holds pnpm-workspace.yaml or a lerna.json with `packages`. The walk stops
 * at the repository root (a directory holding `.git`) and never starts inside node_modules.
 */
export function findWorkspace(from: string): Workspace | undefined {
  let dir = path.resolve(from);
  if (/[\\/]node_modules(?:[\\/]|$)/.test(dir)) return undefined;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const found = readWorkspace(dir);
    if (found) return found;
    if (exists(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The workspace whose manifest is in this very directory, if it has one. */
export function readWorkspace(dir: string): Workspace | undefined {
  const patterns = workspacePatterns(dir);
  if (patterns.length === 0) return undefined;
  const root = toPosix(path.resolve(dir));
  const dirs = new Set<string>();
  for (const { globs } of patterns) for (const d of expandPatterns(root, globs)) dirs.add(d);
  const packages = new Map<string, WorkspacePackage>();
  for (const d of [...dirs].sort()) {
    const manifest = readJson(path.join(d, 'package.json'));
    if (!manifest || typeof manifest.name !== 'string' || manifest.name === '' || packages.has(manifest.name)) continue;
    packages.set(manifest.name, { name: manifest.name, dir: d, manifest });
  }
  return { root, manifests: patterns.map((p) => p.manifest), packages };
}

/** The workspace package whose folder holds a file (outside its node_modules), if any. */
export function packageOfFile(file: string, workspace: Workspace): WorkspacePackage | undefined {
  if (/\/node_modules\//.test(file)) return undefined;
  let best: WorkspacePackage | undefined;
  for (const pkg of workspace.packages.values()) {
    if (file.startsWith(`${pkg.dir}/`) && (!best || pkg.dir.length > best.dir.length)) best = pkg;
  }
  return best;
}

/** The package globs of each manifest in a directory; each manifest's `!` patterns exclude only its own matches. */
export function workspacePatterns(dir: string): Array<{ manifest: string; globs: string[] }> {
  const out: Array<{ manifest: string; globs: string[] }> = [];
  const pkg = readJson(path.join(dir, 'package.json'));
  const ws = pkg?.workspaces;
  const npm = Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws.packages) ? ws.packages : undefined;
  if (npm) out.push({ manifest: 'package.json', globs: strings(npm) });
  const pnpmText = readText(path.join(dir, 'pnpm-workspace.yaml')) ?? readText(path.join(dir, 'pnpm-workspace.yml'));
  if (pnpmText !== undefined) {
    let doc: unknown;
    try {
      doc = parseYaml(pnpmText);
    } catch {
      doc = undefined;
    }
    if (isRecord(doc) && Array.isArray(doc.packages)) out.push({ manifest: 'pnpm-workspace.yaml', globs: strings(doc.packages) });
  }
  const lerna = readJson(path.join(dir, 'lerna.json')) as { packages?: unknown } | undefined;
  if (lerna && Array.isArray(lerna.packages)) out.push({ manifest: 'lerna.json', globs: strings(lerna.packages) });
  return out.filter((p) => p.globs.length > 0);
}

/** The folders a manifest's globs name, relative patterns under `root`; `!pattern` removes matches. */
export function expandPatterns(root: string, globs: readonly string[]): string[] {
  const include = new Set<string>();
  const excludes: string[] = [];
  for (const raw of globs) {
    const negated = raw.startsWith('!');
    const pattern = clean(negated ? raw.slice(1) : raw);
    if (pattern === undefined) continue;
    if (negated) excludes.push(pattern);
    else for (const d of expandGlob(root, pattern)) include.add(d);
  }
  return [...include].filter((d) => {
    const rel = path.posix.relative(root, d);
    return !excludes.some((x) => minimatch(rel, x, { dot: true }) || minimatch(rel, `${x}/**`, { dot: true }));
  });
}

/** `packages/*`, `apps/**`, `tools/cli`: matched one path segment at a time against real folders. */
function expandGlob(root: string, pattern: string): string[] {
  let current = [root];
  for (const segment of pattern.split('/')) {
    const next = new Set<string>();
    for (const dir of current) {
      if (segment === '**') {
        for (const d of descendants(dir, MAX_GLOB_DEPTH)) next.add(d);
      } else if (/[*?[\]{}]/.test(segment)) {
        for (const name of subfolders(dir)) if (minimatch(name, segment)) next.add(`${dir}/${name}`);
      } else if (!SKIP_DIRS.has(segment) && isDirectory(`${dir}/${segment}`)) {
        next.add(`${dir}/${segment}`);
      }
      if (next.size > MAX_DIRS) break;
    }
    current = [...next].slice(0, MAX_DIRS);
    if (current.length === 0) break;
  }
  return current.filter((d) => d !== root);
}

/** A folder and its subfolders down to `depth`, without node_modules, VCS or hidden folders. */
function descendants(dir: string, depth: number): string[] {
  const out = [dir];
  let frontier = [dir];
  for (let level = 0; level < depth && frontier.length > 0 && out.length < MAX_DIRS; level++) {
    const next: string[] = [];
    for (const d of frontier) for (const name of subfolders(d)) next.push(`${d}/${name}`);
    out.push(...next);
    frontier = next;
  }
  return out.slice(0, MAX_DIRS);
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isDirectory() || (e.isSymbolicLink() && isDirectory(`${dir}/${e.name}`))) && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** A glob relative to the workspace root, or undefined for one that leaves it (`../x`, `/abs`). */
function clean(glob: string): string | undefined {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '').replace(/\/package\.json$/, '');
  g = g.split('/').filter((s) => s !== '' && s !== '.').join('/');
  if (g === '' || g.startsWith('/') || g.split('/').includes('..')) return undefined;
  return g;
}

export function readJson(file: string): PackageManifest | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(list: unknown[]): string[] {
  return list.filter((s): s is string => typeof s === 'string');
}
