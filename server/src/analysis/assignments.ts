// Assignments to existing names, properties and patterns: a local is overwritten (flow-sensitive),
// a `this.field` store is remembered for the class, an object's field is updated in place.

import ts = require('typescript');
import { CLEAN, type Taint, concrete, union, whole, withStep } from './taint';
import { declKey, locationOf, textOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { declarationOf } from './origin-syntax';

export function assignTo(a: FunctionAnalyzer, target: ts.Node, t: Taint): void {
  if (ts.isParenthesizedExpression(target)) return assignTo(a, target.expression, t);
  if (ts.isIdentifier(target)) {
    const decl = a.ctx.origins.declarationOf(target);
    if (decl) a.env.set(declKey(decl), withStep(t, { location: locationOf(target), message: `assigned to '${target.text}'` }));
    return;
  }
  if (ts.isPropertyAccessExpression(target)) {
    const symbol = a.ctx.checker().getSymbolAtLocation(target.name);
    const decl = declarationOf(symbol);
    if (target.expression.kind === ts.SyntaxKind.ThisKeyword && decl) {
      keepInField(a, decl, withStep(t, { location: locationOf(target), message: `stored in '${textOf(target)}'` }));
      return;
    }
    if (ts.isIdentifier(target.expression)) setField(a, target.expression, target.name.text, t);
    return;
  }
  // `attrs['userEmail'] = lead.email`: a field written by its literal name, as `attrs.userEmail = …`.
  if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression) && ts.isIdentifier(target.expression)) {
    setField(a, target.expression, target.argumentExpression.text, t);
    return;
  }
  if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
    for (const el of ts.isObjectLiteralExpression(target) ? target.properties : target.elements) {
      if (ts.isShorthandPropertyAssignment(el)) assignTo(a, el.name, t.fields?.get(el.name.text) ?? { labels: t.labels });
      else if (ts.isPropertyAssignment(el)) assignTo(a, el.initializer, whole(t));
      else if (ts.isExpression(el)) assignTo(a, el, whole(t));
    }
  }
}

/** `record.email = t`: the local's value gets that field, its other fields kept. */
function setField(a: FunctionAnalyzer, holder: ts.Identifier, field: string, t: Taint): void {
  const base = a.ctx.origins.declarationOf(holder);
  if (!base) return;
  const key = declKey(base);
  const current = a.lookup(key) ?? CLEAN;
  const fields = new Map(current.fields ?? []);
  fields.set(field, t);
  a.env.set(key, { labels: current.labels, fields });
}

/** What a class field (`this.contact = …`, `this.byId.set(…)`) is given, kept for every method of the class. */
export function keepInField(a: FunctionAnalyzer, field: ts.Declaration, t: Taint): void {
  const c = concrete(t);
  if (c.labels.length || c.fields) a.ctx.fields.set(declKey(field), union(a.ctx.fields.get(declKey(field)) ?? CLEAN, c));
}
