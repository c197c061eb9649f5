// The rule set a scan applies: the catalogue, the project config and the packs, loaded, checked,
// merged into one new catalogue and frozen; and the file filter that the config's include/exclude
// globs define.

import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { Catalogue } from '../analysis/types';
import { defaultRulesDir, loadCatalogue } from './catalogue';
import { configErrorAt, loadConfig } from './config';
import { loadPack, packErrorAt, resolvePackRef } from './pack';
import type { ConfigError, Pack, ProjectConfig, RuleSet } from './types';
import { sortErrors } from './yaml-source';

export interface BuildRuleSetOptions {
  /** The project's `privacy-lens.yaml`; without one the built-in defaults apply. */
  configFile?: string;
  /** Packs given on the command line (`--policy`): bundled ids or files relative to `cwd`. They replace the config's packs. */
  packFiles?: string[];
  /** The rules folder (catalogues, schemas, bundled packs); default the one shipped with Privacy Lens. */
  rulesDir?: string;
  /** The folder `packFiles` are relative to; default the process's working folder. */
  cwd?: string;
}

export const DEFAULT_PACK = 'default';

/**
 * Builds the rule set, or reports every error found on the way (file:line:col). There is no
 * partial rule set: a scan with a broken pack or config would silently miss findings.
 */
export function buildRuleSet(options: BuildRuleSetOptions = {}): { ruleSet?: RuleSet; errors: ConfigError[] } {
  const rulesDir = path.resolve(options.rulesDir ?? defaultRulesDir());
  const loaded = loadCatalogue(rulesDir);
  if (loaded.errors.length > 0) return { errors: loaded.errors };

  let config: ProjectConfig = {};
  const errors: ConfigError[] = [];
  if (options.configFile !== undefined) {
    const result = loadConfig(options.configFile, { catalogue: loaded.catalogue, rulesDir });
    errors.push(...result.errors);
    if (!result.config) return { errors: sortErrors(errors) };
    config = result.config;
  }
  const catalogue = mergeCatalogue(loaded.catalogue, config);

  const fromCommandLine = (options.packFiles ?? []).length > 0;
  const refs = fromCommandLine ? options.packFiles! : (config.packs ?? [DEFAULT_PACK]);
  const baseDir = fromCommandLine || !config.file ? path.resolve(options.cwd ?? process.cwd()) : path.dirname(config.file);
  const packs: Pack[] = [];
  for (const ref of refs) {
    const resolved = resolvePackRef(ref, baseDir, rulesDir);
    if (!resolved.file) {
      // The config's own references were already reported at their line by loadConfig.
      if (fromCommandLine || !config.packs) errors.push({ file: path.resolve(baseDir, ref), line: 1, column: 1, message: resolved.error ?? 'pack not found' });
      continue;
    }
    const result = loadPack(resolved.file, { catalogue, rulesDir });
    errors.push(...result.errors);
    if (result.pack) packs.push(result.pack);
  }

  const byId = new Map<string, Pack>();
  for (const pack of packs) {
    const first = byId.get(pack.policy.id);
    if (first && first.file !== pack.file) errors.push(packErrorAt(pack, ['policy', 'id'], `pack id '${pack.policy.id}' is also the id of ${first.file}`));
    byId.set(pack.policy.id, pack);
  }
  const unique = [...new Map(packs.map((p) => [p.file, p])).values()];

  // Severity overrides name rules of the config's own packs; with packs from the command line the
  // config may name rules that are simply not loaded this time.
  if (!fromCommandLine && errors.length === 0) {
    const ids = new Set(unique.flatMap((p) => p.rules.flatMap((r) => [`${p.policy.id}/${r.id}`, r.id])));
    for (const key of Object.keys(config.severity ?? {})) {
      if (!ids.has(key)) errors.push(configErrorAt(config, ['severity', key], `severity: no loaded pack has a rule '${key}'`, { key: true }));
    }
  }

  if (errors.length > 0) return { errors: sortErrors(errors) };
  return { ruleSet: deepFreeze({ catalogue, packs: unique, config }), errors: [] };
}

/**
 * A new catalogue: the built-in one plus the config's sources, sinks and sanitisers, and its host
 * map placed before the built-in hosts so that the project's own mapping wins.
 */
export function mergeCatalogue(base: Catalogue, config: ProjectConfig): Catalogue {
  return {
    categories: new Map(base.categories),
    sources: [...base.sources, ...(config.sources ?? []).map((s) => ({ ...s }))],
    names: base.names,
    sinks: [...base.sinks, ...(config.sinks ?? [])],
    sanitisers: [...base.sanitisers, ...(config.sanitisers ?? [])],
    regions: {
      groups: base.regions.groups,
      hosts: [...Object.entries(config.hosts ?? {}).map(([host, region]) => ({ host, region })), ...base.regions.hosts],
    },
  };
}

/** Folders and files never worth scanning; the config's `exclude` adds to them. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/*.min.js',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
];

/**
 * Test code (and Storybook stories), left out unless the config says `tests: true`: tests feed
 * made-up people to stub servers, so their flows are noise in a privacy review (and a test's fake e-mail reaching a
 * production wrapper would be reported at the wrapper).
 */
export const TEST_EXCLUDE: readonly string[] = [
  '**/*.{test,spec,e2e,e2e-spec,integration,cy}.{ts,tsx,js,jsx,mts,cts,mjs,cjs}',
  '**/__tests__/**',
  '**/__mocks__/**',
  // Storybook stories render components with made-up data.
  '**/*.{stories,story}.{ts,tsx,js,jsx,mts,mjs}',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
];

/**
 * Whether a file is scanned, from the config's include/exclude globs. Globs are relative to the
 * config file's folder (or `root` without a config); a glob without a `/` matches a file name at
 * any depth (`*.spec.ts`). With `include`, files outside that folder are not scanned.
 */
export function fileFilter(ruleSet: RuleSet, root: string): (file: string) => boolean {
  const base = ruleSet.config.file ? path.dirname(ruleSet.config.file) : path.resolve(root);
  const compile = (glob: string): Minimatch => new Minimatch(glob, { dot: true, matchBase: true });
  const exclude = [...DEFAULT_EXCLUDE, ...(ruleSet.config.tests ? [] : TEST_EXCLUDE), ...(ruleSet.config.exclude ?? [])].map(compile);
  const include = ruleSet.config.include?.map(compile);
  return (file) => {
    const absolute = path.resolve(base, file);
    const rel = toPosix(path.relative(base, absolute));
    const outside = rel === '..' || rel.startsWith('../') || path.isAbsolute(rel);
    // Outside the base, only the default `**/…` globs can sensibly match: use the path from the root.
    const subject = outside ? toPosix(absolute).replace(/^([A-Za-z]:)?\//, '') : rel;
    if (exclude.some((m) => m.match(subject))) return false;
    if (include) return !outside && include.some((m) => m.match(rel));
    return true;
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Freezes a rule set all the way down. Maps cannot be frozen by `Object.freeze`, so their mutators
 * are replaced by ones that throw, as assignments to frozen objects do in strict mode.
 */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
    for (const method of ['set', 'delete', 'clear']) {
      Object.defineProperty(value, method, {
        value: () => {
          throw new TypeError('the rule set is immutable');
        },
      });
    }
  } else {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return Object.freeze(value);
}
