// Where a function is handed to a call (`f(fn)`, `f({ key: fn })`): what the catalogue's
// `callbackParams` are keyed on, so that a callback's parameter can be given the SDK object it receives.

import ts = require('typescript');
import { argumentParameters } from './declaration-kinds';
import type { CallbackObjects, Origin } from './origins';
import type { FunctionAnalyzer } from './interpreter';
import { CLEAN, type Taint, asText, fieldLabels, union, unionAll, whole } from './taint';
import { functionName } from './passed-arguments';
import { declarationOf } from './origin-syntax';
import { textOf } from './locations';

/** Where a function is given to a call: argument N, or property KEY of an object-literal argument. */
export type CallbackSlot = { arg: number } | { option: string };

/**
 * The call a function is handed to, and how: `f(fn)`, `f({ key: fn })`, `f({ key(p) {…} })` and
 * `f({ key: [fn] })` (Bugsnag's `onError` takes one callback or a list).
 */
export function callbackSite(fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration): { call: ts.CallExpression | ts.NewExpression; slot: CallbackSlot } | undefined {
  let holder: ts.Node;
  let key: string | undefined;
  if (ts.isMethodDeclaration(fn)) {
    key = propertyName(fn.name);
    holder = fn.parent;
  } else {
    let node: ts.Node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
      return { call: parent, slot: { arg: parent.arguments.indexOf(node as ts.Expression) } };
    }
    if (ts.isArrayLiteralExpression(parent)) node = parent;
    const assignment = node.parent;
    if (!ts.isPropertyAssignment(assignment) || assignment.initializer !== node) return undefined;
    key = propertyName(assignment.name);
    holder = assignment.parent;
  }
  if (key === undefined || !ts.isObjectLiteralExpression(holder)) return undefined;
  const call = holder.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.includes(holder)) return undefined;
  return { call, slot: { option: key } };
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

/** The name a callee ends in: `withScope` of `Sentry.withScope` or of an imported `withScope`. */
export function lastName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** `Sentry.withScope((scope) => …)`: the parameter is the SDK object the catalogue names. */
export function catalogueCallbackParameter(param: ts.ParameterDeclaration, objects: CallbackObjects | undefined, resolve: (e: ts.Expression) => Origin | undefined): Origin | undefined {
  const fn = param.parent;
  if (!objects || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn))) return undefined;
  const site = callbackSite(fn);
  if (!site) return undefined;
  if (objects.names) {
    const name = lastName(site.call.expression);
    if (!name || !objects.names.has(name)) return undefined;
  }
  const callee = resolve(site.call.expression);
  const path = callee && objects.pathOf(callee, site.slot, argumentParameters(fn).indexOf(param), argumentParameters(fn).length);
  return path && { root: callee.root, path, calls: [site.call, ...callee.calls] };
}

/**
 * `app.register(routes)` where `async function routes(fastify) { … }` is declared elsewhere: a named
 * function handed to an SDK's call by reference gets the catalogue's object for its parameter, as an
 * inline callback would.
 */
export function passedCallbackParameter(
  param: ts.ParameterDeclaration,
  objects: CallbackObjects | undefined,
  deps: { passing: (name: string) => readonly (ts.CallExpression | ts.NewExpression)[]; projectFunction: (e: ts.Expression) => ts.SignatureDeclaration | undefined; resolve: (e: ts.Expression) => Origin | undefined },
): Origin | undefined {
  const fn = param.parent;
  const name = objects && functionName(fn);
  if (!name) return undefined;
  const position = argumentParameters(fn).indexOf(param);
  for (const call of deps.passing(name)) {
    if (objects!.names) {
      const callee = lastName(call.expression);
      if (!callee || !objects!.names.has(callee)) continue;
    }
    const slot = (call.arguments ?? []).findIndex((arg) => !ts.isSpreadElement(arg) && deps.projectFunction(arg) === fn);
    if (slot < 0) continue;
    const callee = deps.resolve(call.expression);
    const path = callee && objects!.pathOf(callee, { arg: slot }, position, argumentParameters(fn).length);
    if (path) return { root: callee.root, path, calls: [call, ...callee.calls] };
  }
  return undefined;
}

/**
 * `twilioExecute(context, (client) => client.lookups…)`: a callback's parameter is what the project
 * function it is passed to calls it with (`callback(context.getTwilioClient())`), when that is a client.
 */
export function projectCallbackParameter(
  param: ts.ParameterDeclaration,
  projectFunction: (callee: ts.Expression) => ts.SignatureDeclaration | undefined,
  resolve: (e: ts.Expression) => Origin | undefined,
): Origin | undefined {
  const fn = param.parent;
  const call = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(call)) return undefined;
  const slot = call.arguments.indexOf(fn as ts.Expression);
  const target = slot >= 0 ? projectFunction(call.expression) : undefined;
  const callback = (target && argumentParameters(target)[slot])?.name;
  const body = target && 'body' in target ? target.body : undefined;
  if (!body || !callback || !ts.isIdentifier(callback)) return undefined;
  const position = argumentParameters(fn).indexOf(param);
  let found: Origin | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === callback.text && n.arguments[position]) {
      const o = resolve(n.arguments[position]);
      if (o?.root.module || o?.root.global) found = o;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/**
 * `withEmail(account, (value) => log.info(value))` where `withEmail` calls `cb(account.email)`: what
 * the project function hands the callback it is given as parameter `index`, in terms of the caller's
 * arguments (its own parameters and their fields; anything else is unknown here, so clean).
 */
export function callbackArguments(a: FunctionAnalyzer, fn: ts.SignatureDeclaration, index: number, argTaints: readonly Taint[], passed?: readonly ts.Expression[]): Taint[] {
  const param = argumentParameters(fn)[index]?.name;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!param || !ts.isIdentifier(param) || !body) return [];
  const given: Taint[] = [];
  for (const args of callsOf(body, param.text)) args.forEach((arg, k) => (given[k] = union(given[k] ?? CLEAN, argumentValue(a, fn, argTaints, arg, passed))));
  return given;
}

/**
 * What `account.email` (or `account`) inside `fn` is, given the taints of `fn`'s arguments: the
 * argument's field, and what the callee's own types declare the field as. Anything not rooted at a
 * parameter is unknown here, so clean.
 */
export function argumentValue(a: FunctionAnalyzer, fn: ts.SignatureDeclaration, argTaints: readonly Taint[], expr: ts.Expression, passed?: readonly ts.Expression[]): Taint {
  let e = expr;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  // `done(\`Welcome aboard, ${user.fullName}!\`)`, `cb('Dear ' + user.name)`: text made of its parts.
  if (ts.isTemplateExpression(e)) return asText(unionAll(e.templateSpans.map((s) => argumentValue(a, fn, argTaints, s.expression, passed))));
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return asText(union(argumentValue(a, fn, argTaints, e.left, passed), argumentValue(a, fn, argTaints, e.right, passed)));
  // `cb(new Error(\`unparseable date of birth ${check.dateOfBirth}\`))`: an error carries its message.
  if (ts.isNewExpression(e) && /(?:Error|Exception)$/.test(textOf(e.expression))) return unionAll((e.arguments ?? []).map((x) => argumentValue(a, fn, argTaints, x, passed)));
  // A field the callee's own types declare as personal (`cb(account.email)`, `account: Account`).
  let declared: Taint = CLEAN;
  if (ts.isPropertyAccessExpression(e) && a.mayBePersonal(e.name.text)) {
    const symbol = a.ctx.checker().getSymbolAtLocation(e.name);
    const decl = declarationOf(symbol);
    const c = decl && a.ctx.isProjectFile(decl.getSourceFile().fileName) ? a.ctx.sources.ofDeclaration(decl) : undefined;
    if (c && c !== 'none') declared = a.sourceTaint(c, e);
  }
  const path: string[] = [];
  while (ts.isPropertyAccessExpression(e)) {
    path.unshift(e.name.text);
    e = e.expression;
  }
  const j = ts.isIdentifier(e) ? argumentParameters(fn).findIndex((p) => ts.isIdentifier(p.name) && p.name.text === e.text) : -1;
  let t = j >= 0 ? (argTaints[j] ?? CLEAN) : CLEAN;
  for (const field of path) t = t.fields?.get(field) ?? (t.labels.length ? { labels: fieldLabels(t.labels, field) } : CLEAN);
  // (`cb(user.email)` in an untyped `withContact(user, cb)`: the field as the caller's argument's type declares it.)
  if (j >= 0 && path.length && !declared.labels.length && passed?.[j] && a.mayBePersonal(path[path.length - 1])) declared = declaredField(a, passed[j], path, expr);
  return union(whole(t), declared);
}

function declaredField(a: FunctionAnalyzer, arg: ts.Expression, path: readonly string[], at: ts.Expression): Taint {
  const checker = a.ctx.checker();
  let type = checker.getTypeAtLocation(arg);
  let member: ts.Symbol | undefined;
  for (const field of path) {
    member = type.getNonNullableType().getProperty(field);
    if (!member) return CLEAN;
    type = checker.getTypeOfSymbolAtLocation(member, arg);
  }
  const decl = member?.declarations?.[0];
  const c = decl && a.ctx.isProjectFile(decl.getSourceFile().fileName) ? a.ctx.sources.ofDeclaration(decl) : undefined;
  return c && c !== 'none' ? a.sourceTaint(c, at) : CLEAN;
}

const callsByBody = new WeakMap<ts.Node, Map<string, ReadonlyArray<ts.NodeArray<ts.Expression>>>>();

/** The argument lists of the calls of `name` in a function body (found once per body and name). */
function callsOf(body: ts.Node, name: string): ReadonlyArray<ts.NodeArray<ts.Expression>> {
  let byName = callsByBody.get(body);
  if (!byName) callsByBody.set(body, (byName = new Map()));
  let found = byName.get(name);
  if (found) return found;
  const calls: Array<ts.NodeArray<ts.Expression>> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) calls.push(n.arguments);
    ts.forEachChild(n, visit);
  };
  visit(body);
  byName.set(name, (found = calls));
  return found;
}
