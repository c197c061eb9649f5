// Forms of a call that say how values move, read from its syntax: a promise chain's links,
// collections that keep entries by name, a project function invoked through call/apply, timers, and
// the resolve/reject of a `new Promise` executor.

import ts = require('typescript');
import { argumentParameters } from './declaration-kinds';
import type { FunctionAnalyzer } from './interpreter';
import { localDeclaration, returnedExpressions } from './origin-syntax';
import { CLEAN, type Taint, union, unionAll } from './taint';
import { typeData } from './type-data';

/** The call whose promise a `.then`, `.catch` or `.finally` is chained on. */
export function isPromiseReceiver(call: ts.Node): boolean {
  let at = call;
  while (ts.isParenthesizedExpression(at.parent)) at = at.parent;
  const access = at.parent;
  return ts.isPropertyAccessExpression(access) && access.expression === at && /^(?:then|catch|finally)$/.test(access.name.text) && ts.isCallExpression(access.parent) && access.parent.expression === access;
}

/** The promise an expression is, past parentheses and `await` (`return await (load().catch(…))`). */
export function promised(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  return e;
}

/** A URL's query (`url.searchParams`), `new URLSearchParams()`, `new Headers()`, `new FormData()`: entries by name. */
export function holdsNamedEntries(a: FunctionAnalyzer, holder: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(holder) && holder.name.text === 'searchParams') return true;
  const name = a.ctx.checker().getTypeAtLocation(holder).getSymbol()?.name;
  if (name === 'URLSearchParams' || name === 'Headers' || name === 'FormData') return true;
  const decl = ts.isIdentifier(holder) ? a.ctx.origins.declarationOf(holder) : undefined;
  const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  return !!init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^(?:URLSearchParams|Headers|FormData)$/.test(init.expression.text);
}

/** `fn.call(thisArg, …args)` or `fn.apply(thisArg, [ …args ])` of a project function. */
export function invokedIndirectly(a: FunctionAnalyzer, call: ts.CallExpression): { fn: ts.SignatureDeclaration; callee: ts.Expression; args: readonly ts.Expression[] } | undefined {
  const callee = call.expression;
  // `const viaSms = sendNote.bind(null, 'sms'); viaSms(lead.phone)`: the function, given the bound arguments first.
  const bound = ts.isIdentifier(callee) ? localDeclaration(callee) : undefined;
  const init = bound && ts.isVariableDeclaration(bound) && bound.parent.flags & ts.NodeFlags.Const ? bound.initializer : undefined;
  if (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'bind') {
    const target = a.ctx.origins.projectFunction(init.expression.expression);
    // (A `this` it binds to an object of its own is not followed, `fullNameOf.bind({ firstName: 'Billing' })`,
    // unless the function declares what `this` is: `function logPair(this: { tag: string }, key, value)`.)
    const thisArg = init.arguments[0];
    const plain = !thisArg || thisArg.kind === ts.SyntaxKind.NullKeyword || thisArg.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(thisArg) && thisArg.text === 'undefined');
    if (!plain && !(target && argumentParameters(target) !== target.parameters)) return undefined;
    if (!target || target === a.fn || !(target as ts.FunctionLikeDeclaration).body || init.arguments.some(ts.isSpreadElement)) return undefined;
    return { fn: target, callee: init.expression.expression, args: [...init.arguments.slice(1), ...call.arguments] };
  }
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'call' && callee.name.text !== 'apply')) return undefined;
  const fn = a.ctx.origins.projectFunction(callee.expression);
  if (!fn || fn === a.fn || !(fn as ts.FunctionLikeDeclaration).body) return undefined;
  if (callee.name.text === 'call') return { fn, callee: callee.expression, args: call.arguments.slice(1) };
  const list = call.arguments[1];
  return list && ts.isArrayLiteralExpression(list) && !list.elements.some(ts.isSpreadElement) ? { fn, callee: callee.expression, args: list.elements } : undefined;
}

export const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/**
 * `setTimeout`, also imported from `node:timers/promises` under another name (`setTimeout as sleep`),
 * and `process.nextTick` (whose callback, like `setImmediate`'s, gets the arguments after it).
 */
export function timerName(a: FunctionAnalyzer, callee: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 'nextTick' && ts.isIdentifier(callee.expression) && callee.expression.text === 'process' ? 'nextTick' : undefined;
  if (!ts.isIdentifier(callee)) return undefined;
  if (TIMERS.has(callee.text)) return callee.text;
  const o = a.ctx.origins.of(callee);
  const imported = o && /^(?:node:)?timers(?:\/promises)?$/.test(o.root.module ?? '') && o.path.length === 1 ? o.path[0] : undefined;
  return imported && TIMERS.has(imported) ? imported : undefined;
}

/** `resolve` (0) or `reject` (1) of `new Promise((resolve, reject) => …)`, and that promise. */
export function promiseExecutorParameter(a: FunctionAnalyzer, callee: ts.Identifier): { index: number; promise: ts.NewExpression } | undefined {
  const decl = localDeclaration(callee);
  if (!decl || !ts.isParameter(decl)) return undefined;
  const executor = decl.parent;
  const promise = executor.parent;
  if (!(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) || !ts.isNewExpression(promise) || promise.arguments?.[0] !== executor) return undefined;
  if (!ts.isIdentifier(promise.expression) || promise.expression.text !== 'Promise') return undefined;
  const index = executor.parameters.indexOf(decl);
  return index === 0 || index === 1 ? { index, promise } : undefined;
}

/**
 * What the types of a callback's returned values hold (`return rows` of `ClaimSummary[]`): a library
 * that hands the callback's value back (`await tracer.trace(…)`) is not installed to say its type.
 */
export function returnedTypeData(a: FunctionAnalyzer, fn: ts.SignatureDeclaration): Taint {
  return unionAll(returnedExpressions(fn).map((e) => typeData(a, e)));
}

/**
 * Whether a function's own body writes below one of its parameters (`record.email = …`, `delete
 * record.phone`): a cheap test before its summary is asked for where it would not be otherwise.
 */
export function writesBelowParameter(fn: ts.SignatureDeclaration): boolean {
  let known = writesBelow.get(fn);
  if (known === undefined) writesBelow.set(fn, (known = findsWriteBelowParameter(fn)));
  return known;
}

const writesBelow = new WeakMap<ts.SignatureDeclaration, boolean>();

function findsWriteBelowParameter(fn: ts.SignatureDeclaration): boolean {
  const names = new Set(fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')).filter(Boolean));
  const rooted = (e: ts.Expression): boolean => {
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    return ts.isIdentifier(e) && names.has(e.text);
  };
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (n !== fn && ts.isFunctionLike(n))) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && !ts.isIdentifier(n.left) && rooted(n.left)) found = true;
    else if (ts.isDeleteExpression(n) && rooted(n.expression)) found = true;
    else n.forEachChild(visit);
  };
  if (names.size) (fn as ts.FunctionLikeDeclaration).body?.forEachChild(visit);
  return found;
}
