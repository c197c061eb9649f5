// `new Map(entries)`: what a Map built from its entries holds as keys and as values, so that
// `byId.get(id)` gives the e-mails of `new Map(users.map((u) => [u.id, u.email]))` and
// `byId.keys()` only the ids.

import ts = require('typescript');
import { CLEAN, type Taint, mapOf, union, whole } from './taint';
import type { FunctionAnalyzer } from './interpreter';

const MAPS = new Set(['Map', 'WeakMap']);

/** The Map a `new Map(…)` builds, when its entries are written where the keys and values can be told apart. */
export function constructedMap(a: FunctionAnalyzer, call: ts.NewExpression): Taint | undefined {
  if (!ts.isIdentifier(call.expression) || !MAPS.has(call.expression.text) || call.arguments?.length !== 1) return undefined;
  const parts = entryParts(a, call.arguments[0]);
  return parts && mapOf(parts[0], parts[1]);
}

/** Keys and values of a list of entries: `[[id, email], …]`, `rows.map((r) => [r.id, r.email])`, `Object.entries(x)`. */
function entryParts(a: FunctionAnalyzer, e: ts.Expression): [Taint, Taint] | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isArrayLiteralExpression(e)) {
    if (!e.elements.every((el) => ts.isArrayLiteralExpression(el) && el.elements.length === 2)) return undefined;
    let keys: Taint = CLEAN;
    let values: Taint = CLEAN;
    for (const el of e.elements as ts.NodeArray<ts.ArrayLiteralExpression>) {
      keys = union(keys, a.eval(el.elements[0]));
      values = union(values, a.eval(el.elements[1]));
    }
    return [keys, values];
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const method = e.expression.name.text;
  // `Object.entries(record)`: its field names are the program's words; its values are the record's.
  if (method === 'entries' && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object' && e.arguments.length === 1) return [CLEAN, whole(a.eval(e.arguments[0]))];
  const mapper = e.arguments[0];
  if ((method !== 'map' && method !== 'flatMap') || !mapper || !(ts.isArrowFunction(mapper) || ts.isFunctionExpression(mapper))) return undefined;
  const tuple = returnedTuple(mapper);
  if (!tuple) return undefined;
  const [keys, values] = a.runCallbackParts(mapper, [a.eval(e.expression.expression)], tuple);
  return [keys, values];
}

/** `(u) => [u.id, u.email]`, or a body whose one return gives such a pair. */
function returnedTuple(fn: ts.ArrowFunction | ts.FunctionExpression): [ts.Expression, ts.Expression] | undefined {
  let out: ts.Expression | undefined;
  if (!ts.isBlock(fn.body)) out = fn.body;
  else {
    const returns = fn.body.statements.filter(ts.isReturnStatement);
    if (returns.length !== 1) return undefined;
    out = returns[0].expression;
  }
  while (out && (ts.isParenthesizedExpression(out) || ts.isAsExpression(out))) out = out.expression;
  return out && ts.isArrayLiteralExpression(out) && out.elements.length === 2 ? [out.elements[0], out.elements[1]] : undefined;
}
