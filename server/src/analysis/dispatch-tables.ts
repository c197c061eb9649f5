// Dispatch tables: `formatters[kind](customer)`, `handlers[event.type](payload)` call one of the
// functions a constant object literal holds, by a key not known here. Each of them may run.

import ts = require('typescript');

export interface TableLookup {
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
}

/** The most functions a table may hold for all of them to be followed at one call. */
const MAX_ENTRIES = 24;

function inner(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/**
 * The project functions `table[key](…)` may call, where `table` is a `const` object literal
 * (`as const`, `satisfies` and a declared type allowed) and the key is not a literal.
 */
export function tableFunctions(l: TableLookup, callee: ts.Expression): ts.SignatureDeclaration[] {
  const c = inner(callee);
  if (!ts.isElementAccessExpression(c) || ts.isStringLiteralLike(c.argumentExpression) || ts.isNumericLiteral(c.argumentExpression)) return [];
  const holder = inner(c.expression);
  if (!ts.isIdentifier(holder)) return [];
  const decl = l.declarationOf(holder);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return [];
  const init = inner(decl.initializer);
  if (!ts.isObjectLiteralExpression(init) || init.properties.length > MAX_ENTRIES) return [];
  const out: ts.SignatureDeclaration[] = [];
  for (const p of init.properties) {
    if (ts.isMethodDeclaration(p) && p.body) out.push(p);
    else if (ts.isPropertyAssignment(p)) {
      const v = inner(p.initializer);
      if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) out.push(v);
      else if (ts.isIdentifier(v) || ts.isPropertyAccessExpression(v)) {
        const fn = l.projectFunction(v);
        if (fn) out.push(fn);
      }
    } else if (ts.isShorthandPropertyAssignment(p)) {
      const fn = l.projectFunction(p.name);
      if (fn) out.push(fn);
    }
  }
  return out;
}
