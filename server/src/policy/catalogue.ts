// Loads the built-in catalogue from rules/: the taxonomy, the name classifier, the sinks, the
// sanitisers and the regions. Each file is validated against its JSON Schema and then for meaning
// (catalogue-checks.ts); every error carries file, line and column. The catalogue is returned even
// with errors, without the parts that failed, so a caller can report and carry on.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalogue, CategoryInfo, NameCatalogue, RegionCatalogue, SanitiserSpec, SinkSpec } from '../analysis/types';
import { checkNames, checkRegions, checkSanitisers, checkSinks, checkTaxonomy } from './catalogue-checks';
import { readSnapshot } from './catalogue-snapshot';
import { validateWithSchema } from './schema-validator';
import type { ConfigError } from './types';
import { readYamlFile, sortErrors } from './yaml-source';
import type { YamlSource } from './yaml-source';

/** The `rules/` folder shipped with Privacy Lens: `server/out/policy/catalogue.js` → `rules/`. */
export function defaultRulesDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'rules');
}

export interface LoadedCatalogue {
  catalogue: Catalogue;
  errors: ConfigError[];
}

export function loadCatalogue(rulesDir: string, options: { snapshot?: boolean } = {}): LoadedCatalogue {
  // A snapshot written at build time from these very files was validated then.
  const snapshot = options.snapshot === false ? undefined : readSnapshot(rulesDir);
  if (snapshot) return { catalogue: snapshot, errors: [] };
  const errors: ConfigError[] = [];
  const schemas = path.join(rulesDir, 'schemas');

  /** A file's value when it parses and matches its schema; otherwise undefined, with the errors kept. */
  const load = (file: string, schema: string): { source: YamlSource; value: unknown } | undefined => {
    const source = readYamlFile(file);
    if (source.errors.length > 0) {
      errors.push(...source.errors);
      return undefined;
    }
    const schemaErrors = validateWithSchema(source, path.join(schemas, schema));
    if (schemaErrors.length > 0) {
      errors.push(...schemaErrors);
      return undefined;
    }
    return { source, value: source.value };
  };

  // Taxonomy first: every other file is checked against its categories.
  const categories = new Map<string, CategoryInfo>();
  const taxonomy = load(path.join(rulesDir, 'taxonomy.yaml'), 'catalogue-taxonomy.schema.json');
  if (taxonomy) {
    const list = (taxonomy.value as { categories: CategoryInfo[] }).categories;
    errors.push(...checkTaxonomy(list, taxonomy.source));
    for (const c of list) if (!categories.has(c.id)) categories.set(c.id, c);
  }

  const regions: RegionCatalogue = { groups: {}, hosts: [] };
  const regionFile = load(path.join(rulesDir, 'regions.yaml'), 'catalogue-regions.schema.json');
  if (regionFile) {
    const value = regionFile.value as RegionCatalogue;
    errors.push(...checkRegions(value, regionFile.source));
    regions.groups = value.groups;
    regions.hosts = value.hosts;
  }

  let names: NameCatalogue = { rules: [], exclude: [], personContext: '(?!)' };
  const nameFile = load(path.join(rulesDir, 'names.yaml'), 'catalogue-names.schema.json');
  if (nameFile) {
    names = nameFile.value as NameCatalogue;
    errors.push(...checkNames(names, categories, nameFile.source));
  }

  const sinks: SinkSpec[] = [];
  const seenSinkIds = new Map<string, string>();
  for (const file of sinkFiles(path.join(rulesDir, 'sinks'), errors)) {
    const loaded = load(file, 'catalogue-sinks.schema.json');
    if (!loaded) continue;
    // Each copy an `alsoModules` list makes keeps its entry's place in the file, for errors.
    const written = (loaded.value as { sinks: SinkSpec[] }).sinks;
    const entries = written.flatMap((spec, i) => withAlsoModules(spec).map((copy) => ({ spec: normaliseModule(copy), at: i })));
    const specs = entries.map((e) => e.spec);
    errors.push(...checkSinks(specs, regions, seenSinkIds, loaded.source, entries.map((e) => e.at)));
    sinks.push(...specs);
  }

  let sanitisers: SanitiserSpec[] = [];
  const sanitiserFile = load(path.join(rulesDir, 'sanitisers.yaml'), 'catalogue-sanitisers.schema.json');
  if (sanitiserFile) {
    sanitisers = (sanitiserFile.value as { sanitisers: SanitiserSpec[] }).sanitisers.map(normaliseModule);
    errors.push(...checkSanitisers(sanitisers, sanitiserFile.source));
  }

  return { catalogue: { categories, sources: [], names, sinks, sanitisers, regions }, errors: sortErrors(errors) };
}

/** The YAML files of rules/sinks/, in name order so that the catalogue is the same on every machine. */
function sinkFiles(dir: string, errors: ConfigError[]): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch (e) {
    errors.push({ file: dir, line: 1, column: 1, message: `cannot read the sink catalogue folder: ${(e as Error).message}` });
    return [];
  }
}

/** A sink whose API other modules re-export: one copy per module (`sentry-browser-remix` for `@sentry/remix`). */
function withAlsoModules(spec: SinkSpec): SinkSpec[] {
  if (!spec.alsoModules) return [spec];
  const { alsoModules, ...own } = spec;
  const slug = (m: string): string => m.replace(/^@[^/]+\//, '').replace(/[^a-z0-9]+/g, '-');
  return [own, ...alsoModules.map((module) => ({ ...own, id: `${own.id}-${slug(module)}`, module }))];
}

/** `node:https` and `https` name the same module; the catalogue keeps the bare name. */
function normaliseModule<T extends { module?: string }>(spec: T): T {
  return spec.module?.startsWith('node:') ? { ...spec, module: spec.module.slice('node:'.length) } : spec;
}
