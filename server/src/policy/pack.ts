// Policy packs: loading a pack file (YAML, then its JSON Schema), resolving bundled packs by id,
// and the meaning checks a schema cannot express (cited clauses exist, ids are unique, categories,
// vendors, purposes and regions are known to the catalogue), each error at its node's line:col.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalogue } from '../analysis/types';
import type { ConfigError, Pack } from './types';
import { HOME_REGION, PURPOSES, SEVERITIES, SINK_KINDS, didYouMean } from './vocabulary';
import { validateWithSchema } from './schema-validator';
import { defaultRulesDir } from './catalogue';
import { describePath, readYamlFile, sortErrors } from './yaml-source';
import type { PointerPath, YamlSource } from './yaml-source';

/**
 * Where each loaded pack came from, so that meaning checks of a pack point at its nodes. A pack
 * built in code has no entry and its errors are reported at 1:1 of `pack.file`.
 */
const packSources = new WeakMap<Pack, YamlSource>();

export interface LoadPackOptions {
  /** When given, the pack is also checked against the catalogue (see `checkPack`). */
  catalogue?: Catalogue;
  /** The rules folder whose `schemas/pack.schema.json` validates the file; default the bundled one. */
  rulesDir?: string;
}

/**
 * Reads a pack file. `pack` is present whenever the file has the schema's shape, even if meaning
 * checks found errors (so that `policy check` can still count its clauses); callers that apply
 * packs must refuse a pack with errors.
 */
export function loadPack(file: string, options: LoadPackOptions = {}): { pack?: Pack; errors: ConfigError[] } {
  const absolute = path.resolve(file);
  const source = readYamlFile(absolute);
  if (source.errors.length > 0) return { errors: source.errors };
  const schemaErrors = validateWithSchema(source, path.join(options.rulesDir ?? defaultRulesDir(), 'schemas', 'pack.schema.json'));
  if (schemaErrors.length > 0) return { errors: sortErrors(schemaErrors) };
  const pack = { ...(source.value as Omit<Pack, 'file'>), file: absolute } as Pack;
  packSources.set(pack, source);
  return { pack, errors: checkPack(pack, options.catalogue) };
}

/** A ConfigError at a node of a loaded pack (at 1:1 of its file for a pack built in code). */
export function packErrorAt(pack: Pack, at: PointerPath, message: string): ConfigError {
  const source = packSources.get(pack);
  return source ? source.errorAt(at, message) : { file: pack.file, line: 1, column: 1, message };
}

/** The file of a bundled pack (`rules/policies/<id>.yaml`), if there is one. */
export function bundledPackFile(id: string, rulesDir: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id)) return undefined;
  for (const ext of ['.yaml', '.yml']) {
    const file = path.join(rulesDir, 'policies', id + ext);
    if (isFile(file)) return file;
  }
  return undefined;
}

/** Ids of the bundled packs, sorted. */
export function bundledPackIds(rulesDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(rulesDir, 'policies'));
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => n.replace(/\.ya?ml$/, ''))
    .sort();
}

/**
 * A pack reference from the config or the command line: a bundled id (`sonarcx`) or a path to a
 * pack file, relative to `baseDir`. A bare word names the bundled pack first, then a file.
 */
export function resolvePackRef(ref: string, baseDir: string, rulesDir: string): { file?: string; error?: string } {
  const bundled = bundledPackFile(ref, rulesDir);
  if (bundled) return { file: bundled };
  const file = path.resolve(baseDir, ref);
  if (isFile(file)) return { file };
  const looksLikeId = /^[a-z0-9][a-z0-9_-]*$/.test(ref);
  if (looksLikeId) {
    const ids = bundledPackIds(rulesDir);
    return { error: `unknown pack '${ref}': not a bundled pack (${ids.join(', ') || 'none installed'}) nor a file${didYouMean(ref, ids)}` };
  }
  return { error: `pack file not found: ${file}` };
}

/**
 * Meaning checks of a pack. Without a catalogue only the pack's own consistency is checked (clauses
 * cited exist, ids unique, closed word lists); with one, categories, vendors and regions too.
 */
export function checkPack(pack: Pack, catalogue?: Catalogue): ConfigError[] {
  const source = packSources.get(pack);
  const errors: ConfigError[] = [];
  const at = (p: PointerPath, message: string): void => {
    errors.push(source ? source.errorAt(p, message) : packErrorAt(pack, p, `${describePath(p)}: ${message}`));
  };

  const clauseIds = new Set<string>();
  pack.clauses.forEach((clause, i) => {
    if (clauseIds.has(clause.id)) at(['clauses', i, 'id'], `duplicate clause id '${clause.id}'`);
    clauseIds.add(clause.id);
  });

  const known = catalogue ? knownNames(catalogue) : undefined;
  const ruleIds = new Set<string>();
  pack.rules.forEach((rule, i) => {
    const here = ['rules', i];
    if (ruleIds.has(rule.id)) at([...here, 'id'], `duplicate rule id '${rule.id}'`);
    ruleIds.add(rule.id);
    if (!clauseIds.has(rule.clause)) {
      at([...here, 'clause'], `rule '${rule.id}' cites clause '${rule.clause}', which the pack does not define${didYouMean(rule.clause, clauseIds)}`);
    }
    if (!SEVERITIES.includes(rule.severity)) at([...here, 'severity'], `unknown severity '${String(rule.severity)}'`);
    const when = rule.when ?? {};
    (when.sinkKinds ?? []).forEach((k, j) => {
      if (!SINK_KINDS.includes(k)) at([...here, 'when', 'sinkKinds', j], `unknown sink kind '${k}'${didYouMean(k, SINK_KINDS)}`);
    });
    (when.purposes ?? []).forEach((p, j) => {
      if (!PURPOSES.includes(p)) at([...here, 'when', 'purposes', j], `unknown purpose '${p}'${didYouMean(p, PURPOSES)}`);
    });
    if (!known) return;
    for (const key of ['categories', 'exceptCategories'] as const) {
      (when[key] ?? []).forEach((c, j) => {
        if (!isKnownCategory(c, known.categories)) {
          at([...here, 'when', key, j], `unknown data category '${c}'${didYouMean(c, known.categories)}`);
        }
      });
    }
    (when.vendors ?? []).forEach((v, j) => {
      if (!known.vendorsLower.has(v.toLowerCase())) at([...here, 'when', 'vendors', j], `unknown vendor '${v}': no sink of the catalogue has it${didYouMean(v, known.vendors)}`);
    });
    for (const key of ['regionIn', 'regionNotIn'] as const) {
      (when[key] ?? []).forEach((r, j) => {
        if (r !== HOME_REGION && !known.regions.has(r)) at([...here, 'when', key, j], `unknown region '${r}'${didYouMean(r, known.regions)}`);
      });
    }
  });
  return sortErrors(errors);
}

/** Whether `c` is a taxonomy id or a dotted prefix of one (`user`, `user.contact`). */
export function isKnownCategory(c: string, categories: Iterable<string>): boolean {
  for (const id of categories) if (id === c || id.startsWith(c + '.')) return true;
  return false;
}

/** Every region code the catalogue knows: groups, their members, and the regions hosts map to. */
export function knownRegions(catalogue: Catalogue): Set<string> {
  const regions = new Set<string>();
  for (const [group, members] of Object.entries(catalogue.regions.groups)) {
    regions.add(group);
    for (const m of members) regions.add(m);
  }
  for (const h of catalogue.regions.hosts) regions.add(h.region);
  for (const sink of catalogue.sinks) for (const r of Object.values(sink.hosts ?? {})) regions.add(r);
  return regions;
}

interface KnownNames {
  categories: string[];
  vendors: string[];
  vendorsLower: Set<string>;
  regions: Set<string>;
}

function knownNames(catalogue: Catalogue): KnownNames {
  const vendors = [...new Set(catalogue.sinks.flatMap((s) => (s.vendor ? [s.vendor] : [])))];
  return {
    categories: [...catalogue.categories.keys()],
    vendors,
    vendorsLower: new Set(vendors.map((v) => v.toLowerCase())),
    regions: knownRegions(catalogue),
  };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
