// Meaning checks of the catalogue files, after their schemas have passed: categories exist, ids are
// unique, regular expressions and origin-path patterns compile, region codes are known. Each error
// points at the offending node.

import { originPatternError, parseOriginPath } from '../analysis/origin-pattern';
import type { CategoryInfo, NameCatalogue, RegionCatalogue, SanitiserSpec, SinkSpec } from '../analysis/types';
import type { ConfigError } from './types';
import type { YamlSource } from './yaml-source';

export function checkTaxonomy(list: readonly CategoryInfo[], source: YamlSource): ConfigError[] {
  const errors: ConfigError[] = [];
  const ids = new Set(list.map((c) => c.id));
  const seen = new Set<string>();
  list.forEach((c, i) => {
    if (seen.has(c.id)) errors.push(source.errorAt(['categories', i, 'id'], `category '${c.id}' is listed twice`));
    seen.add(c.id);
    // Rules name categories by prefix, so a parent must exist for `user.contact` to mean something.
    const parent = c.id.slice(0, c.id.lastIndexOf('.'));
    if (c.id.includes('.') && !ids.has(parent)) {
      errors.push(source.errorAt(['categories', i, 'id'], `category '${c.id}' has no parent '${parent}' in the taxonomy`));
    }
  });
  return errors;
}

export function checkNames(names: NameCatalogue, categories: ReadonlyMap<string, CategoryInfo>, source: YamlSource): ConfigError[] {
  const errors: ConfigError[] = [];
  const regex = (pattern: string, at: Array<string | number>) => {
    const why = regexError(pattern);
    if (why) errors.push(source.errorAt(at, `invalid regular expression: ${why}`));
  };
  regex(names.personContext, ['personContext']);
  if (names.personRecord !== undefined) regex(names.personRecord, ['personRecord']);
  names.exclude.forEach((p, i) => regex(p, ['exclude', i]));
  names.excludeUnlessString?.forEach((p, i) => regex(p, ['excludeUnlessString', i]));
  names.rules.forEach((rule, i) => {
    if (categories.size > 0 && !categories.has(rule.category)) {
      errors.push(source.errorAt(['rules', i, 'category'], `unknown category '${rule.category}' (not in rules/taxonomy.yaml)`));
    }
    rule.patterns.forEach((p, j) => regex(p, ['rules', i, 'patterns', j]));
    if (rule.context !== undefined) regex(rule.context, ['rules', i, 'context']);
    if (rule.notInContext !== undefined) regex(rule.notInContext, ['rules', i, 'notInContext']);
  });
  return errors;
}

export function checkSinks(
  specs: readonly SinkSpec[],
  regions: RegionCatalogue,
  seenIds: Map<string, string>,
  source: YamlSource,
  /** Where each spec is written in the file's `sinks` list, when that is not its own position. */
  writtenAt?: readonly number[],
): ConfigError[] {
  const errors: ConfigError[] = [];
  specs.forEach((spec, position) => {
    const i = writtenAt?.[position] ?? position;
    const first = seenIds.get(spec.id);
    if (first !== undefined) errors.push(source.errorAt(['sinks', i, 'id'], `sink id '${spec.id}' is already used in ${first}`));
    else seenIds.set(spec.id, source.file);
    if ((spec.module === undefined) === (spec.global === undefined)) {
      errors.push(source.errorAt(['sinks', i], `sink '${spec.id}' needs exactly one of 'module' and 'global'`));
    }
    if (spec.kind === 'third-party' && !spec.purpose) {
      errors.push(source.errorAt(['sinks', i], `third-party sink '${spec.id}' needs a purpose`));
    }
    spec.calls.forEach((p, j) => {
      const why = originPatternError(p);
      if (why) errors.push(source.errorAt(['sinks', i, 'calls', j], `invalid call pattern: ${why}`));
    });
    (spec.callbackParams ?? []).forEach((cb, k) => {
      cb.calls.forEach((p, j) => {
        const why = originPatternError(p);
        if (why) errors.push(source.errorAt(['sinks', i, 'callbackParams', k, 'calls', j], `invalid call pattern: ${why}`));
      });
      const path = parseOriginPath(cb.is);
      if (typeof path === 'string') errors.push(source.errorAt(['sinks', i, 'callbackParams', k, 'is'], `invalid object path: ${path}`));
    });
    (spec.pluginParams ?? []).forEach((pp, k) => {
      const path = parseOriginPath(pp.is);
      if (typeof path === 'string') errors.push(source.errorAt(['sinks', i, 'pluginParams', k, 'is'], `invalid object path: ${path}`));
    });
    (spec.configuredBy?.calls ?? []).forEach((p, j) => {
      const why = originPatternError(p);
      if (why) errors.push(source.errorAt(['sinks', i, 'configuredBy', 'calls', j], `invalid call pattern: ${why}`));
    });
    (spec.redactIn?.calls ?? []).forEach((p, j) => {
      const why = originPatternError(p);
      if (why) errors.push(source.errorAt(['sinks', i, 'redactIn', 'calls', j], `invalid call pattern: ${why}`));
    });
    for (const [host, region] of Object.entries(spec.hosts ?? {})) {
      if (!isKnownRegion(region, regions)) {
        errors.push(source.errorAt(['sinks', i, 'hosts', host], `unknown region '${region}': use an ISO country code or a group of rules/regions.yaml`));
      }
    }
  });
  return errors;
}

export function checkSanitisers(specs: readonly SanitiserSpec[], source: YamlSource): ConfigError[] {
  const errors: ConfigError[] = [];
  specs.forEach((spec, i) => {
    const byName = (spec.names?.length ?? 0) > 0;
    const byOrigin = spec.module !== undefined || spec.calls !== undefined;
    if (byName === byOrigin || (byOrigin && !(spec.module && spec.calls?.length))) {
      errors.push(source.errorAt(['sanitisers', i], "a sanitiser needs either 'names' or both 'module' and 'calls'"));
    }
    (spec.calls ?? []).forEach((p, j) => {
      const why = originPatternError(p);
      if (why) errors.push(source.errorAt(['sanitisers', i, 'calls', j], `invalid call pattern: ${why}`));
    });
  });
  return errors;
}

export function checkRegions(regions: RegionCatalogue, source: YamlSource): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const [group, members] of Object.entries(regions.groups)) {
    members.forEach((m, j) => {
      if (!isKnownRegion(m, regions)) errors.push(source.errorAt(['groups', group, j], `unknown region '${m}' in group '${group}'`));
    });
    if (reaches(group, group, regions.groups, new Set())) {
      errors.push(source.errorAt(['groups', group], `group '${group}' contains itself`, { key: true }));
    }
  }
  regions.hosts.forEach((h, i) => {
    if (!isKnownRegion(h.region, regions)) errors.push(source.errorAt(['hosts', i, 'region'], `unknown region '${h.region}'`));
  });
  return errors;
}

/** A region code is a two-letter country code or the name of a group. */
export function isKnownRegion(code: string, regions: RegionCatalogue): boolean {
  return /^[A-Z]{2}$/.test(code) || Object.prototype.hasOwnProperty.call(regions.groups, code);
}

function reaches(from: string, target: string, groups: Record<string, string[]>, seen: Set<string>): boolean {
  for (const m of groups[from] ?? []) {
    if (m === target) return true;
    if (!seen.has(m) && Object.prototype.hasOwnProperty.call(groups, m)) {
      seen.add(m);
      if (reaches(m, target, groups, seen)) return true;
    }
  }
  return false;
}

/** Name patterns are compiled with the `u` flag (see analysis/names.ts); check them the same way. */
function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
