// The project config, `privacy-lens.yaml`: finding it above a file or folder, and loading it —
// YAML, its JSON Schema, then the meaning checks (packs resolve, categories and regions exist,
// patterns compile), each error at its node's line:col.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalogue } from '../analysis/types';
import { originPatternError } from '../analysis/origin-pattern';
import { defaultRulesDir } from './catalogue';
import { isKnownCategory, knownRegions, resolvePackRef } from './pack';
import { validateWithSchema } from './schema-validator';
import type { ConfigError, ProjectConfig } from './types';
import { didYouMean } from './vocabulary';
import { readYamlFile, sortErrors } from './yaml-source';
import type { PointerPath, YamlSource } from './yaml-source';

/** Where each loaded config came from, so that later checks (rule ids in `severity`) can point into it. */
const configSources = new WeakMap<ProjectConfig, YamlSource>();

export const CONFIG_FILE_NAMES: readonly string[] = ['privacy-lens.yaml', 'privacy-lens.yml'];

/**
 * The nearest `privacy-lens.yaml` (or `.yml`) in the folder of `startPath` (a file or a folder) or
 * any folder above it, up to the filesystem root.
 */
export function findConfig(startPath: string): string | undefined {
  let dir = path.resolve(startPath);
  if (!isDirectory(dir)) dir = path.dirname(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadConfigOptions {
  /** When given, categories, regions and sink ids are checked against it. */
  catalogue?: Catalogue;
  /** The rules folder: the config schema and the bundled packs; default the bundled one. */
  rulesDir?: string;
}

/**
 * Reads a config file. `config` is present whenever the file has the schema's shape, even with
 * meaning errors; callers that apply a config must refuse one with errors. An empty file is an
 * empty config.
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): { config?: ProjectConfig; errors: ConfigError[] } {
  const absolute = path.resolve(file);
  const rulesDir = options.rulesDir ?? defaultRulesDir();
  const parsed = readYamlFile(absolute);
  if (parsed.errors.length > 0) return { errors: parsed.errors };
  const source: YamlSource = parsed.value === null || parsed.value === undefined ? { ...parsed, value: {} } : parsed;
  const schemaErrors = validateWithSchema(source, path.join(rulesDir, 'schemas', 'config.schema.json'));
  if (schemaErrors.length > 0) return { errors: sortErrors(schemaErrors) };
  const config: ProjectConfig = { ...(source.value as ProjectConfig), file: absolute };
  configSources.set(config, source);
  return { config, errors: checkConfig(config, source, rulesDir, options.catalogue) };
}

/** A ConfigError at a node of a loaded config; `key` points at a property's key instead of its value. */
export function configErrorAt(config: ProjectConfig, at: PointerPath, message: string, options?: { key?: boolean }): ConfigError {
  const source = configSources.get(config);
  return source ? source.errorAt(at, message, options) : { file: config.file ?? 'privacy-lens.yaml', line: 1, column: 1, message };
}

function checkConfig(config: ProjectConfig, source: YamlSource, rulesDir: string, catalogue: Catalogue | undefined): ConfigError[] {
  const errors: ConfigError[] = [];
  const at = (p: PointerPath, message: string, key = false): void => {
    errors.push(source.errorAt(p, message, { key }));
  };
  const baseDir = path.dirname(config.file ?? '.');

  (config.packs ?? []).forEach((ref, i) => {
    const resolved = resolvePackRef(ref, baseDir, rulesDir);
    if (resolved.error) at(['packs', i], resolved.error);
  });

  for (const key of ['include', 'exclude'] as const) {
    (config[key] ?? []).forEach((glob, i) => {
      if (glob.trim() === '') at([key, i], `${key}[${i}]: a glob must not be empty`);
      else if (path.isAbsolute(glob)) at([key, i], `${key}[${i}]: globs are relative to the config file's folder, not absolute`);
    });
  }
  for (const host of Object.keys(config.hosts ?? {})) {
    if (host.trim() === '') at(['hosts', host], 'a host glob must not be empty', true);
  }

  (config.sources ?? []).forEach((s, i) => {
    if (s.field === undefined && s.name === undefined) at(['sources', i], `sources[${i}]: give a declaration path in 'field' or a name pattern in 'name'`);
    if (s.name !== undefined) {
      const problem = regexError(s.name);
      if (problem) at(['sources', i, 'name'], `sources[${i}].name: not a valid regular expression: ${problem}`);
    }
    if (catalogue && !isKnownCategory(s.category, catalogue.categories.keys())) {
      at(['sources', i, 'category'], `unknown data category '${s.category}'${didYouMean(s.category, catalogue.categories.keys())}`);
    }
  });

  const builtInSinkIds = new Set(catalogue?.sinks.map((s) => s.id) ?? []);
  const configSinkIds = new Set<string>();
  (config.sinks ?? []).forEach((sink, i) => {
    if (builtInSinkIds.has(sink.id)) at(['sinks', i, 'id'], `sink id '${sink.id}' is already a sink of the built-in catalogue`);
    else if (configSinkIds.has(sink.id)) at(['sinks', i, 'id'], `duplicate sink id '${sink.id}'`);
    configSinkIds.add(sink.id);
    sink.calls.forEach((pattern, j) => {
      const problem = originPatternError(pattern);
      if (problem) at(['sinks', i, 'calls', j], `sinks[${i}].calls[${j}]: ${problem}`);
    });
  });
  (config.sanitisers ?? []).forEach((sanitiser, i) => {
    (sanitiser.calls ?? []).forEach((pattern, j) => {
      const problem = originPatternError(pattern);
      if (problem) at(['sanitisers', i, 'calls', j], `sanitisers[${i}].calls[${j}]: ${problem}`);
    });
  });

  if (catalogue) {
    // Regions the config itself introduces through `hosts` (and its sinks' hosts) are known too.
    const regions = knownRegions(catalogue);
    for (const r of Object.values(config.hosts ?? {})) regions.add(r);
    for (const sink of config.sinks ?? []) for (const r of Object.values(sink.hosts ?? {})) regions.add(r);
    (config.homeRegions ?? []).forEach((r, i) => {
      if (!regions.has(r)) at(['homeRegions', i], `unknown region '${r}'${didYouMean(r, regions)}`);
    });
  }
  return sortErrors(errors);
}

function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
