// What a class's own `toJSON()` writes out of an instance, read from its body: the fields of the
// object it returns that it reads from the instance (`return { id: this.id, contact: this.#email }`),
// or the instance less the fields it takes out (`const { password, ...rest } = this; return rest`).

import ts = require('typescript');
import { skipOuterExpressions } from './origin-syntax';

export type SerialisedShape = { kind: 'fields'; read: ReadonlyMap<string, string> } | { kind: 'without'; taken: readonly string[] };

export function serialisedShape(method: ts.MethodDeclaration | ts.PropertyDeclaration): SerialisedShape | undefined {
  const body = ts.isMethodDeclaration(method) ? method.body : method.initializer && (ts.isArrowFunction(method.initializer) || ts.isFunctionExpression(method.initializer)) ? method.initializer.body : undefined;
  if (!body) return undefined;
  const returned = ts.isBlock(body) ? body.statements.filter(ts.isReturnStatement).map((r) => r.expression) : [body];
  if (returned.length !== 1 || !returned[0]) return undefined;
  const value = skipOuterExpressions(returned[0]);
  if (ts.isObjectLiteralExpression(value)) {
    const read = new Map<string, string>();
    for (const p of value.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const v = skipOuterExpressions(p.initializer);
      if (ts.isPropertyAccessExpression(v) && v.expression.kind === ts.SyntaxKind.ThisKeyword) read.set(p.name.text, v.name.text);
    }
    return { kind: 'fields', read };
  }
  // `const { password, ...rest } = this; return rest;`
  if (ts.isIdentifier(value) && ts.isBlock(body)) {
    for (const s of body.statements) {
      if (!ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) {
        if (!ts.isObjectBindingPattern(d.name) || !d.initializer || d.initializer.kind !== ts.SyntaxKind.ThisKeyword) continue;
        const rest = d.name.elements.find((el) => el.dotDotDotToken && ts.isIdentifier(el.name) && el.name.text === value.text);
        if (!rest) continue;
        const taken = d.name.elements.filter((el) => el !== rest).map((el) => el.propertyName ?? el.name);
        if (taken.every((k) => ts.isIdentifier(k) || ts.isStringLiteral(k))) return { kind: 'without', taken: taken.map((k) => (k as ts.Identifier).text) };
      }
    }
  }
  return undefined;
}
