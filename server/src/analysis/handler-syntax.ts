// How frameworks' handlers are written, read from the syntax alone: a module's exported functions
// (Remix's `loader`), a Koa middleware that catches around `next()`, and the callbacks an options
// object holds (`createNextApiHandler({ onError })`, Hapi's `{ handler }`).

import ts = require('typescript');

/** The name a top-level function is exported under (`export function loader`, `export const action = async () => …`). */
export function exportedName(fn: ts.SignatureDeclaration): string | undefined {
  const exported = (n: ts.Node): boolean => (ts.getCombinedModifierFlags(n as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
  if (ts.isFunctionDeclaration(fn) && fn.name && ts.isSourceFile(fn.parent)) return exported(fn) ? fn.name.text : undefined;
  const decl = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && ts.isVariableStatement(decl.parent.parent) && ts.isSourceFile(decl.parent.parent.parent)) {
    return exported(decl.parent.parent) ? decl.name.text : undefined;
  }
  return undefined;
}

/** The function a variable is initialised with (`const handleError = (error) => …`). */
export function functionOf(e: ts.Expression | undefined): ts.FunctionLikeDeclaration | undefined {
  return e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) ? e : undefined;
}

/** `try { await next() } catch (err) { … }` in a middleware's body. */
export function catchesNext(fn: ts.SignatureDeclaration): boolean {
  const next = fn.parameters[1]?.name;
  if (!next || !ts.isIdentifier(next)) return false;
  let found = false;
  const inTry = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === next.text) found = true;
    else ts.forEachChild(n, inTry);
  };
  const visit = (n: ts.Node): void => {
    if (found || (ts.isFunctionLike(n) && n !== fn)) return;
    if (ts.isTryStatement(n) && n.catchClause) inTry(n.tryBlock);
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

/** The functions under `key` in options objects (nested up to two levels: `useFactory` results are not followed). */
export function optionFunctions(args: readonly ts.Expression[], key: string, projectFunction: (e: ts.Expression) => ts.SignatureDeclaration | undefined): ts.SignatureDeclaration[] {
  const out: ts.SignatureDeclaration[] = [];
  const visit = (e: ts.Expression, depth: number): void => {
    if (!ts.isObjectLiteralExpression(e) || depth > 2) return;
    for (const p of e.properties) {
      const value = propertyValue(p);
      if (!value || !p.name || !ts.isIdentifier(p.name)) continue;
      if (p.name.text !== key) {
        if (ts.isObjectLiteralExpression(value)) visit(value, depth + 1);
        continue;
      }
      const f = ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isMethodDeclaration(value) ? value : projectFunction(value);
      if (f && (f as ts.FunctionLikeDeclaration).body && f.parameters.length >= 1) out.push(f);
    }
  };
  for (const arg of args) visit(arg, 0);
  return out;
}

/** What an object literal gives `key`: `key: value`, shorthand `key`, or a method `key() { … }`. */
export function optionValue(o: ts.ObjectLiteralExpression, key: string): ts.Expression | ts.MethodDeclaration | undefined {
  const p = o.properties.find((x) => x.name && ts.isIdentifier(x.name) && x.name.text === key);
  return p && propertyValue(p);
}

/** `key: value`, `key` (shorthand), `'key': value` of an object literal: its key and value; undefined for a spread, a method or a computed key. */
export function propertyEntry(p: ts.ObjectLiteralElementLike): { key: string; value: ts.Expression } | undefined {
  const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
  const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
  return value && key !== undefined ? { key, value } : undefined;
}

function propertyValue(p: ts.ObjectLiteralElementLike): ts.Expression | ts.MethodDeclaration | undefined {
  return ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isMethodDeclaration(p) ? p : undefined;
}
