// What a summarised function's parameters stand for: a placeholder for each parameter whose type can
// hold a person's data (strings, `any`, records, generics, errors), and, for a destructured parameter, one
// placeholder per open-typed field, so that callers' values are substituted where they are used.

import ts = require('typescript');
import { CLEAN, type Taint, placeholder } from './taint';
import { isOpenType } from './value-kinds';

/**
 * Whether a parameter stands for whatever callers pass (strings, `any`, generics, records): such
 * parameters get a placeholder. Parameters of a known object type carry their fields' data by type.
 */
export function isOpenParameter(checker: ts.TypeChecker, p: ts.ParameterDeclaration): boolean {
  if (!ts.isIdentifier(p.name)) return false;
  if (!p.type) return true;
  switch (p.type.kind) {
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return true;
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.FunctionType:
      return false;
  }
  const type = checker.getTypeAtLocation(p);
  return isOpenType(checker, type) || isErrorType(checker, type);
}

/** An `Error` (or a subclass, or `Error & { status?: number }`): its message may name whatever the code that threw it had in hand. */
export function isErrorType(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  if (depth > 4) return false;
  if (type.isUnion() || type.isIntersection()) return type.types.some((t) => isErrorType(checker, t, depth + 1));
  if (type.symbol?.name === 'Error') return true;
  return type.isClassOrInterface() && (checker.getBaseTypes(type) ?? []).some((t) => isErrorType(checker, t, depth + 1));
}

/**
 * `init: RequestInit`, `opts: { method: string; body?: string }`: an options bag whose declared fields
 * name nothing personal holds in its open-typed fields (`body`, `payload`) whatever callers put there,
 * so each such field is a placeholder of its own, as a destructured parameter's are. A type that names
 * personal fields (`c: Customer`) carries them by type instead.
 */
export function optionPlaceholders(checker: ts.TypeChecker, p: ts.ParameterDeclaration, i: number, carriesData: (type: ts.Type) => boolean): Taint {
  if (!p.type || !ts.isIdentifier(p.name)) return CLEAN;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(p));
  if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type) || type.getCallSignatures().length) return CLEAN;
  const props = type.getProperties();
  if (!props.length || props.length > 40 || carriesData(type)) return CLEAN;
  const fields = new Map<string, Taint>();
  for (const f of props) {
    if (!isOpenType(checker, checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(f, p)))) continue;
    fields.set(f.name, placeholder(i, `parameter field '${p.name.text}.${f.name}'`, f.name));
  }
  return fields.size ? { labels: [], fields } : CLEAN;
}

/** `function log({ message, level })`: each open-typed field is a placeholder of its own. */
export function fieldPlaceholders(checker: ts.TypeChecker, pattern: ts.ObjectBindingPattern, i: number): Taint {
  const fields = new Map<string, Taint>();
  for (const el of pattern.elements) {
    const prop = el.propertyName ?? el.name;
    if (el.dotDotDotToken || !(ts.isIdentifier(prop) || ts.isStringLiteralLike(prop)) || !ts.isIdentifier(el.name)) continue;
    const type = checker.getTypeAtLocation(el);
    if (!isOpenType(checker, type) && !isErrorType(checker, type)) continue;
    fields.set(prop.text, placeholder(i, `parameter field '${prop.text}'`, prop.text));
  }
  // `{ template, context, ...options }`: the rest is what the caller passed (its other fields).
  const rest = pattern.elements.some((el) => el.dotDotDotToken) ? placeholder(i, 'the rest of the parameter').labels : [];
  return fields.size || rest.length ? { labels: rest, fields: fields.size ? fields : undefined } : CLEAN;
}

/** What `declaredAsTagged` needs of the sources: a written type's tag, a declaration's classification. */
export interface TagLookup {
  ofTaggedType(written: ts.TypeNode): readonly { reason: { kind: string } }[];
  ofDeclaration(decl: ts.Declaration): 'none' | readonly { reason: { kind: string } }[];
}

const taggedPaths = new WeakMap<ts.ParameterDeclaration, Map<string, boolean>>();

/**
 * Whether a parameter, or a field of it (`note.text`), is declared with a type the project tagged
 * `@pii` (`@param {ClinicalNote} text`, `text: ClinicalNote` in the parameter's type): the tag says
 * what a caller's value there is, more surely than the name the caller's value came by.
 */
export function declaredAsTagged(checker: ts.TypeChecker, tags: TagLookup, p: ts.ParameterDeclaration | undefined, path: string | undefined): boolean {
  if (!p) return false;
  let known = taggedPaths.get(p);
  if (!known) taggedPaths.set(p, (known = new Map()));
  const key = path ?? '';
  let tagged = known.get(key);
  if (tagged === undefined) {
    tagged = false;
    try {
      if (!path) {
        const written = p.type ?? ts.getJSDocType(p);
        tagged = !!written && tags.ofTaggedType(written).length > 0;
      } else {
        let type: ts.Type | undefined = checker.getNonNullableType(checker.getTypeAtLocation(p));
        let decl: ts.Declaration | undefined;
        for (const field of path.split('.')) {
          const prop: ts.Symbol | undefined = type?.getProperty(field);
          decl = prop?.valueDeclaration ?? prop?.declarations?.[0];
          type = prop && checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, p));
        }
        const c = decl ? tags.ofDeclaration(decl) : 'none';
        tagged = c !== 'none' && c.some((h) => h.reason.kind === 'tag' || h.reason.kind === 'type');
      }
    } catch {
      tagged = false;
    }
    known.set(key, tagged);
  }
  return tagged;
}
