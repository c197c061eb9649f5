// The syntax origins.ts reads declarations through: a class's own methods and field set-up, import
// and export specifiers, a function's returned expression. No checker, no catalogue.

import ts = require('typescript');
import type { Origin } from './origins';

export function ownMethod(callee: ts.PropertyAccessExpression): ts.SignatureDeclaration | undefined {
  let cls: ts.Node | undefined = callee.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls) return undefined;
  for (const m of (cls as ts.ClassLikeDeclaration).members) {
    if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== callee.name.text) continue;
    if (ts.isMethodDeclaration(m) && (m.body || isAbstract(m))) return m;
    if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer))) return m.initializer;
  }
  return undefined;
}

/** `abstract handle(…): void;`: a method each subclass writes for itself. */
export function isAbstract(m: ts.Node): m is ts.MethodDeclaration {
  return ts.isMethodDeclaration(m) && !m.body && !!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.AbstractKeyword);
}

/** `dial(to: string): Promise<void>;` in a project interface: each implementing class writes it. */
export function isInterfaceMethod(m: ts.Node): m is ts.MethodSignature {
  return ts.isMethodSignature(m) && ts.isInterfaceDeclaration(m.parent);
}

/**
 * The package a module specifier names: `node:https` is `https`; Deno's `npm:openai@4`,
 * `jsr:@std/log` and CDN URLs (`https://esm.sh/@slack/web-api@7`) name a package and a version.
 */
export function moduleName(spec: string): string {
  if (spec.startsWith('node:')) return spec.slice(5);
  const m = /^(?:npm:|jsr:|https:\/\/(?:esm\.sh|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com)\/)\/?((?:@[^/@]+\/)?[^/@?]+)(?:@[^/?]*)?(\/[^?]*)?/.exec(spec);
  return m ? m[1] + (m[2] ?? '') : spec;
}

export function isRelative(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/');
}

export function safeAliased(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol | undefined {
  if (!(symbol.flags & ts.SymbolFlags.Alias)) return undefined;
  try {
    const s = checker.getAliasedSymbol(symbol);
    return s.flags & ts.SymbolFlags.Alias ? safeAliased(checker, s) ?? s : s;
  } catch {
    return undefined;
  }
}

export function moduleSpecifierOf(decl: ts.Declaration): string | undefined {
  const spec = moduleSpecifierNode(decl);
  return spec && ts.isStringLiteralLike(spec) ? spec.text : undefined;
}

/** The module specifier expression of the import or export statement a specifier belongs to. */
export function moduleSpecifierNode(decl: ts.Declaration): ts.Expression | undefined {
  let n: ts.Node | undefined = decl;
  while (n && !ts.isImportDeclaration(n) && !ts.isExportDeclaration(n) && !ts.isImportEqualsDeclaration(n)) n = n.parent;
  if (!n) return undefined;
  if (ts.isImportEqualsDeclaration(n)) return ts.isExternalModuleReference(n.moduleReference) ? n.moduleReference.expression : undefined;
  return n.moduleSpecifier;
}

/** The expression a function returns: an arrow's body, or the first `return` with a value. */
export function returnedExpression(fn: ts.SignatureDeclaration): ts.Expression | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return body;
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    // `if (!key) return null;` before the real result: the first return that gives something.
    if (ts.isReturnStatement(n) && n.expression && !isNothing(n.expression)) {
      found = n.expression;
      return;
    }
    if (ts.isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** Every expression a function returns: an arrow's body, or each `return` with a value (not those of nested functions). */
export function returnedExpressions(fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    else n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return out;
}

/** `this.client = twilio(sid, token)` in the constructor of the field's class, else in one of its methods. */
export function constructorAssignment(field: ts.PropertyDeclaration): ts.Expression | undefined {
  const cls = field.parent;
  // `#index` too: a private name is assigned as `this.#index = …`.
  if (!ts.isClassLike(cls) || !(ts.isIdentifier(field.name) || ts.isPrivateIdentifier(field.name))) return undefined;
  const name = field.name.text;
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === name) {
      found = n.right;
      return;
    }
    ts.forEachChild(n, visit);
  };
  if (ctor?.body) visit(ctor.body);
  // Else a method that sets it up (`initialize() { this.segment = new Analytics(…) }`).
  for (const m of cls.members) {
    if (found) break;
    if (m !== ctor && (ts.isMethodDeclaration(m) || ts.isSetAccessor(m)) && m.body) visit(m.body);
  }
  return found;
}

export function isNothing(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e);
}

export function skipOuterExpressions(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** Of two possible origins, the one rooted in a module (a library client) over a global holder's. */
export function either(a: Origin | undefined, b: Origin | undefined): Origin | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.root.module || !b.root.module ? a : b;
}

/**
 * A symbol's declaration (its value declaration, else its first). Plain scripts (no import or export)
 * share one global scope: two test files that each declare `const user` clash, and the checker
 * resolves both files' uses to the first. Seen from `near`, a use in a script means its own file's
 * declaration, which the file's own scope table still holds.
 */
export function declarationOf(symbol: ts.Symbol | undefined, near?: ts.Node): ts.Declaration | undefined {
  if (!symbol) return undefined;
  const chosen = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!near || !chosen) return chosen;
  const file = near.getSourceFile();
  if (chosen.getSourceFile() === file || !isScript(file) || !isScript(chosen.getSourceFile())) return chosen;
  const mine = (file as { locals?: ts.SymbolTable }).locals?.get(symbol.escapedName);
  const d = mine && (mine.valueDeclaration ?? mine.declarations?.[0]);
  return d && d.getSourceFile() === file ? d : chosen;
}

/** A file with no import or export (nor CommonJS ones): its top-level names are global. */
export function isScript(file: ts.SourceFile): boolean {
  const f = file as { externalModuleIndicator?: unknown; commonJsModuleIndicator?: unknown };
  return !f.externalModuleIndicator && !f.commonJsModuleIndicator;
}

/**
 * The declaration of a name bound in an enclosing function or block (not at module level, where
 * imports and aliases need the checker), read from the binder's scope tables. Undefined when the
 * name is not such a local: the caller asks the checker.
 */
export function localDeclaration(id: ts.Identifier): ts.Declaration | undefined {
  for (let n: ts.Node | undefined = id.parent; n && !ts.isSourceFile(n); n = n.parent) {
    const symbol = (n as { locals?: ts.SymbolTable }).locals?.get(id.escapedText);
    if (!symbol) continue;
    if (!(symbol.flags & ts.SymbolFlags.Value) || symbol.flags & ts.SymbolFlags.Alias) return undefined;
    return declarationOf(symbol);
  }
  return undefined;
}

/** The values assigned to a variable in its block (`resend = await resendHelper()`), in order. */
const ASSIGNING = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

export function assignedValues(decl: ts.VariableDeclaration & { name: ts.Identifier }): ts.Expression[] {
  const scope = ts.findAncestor(decl.parent, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n));
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    // `client = create()`, also `client ??= create()` and `client ||= create()` (a lazy singleton).
    if (ts.isBinaryExpression(n) && ASSIGNING.has(n.operatorToken.kind) && ts.isIdentifier(n.left) && n.left.text === decl.name.text && !isNothing(n.right)) out.push(n.right);
    ts.forEachChild(n, visit);
  };
  if (scope) visit(scope);
  return out;
}

/** `import('openai')`, `await import('./logger')`: a module loaded on demand, by a literal name. */
export function isDynamicImport(e: ts.Node): boolean {
  let n = e;
  while (ts.isAwaitExpression(n) || ts.isParenthesizedExpression(n)) n = n.expression;
  return ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments.length >= 1 && ts.isStringLiteralLike(n.arguments[0]);
}

/**
 * The statements that run before a node on every path to it in its function: those earlier in each
 * block around it (nearest block first).
 */
export function* precedingStatements(n: ts.Node): Generator<ts.Statement> {
  for (; n.parent && !ts.isFunctionLike(n) && !ts.isSourceFile(n); n = n.parent) {
    if (!ts.isBlock(n.parent) && !ts.isSourceFile(n.parent)) continue;
    const list = (n.parent as ts.Block).statements;
    for (let i = list.indexOf(n as ts.Statement) - 1; i >= 0; i--) yield list[i];
  }
}

/**
 * A value read as it is, `input.notes`, `notes`, `body.notes ?? previous.notes`: written into a
 * field, it is of the field's declared kind, as what it replaced was.
 */
export function isPlainRead(e: ts.Expression): boolean {
  const x = skipOuterExpressions(e);
  if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || x.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isPlainRead(x.left) || isPlainRead(x.right);
  if (ts.isIdentifier(x)) return x.text !== 'undefined';
  return (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) && !ts.isCallExpression(skipOuterExpressions(x.expression));
}

/** `require('x')` with a literal specifier (not a type guard: a call that is not one is still a call). */
export function isRequireCall(e: ts.Expression): boolean {
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0]);
}
