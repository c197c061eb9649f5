// The name classifier: whether a declaration's name (and declared type) marks it as personal data,
// by the rules of rules/names.yaml. Pure functions; the catalogue's regular expressions are compiled
// once per classifier.

import type { NameCatalogue } from './types';

export interface NameMatch {
  category: string;
  /** The pattern that matched, for explanations ("field name 'phoneNumber' matches …"). */
  rule: string;
  /** The rule names the container it applies in (`call.from`, `CustomerEndpoint.Address`). */
  inContext?: boolean;
}

export type TypeKind = 'string' | 'number' | 'boolean' | 'object' | 'any' | 'other';

export interface NameContext {
  /** The enclosing type, object or variable name (`Customer`, `lead`), in any case style. */
  container?: string;
  /** The declared type's kind; undefined when unknown (treated as `any`). */
  typeKind?: TypeKind;
  /** The whole container name, past wrapper words (`sms_message`): what a rule's `context` is tested on. */
  fullContainer?: string;
  /** The container's name with its wrapper words (`task_attributes`): a rule's `context` may name them. */
  rawContainer?: string;
  /** Ignore every rule's context condition: "could this name be personal data anywhere?" */
  anyContext?: boolean;
}

export type NameClassifier = (name: string, context: NameContext) => NameMatch | undefined;

/** The kinds a rule accepts when it does not list `types`: strings, objects and untyped values. */
const DEFAULT_KINDS: ReadonlySet<TypeKind> = new Set(['string', 'object', 'any']);

/**
 * Words of a name: a run of capitals followed by a plural `s` (`IDs`, `SSNs`), a run of capitals not
 * followed by lower case (`IP` in `IPAddress`), a capitalised or lower-case word, or digits.
 */
const WORD = /\p{Lu}{2,}s(?!\p{Ll})|\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu;

/**
 * Splits camelCase, PascalCase, snake_case, kebab-case, digits and ALL_CAPS into lower-case words
 * joined by `_`: `emailAddress` → `email_address`, `PHONE_NO` → `phone_no`, `customerSSN` →
 * `customer_ssn`, `IPAddress` → `ip_address`, `address2` → `address_2`.
 */
export function normaliseName(name: string): string {
  const words = name.match(WORD);
  return words ? words.map((w) => w.toLowerCase()).join('_') : '';
}

/** Compiles a pattern so that it must match the whole normalised name. */
function whole(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

/**
 * Builds a classifier over a name catalogue. The catalogue is assumed valid (the loader checks that
 * every regular expression compiles); a pattern that does not compile is skipped rather than thrown.
 */
export function createNameClassifier(cat: NameCatalogue): NameClassifier {
  const exclude = compileAll(cat.exclude);
  const excludeUnlessString = compileAll(cat.excludeUnlessString ?? []);
  const personContext = compileContext(cat.personContext);
  const rules = cat.rules.map((rule) => ({
    category: rule.category,
    needsPersonContext: rule.needsPersonContext === true,
    context: rule.context !== undefined ? compileContext(rule.context) : undefined,
    notInContext: rule.notInContext !== undefined ? compileContext(rule.notInContext) : undefined,
    asWritten: rule.asWritten === true,
    kinds: rule.types ? new Set<TypeKind>(rule.types) : DEFAULT_KINDS,
    patterns: rule.patterns.map((p) => ({ source: p, regex: compileOne(p) })).filter((p) => p.regex !== undefined),
  }));

  return (name, context) => {
    const kind = context.typeKind ?? 'any';
    // A flag, a function or a symbol never carries the data itself, whatever it is called.
    if (kind === 'boolean' || kind === 'other') return undefined;
    const normalised = normaliseName(name);
    if (normalised === '' || exclude.some((r) => r.test(normalised))) return undefined;
    if (kind !== 'string' && excludeUnlessString.some((r) => r.test(normalised))) return undefined;
    let personLike: boolean | undefined;
    for (const rule of rules) {
      if (!rule.kinds.has(kind)) continue;
      const hit = rule.patterns.find((p) => p.regex!.test(rule.asWritten ? name : normalised));
      if (!hit) continue;
      if (context.anyContext) return { category: rule.category, rule: hit.source };
      const container = context.fullContainer ?? context.container;
      if (rule.notInContext && container && rule.notInContext.test(normaliseName(container))) continue;
      if (rule.context) {
        if (!container || !(rule.context.test(normaliseName(container)) || (context.rawContainer !== undefined && rule.context.test(context.rawContainer)))) continue;
      } else if (rule.needsPersonContext) {
        personLike ??= isPersonLike(personContext, context.container);
        if (!personLike) continue;
      }
      return { category: rule.category, rule: hit.source, inContext: !!rule.context };
    }
    return undefined;
  };
}

/** A whole-name pattern, or nothing where it does not compile (the catalogue loader reports it at its line). */
function compileOne(source: string): RegExp | undefined {
  try {
    return whole(source);
  } catch {
    return undefined;
  }
}

function compileAll(sources: readonly string[]): RegExp[] {
  return sources.map(compileOne).filter((r): r is RegExp => r !== undefined);
}

function compileContext(source: string): RegExp {
  try {
    return new RegExp(source, 'u');
  } catch {
    // Never matches: the catalogue loader reports the bad pattern at its line.
    return /(?!)/;
  }
}

/** Whether a container's name reads as a person (`user`, `customerProfile`), by the catalogue's `personContext`. */
export function createPersonTest(cat: NameCatalogue): (container: string) => boolean {
  const personContext = compileContext(cat.personContext);
  return (container) => isPersonLike(personContext, container);
}

/** Whether a name is one the catalogue says never carries the data (`supportEmail`, `customerId`, `hashedEmail`), by its `exclude` list. */
export function createExclusionTest(cat: NameCatalogue): (name: string) => boolean {
  const exclude = compileAll(cat.exclude);
  return (name) => {
    const normalised = normaliseName(name);
    return normalised !== '' && exclude.some((r) => r.test(normalised));
  };
}

/** Whether a whole name reads as one person's record (`customer`, `existingUser`, `leads`), by the catalogue's `personRecord`. */
export function createRecordTest(cat: NameCatalogue): (name: string) => boolean {
  if (!cat.personRecord) return () => false;
  const re = compileContext(`^(?:${cat.personRecord})$`);
  return (name) => re.test(normaliseName(name));
}

function isPersonLike(personContext: RegExp, container: string | undefined): boolean {
  if (!container) return false;
  return personContext.test(normaliseName(container));
}
