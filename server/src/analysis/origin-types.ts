// What a type written in the code says a value is: `client: Twilio`, `logger: pino.Logger`,
// `transport: Transporter`. An instance of an imported library type has the origin `<module>` then
// the type's name and `()`; a project module that re-exports a vendor's class is followed to it.

import ts = require('typescript');
import type { Origin } from './origins';
import { isRelative, moduleName, moduleSpecifierOf, safeAliased } from './origin-syntax';

/** What reading a written type needs from the origin resolver. */
export interface TypeLookup {
  checker(): ts.TypeChecker;
  isProjectFile(fileName: string): boolean;
  /** The origin of an import declaration (through the project's own re-exports). */
  ofImport(decl: ts.Declaration, symbol: ts.Symbol, depth: number): Origin | undefined;
  /** The project module an import's specifier resolves to, if it is project code. */
  projectModule(decl: ts.Declaration): ts.Symbol | undefined;
}

/** `client: Twilio`, `logger: pino.Logger`: an instance of what the type names. */
export function ofTypeNode(l: TypeLookup, type: ts.TypeNode, depth: number): Origin | undefined {
  // `PostHog | null`: the one type that is not nothing.
  if (ts.isUnionTypeNode(type)) {
    const some = type.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword);
    return some.length === 1 ? ofTypeNode(l, some[0], depth) : undefined;
  }
  // `sentry: typeof Sentry` (`import * as Sentry from '@sentry/node'`): the library value itself.
  if (ts.isTypeQueryNode(type)) return libraryValue(l, type.exprName, []);
  if (!ts.isTypeReferenceNode(type)) return undefined;
  // `ReturnType<typeof zendesk.createClient>`: what that library function makes.
  const made = type.typeArguments?.length === 1 && ts.isIdentifier(type.typeName) && type.typeName.text === 'ReturnType' ? type.typeArguments[0] : undefined;
  if (made && ts.isTypeQueryNode(made)) return libraryValue(l, made.exprName, ['()']);
  const { head: name, parts } = splitEntityName(type.typeName);
  const symbol = l.checker().getSymbolAtLocation(name);
  const decl = symbol?.declarations?.[0];
  if (!symbol || !decl || depth > 8) return undefined;
  // `type Logger = bunyan`, here or in a project module: what the alias names.
  if (ts.isTypeAliasDeclaration(decl) && !parts.length) return ofTypeNode(l, decl.type, depth + 1);
  if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl)) {
    const spec = moduleSpecifierOf(decl);
    if (!spec) return undefined;
    if (isRelative(spec) || importsProjectCode(l, symbol)) {
      const alias = safeAliased(l.checker(), symbol)?.declarations?.[0];
      if (alias && ts.isTypeAliasDeclaration(alias) && !parts.length && l.isProjectFile(alias.getSourceFile().fileName)) return ofTypeNode(l, alias.type, depth + 1);
      // The project's own module may only re-export the vendor's class (`export { PostHog }`).
      const via = l.ofImport(decl, symbol, depth + 1);
      if (via?.root.module) return { root: via.root, path: [...via.path, ...parts, '()'], calls: [], inherited: via.inherited };
      // An interface a workspace package declares (`Logger` from '@medusajs/types') has no code to
      // follow: the package's name is what the catalogue knows it by.
      if (isRelative(spec) || !namesOnlyType(l, symbol)) return undefined;
    }
    const head = ts.isImportSpecifier(decl) ? [(decl.propertyName ?? decl.name).text] : [];
    return { root: { module: moduleName(spec) }, path: [...head, ...parts, '()'], calls: [] };
  }
  const m = /[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)/.exec(decl.getSourceFile().fileName);
  if (m) return { root: { module: m[1].replace(/\\/g, '/').replace(/^@types\//, '') }, path: [symbol.name, ...parts, '()'], calls: [] };
  void depth;
  return undefined;
}

/** `a.b.c`: the name it starts with and the members after it. */
function splitEntityName(name: ts.EntityName): { head: ts.Identifier; parts: string[] } {
  const parts: string[] = [];
  while (ts.isQualifiedName(name)) {
    parts.unshift(name.right.text);
    name = name.left;
  }
  return { head: name, parts };
}

/** `zendesk.createClient` written in a type (`typeof …`): the library member it names, when imported from a library. */
function libraryValue(l: TypeLookup, entity: ts.EntityName, tail: readonly string[]): Origin | undefined {
  const { head: name, parts } = splitEntityName(entity);
  const symbol = l.checker().getSymbolAtLocation(name);
  const decl = symbol?.declarations?.[0];
  if (!decl || !(ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl))) return undefined;
  const spec = moduleSpecifierOf(decl);
  if (!spec || isRelative(spec)) return undefined;
  const head = ts.isImportSpecifier(decl) ? [(decl.propertyName ?? decl.name).text] : [];
  return { root: { module: moduleName(spec) }, path: [...head, ...parts, ...tail], calls: [] };
}

/** An import that resolves to the project's own code (a workspace package's source), not a library. */
function importsProjectCode(l: TypeLookup, symbol: ts.Symbol): boolean {
  try {
    const target = l.checker().getAliasedSymbol(symbol).declarations?.[0];
    if (target && l.isProjectFile(target.getSourceFile().fileName)) return true;
  } catch {
    /* an unresolved alias: ask the module specifier */
  }
  const decl = symbol.declarations?.[0];
  return !!decl && !!l.projectModule(decl);
}

function namesOnlyType(l: TypeLookup, symbol: ts.Symbol): boolean {
  const target = safeAliased(l.checker(), symbol);
  const decls = target?.declarations ?? [];
  return decls.length > 0 && decls.every((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
}
