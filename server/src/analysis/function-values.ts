// Functions as values: a function called where it is written, what a project factory's closure does
// with the functions it was given, a project function passed by name, and calls of a parameter that
// holds a function (a list of them written out, the pickers the project's calls give it).

import ts = require('typescript');
import { CLEAN, THROWN, type Taint, isClean, placeholder, unionAll, whole } from './taint';
import { textOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { FunctionAnalyzer as Analyzer } from './interpreter';
import type { SinkMatch } from './sinks';
import { isDerived } from './expressions';
import { argumentParameters } from './declaration-kinds';
import { localDeclaration } from './origin-syntax';
import { containerEntries } from './dispatch-tables';
import { functionName } from './passed-arguments';
import { returnedFunction } from './project-functions';
import { callbackArguments } from './callback-site';
import { ELEMENT_CALLBACKS, applySummary, callHandler, runCallback, runCallbackCatching, send, settle } from './calls';

/**
 * `format(customer.firstName)` where `format` is a parameter holding a function: what the functions it
 * is known to hold make of the arguments, else what it is given, unless its result is a count or a flag.
 */
export function functionParameterCall(a: FunctionAnalyzer, call: ts.CallExpression | ts.NewExpression, callee: ts.Identifier, param: ts.ParameterDeclaration, args: readonly ts.Expression[], argTaints: readonly Taint[], fnArgs: readonly (ts.ArrowFunction | ts.FunctionExpression | undefined)[]): Taint {
  // `[trim, lower].reduce((v, f) => f(v), email)`: `f` is each of the list's functions in turn.
  // (In a pipeline, `(v, f) => f(v)` under `reduce`, each is given what the one before gave.)
  const held = elementFunctions(a, call, param, args[0]);
  const apply = (f: ts.SignatureDeclaration, given: readonly Taint[]): Taint => (f === a.root.fn || a.ctx.isTaggedSanitiser(f) ? CLEAN : ts.isArrowFunction(f) || ts.isFunctionExpression(f) ? runCallback(a, f, given) : applySummary(a, call, f, a.ctx.summary(f), given));
  if (held?.pipeline) return held.fns.reduce((v, f) => apply(f, [v, ...argTaints.slice(1)]), argTaints[0] ?? CLEAN);
  // (`[console.log, console.warn].forEach((write) => write('reach', phone))`: each is a sink called with them.)
  held?.sinks.forEach(([e, match]) => send(a, call, match, args, argTaints, fnArgs, callee, e));
  if (held) return unionAll(held.fns.map((f) => apply(f, argTaints)));
  // `pick(value)` in `auditPick(label, value, pick)`: what the functions the project's calls give it
  // make of the value (`(c) => c.phone`); else, what it is given, unless it gives a count or a flag.
  if (!isFunctionParameter(a, param, callee)) return CLEAN;
  const passed = passedFunctions(a, param);
  if (passed) return unionAll(passed.map((f) => apply(f, argTaints)));
  return isDerived(a, call) ? CLEAN : unionAll(argTaints.map(whole));
}

/**
 * `await task()` in `withRetry(task)`, where `task` is a function-valued parameter of the function being
 * summarised: what the caller's function throws is thrown here (a placeholder each call fills in).
 */
export function parameterCallThrows(a: FunctionAnalyzer, callee: ts.Identifier, param: ts.ParameterDeclaration): void {
  const fn = a.root.fn;
  if (ts.isSourceFile(fn) || param.parent !== fn || param.dotDotDotToken || !isFunctionParameter(a, param, callee)) return;
  a.throwValue(placeholder(argumentParameters(fn).indexOf(param), `what '${callee.text}' throws`, THROWN));
}

/** The functions a callback's element parameter holds when the list is written out: `[trim, lower].reduce((v, f) => f(v), x)`. */
function elementFunctions(a: FunctionAnalyzer, site: ts.CallExpression | ts.NewExpression, param: ts.ParameterDeclaration, given: ts.Expression | undefined): { fns: ts.SignatureDeclaration[]; sinks: Array<[ts.Expression, SinkMatch]>; pipeline: boolean } | undefined {
  const cb = param.parent;
  const call = cb.parent;
  if (!(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) || !ts.isCallExpression(call) || call.arguments[0] !== cb || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const index = method === 'reduce' || method === 'reduceRight' ? 1 : ELEMENT_CALLBACKS.has(method) ? 0 : -1;
  if (index < 0 || cb.parameters[index] !== param) return undefined;
  let list: ts.Expression = call.expression.expression;
  while (ts.isParenthesizedExpression(list)) list = list.expression;
  // (`const outputs = [console.log, console.warn]; outputs.forEach(…)`: the list a const holds, and
  // what is pushed to it.)
  const holder = ts.isIdentifier(list) ? (localDeclaration(list) ?? a.ctx.origins.declarationOf(list)) : undefined;
  const entries = holder && ts.isVariableDeclaration(holder) ? containerEntries(a.ctx.origins, holder) : undefined;
  const elements = entries ? entries.filter((x) => x.key === undefined).map((x) => x.value) : ts.isArrayLiteralExpression(list) ? list.elements : [];
  if (!elements.length) return undefined;
  const out: ts.SignatureDeclaration[] = [];
  const sinks: Array<[ts.Expression, SinkMatch]> = [];
  for (const e of elements) {
    const named = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e);
    const f = ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : named ? a.ctx.origins.projectFunction(e) : undefined;
    const sink = !f && named ? a.ctx.sinks.sink(site, e) : undefined;
    if (sink) sinks.push([e, sink]);
    else if (f && (f as ts.FunctionLikeDeclaration).body) out.push(f);
    else return undefined;
  }
  const accumulator = index === 1 && given && ts.isIdentifier(given) && ts.isIdentifier(cb.parameters[0].name) && given.text === cb.parameters[0].name.text;
  return { fns: method === 'reduceRight' ? out.reverse() : out, sinks, pipeline: !!accumulator && !sinks.length };
}

/**
 * `const describeCustomer = partial(describeValue, 'customer'); describeCustomer(surname)`,
 * `once((name) => console.log(name))`, `logWith(console.log)(ip)`: the closure a project factory
 * returned, made from a function it was given. It is run here with what the factory was given (the
 * functions among it known by its parameters), not through its summary, where they are unknown.
 */
export function madeClosure(a: FunctionAnalyzer, callee: ts.Expression, fn: ts.SignatureDeclaration): { factory: ts.SignatureDeclaration; call: ts.CallExpression } | undefined {
  // (A factory returns a function written as an expression; most calls are of declared ones: no lookup.)
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let made: ts.Expression | undefined;
  if (ts.isCallExpression(callee)) made = callee;
  else if (ts.isIdentifier(callee)) {
    const decl = localDeclaration(callee) ?? a.ctx.origins.declarationOf(callee);
    if (decl && ts.isVariableDeclaration(decl) && decl.parent.flags & ts.NodeFlags.Const) made = decl.initializer;
  }
  if (!made || !ts.isCallExpression(made) || !made.arguments.some((x) => isFunctionValue(a, x))) return undefined;
  const factory = a.ctx.origins.projectFunction(made.expression);
  return factory && factory !== a.root.fn && a.depth < 100 && returnedFunction(factory) === fn ? { factory, call: made } : undefined;
}

function isFunctionValue(a: FunctionAnalyzer, e: ts.Expression): boolean {
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return true;
  return (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) && a.ctx.checker().getTypeAtLocation(e).getCallSignatures().length > 0;
}

export function runMadeClosure(a: FunctionAnalyzer, made: { factory: ts.SignatureDeclaration; call: ts.CallExpression }, fn: ts.SignatureDeclaration, argTaints: readonly Taint[]): Taint {
  const factory = new Analyzer(a.ctx, made.factory, a);
  factory.depth = a.depth + 1;
  factory.functionValues = new Map();
  argumentParameters(made.factory).forEach((p, i) => {
    const arg = made.call.arguments[i];
    if (!arg || p.dotDotDotToken || !ts.isIdentifier(p.name)) return;
    if (isFunctionValue(a, arg)) factory.functionValues!.set(p, arg);
    else factory.bind(p.name, a.eval(arg));
  });
  const { result, thrown } = runCallbackCatching(factory, fn, argTaints);
  a.throwValue(thrown);
  return result;
}

/** A call of a function a factory was given (`fn(a, ...rest)` in `partial`): that function, inline or through its summary, or the sink it is. */
export function callHeld(a: FunctionAnalyzer, call: ts.CallExpression | ts.NewExpression, held: ts.Expression, args: readonly ts.Expression[]): Taint | undefined {
  const f = ts.isArrowFunction(held) || ts.isFunctionExpression(held) ? held : a.ctx.origins.projectFunction(held);
  if (f && (f as ts.FunctionLikeDeclaration).body && f !== a.root.fn) {
    const argTaints = args.map((x) => a.eval(x));
    if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) {
      const run = runCallbackCatching(a, f, argTaints);
      a.throwValue(run.thrown);
      return run.result;
    }
    return applySummary(a, call, f, a.ctx.summary(f), argTaints);
  }
  const sink = f ? undefined : a.ctx.sinks.sink(call, held);
  if (!sink) return undefined;
  send(a, call, sink, args, args.map((x) => a.eval(x)), args.map(() => undefined), call.expression, held);
  return CLEAN;
}

/**
 * `withEmail(customer, printLine)`: a project function passed by name to another gets what that one
 * calls it with (as an inline callback would), through its summary.
 */
export function namedCallbacks(a: FunctionAnalyzer, call: ts.CallExpression | ts.NewExpression, fn: ts.SignatureDeclaration, args: readonly ts.Expression[], argTaints: readonly Taint[], fnArgs: readonly (ts.SignatureDeclaration | undefined)[]): void {
  args.forEach((x, i) => {
    if (fnArgs[i] || !(ts.isIdentifier(x) || ts.isPropertyAccessExpression(x))) return;
    const named = a.ctx.origins.projectFunction(x);
    if (!named || named === a.fn || named === fn || !(named as ts.FunctionLikeDeclaration).body) return;
    const given = callbackArguments(a, fn, i, argTaints, args);
    if (given.some((t) => !isClean(t))) callHandler(a, call, named, given, [], `'${textOf(x)}'`);
  });
}

/**
 * The functions the project's calls of a parameter's function give that parameter, inline or as its
 * default, when every call gives one, there are a few, and each only picks from what it is given
 * (`(c) => c.phone`: no calls in it). What they make of the value is then known here; their own
 * sinks are not run from here, where every caller's value would reach each of them.
 */
function passedFunctions(a: FunctionAnalyzer, param: ts.ParameterDeclaration): ts.SignatureDeclaration[] | undefined {
  const fn = param.parent;
  const name = functionName(fn);
  const index = argumentParameters(fn).indexOf(param);
  if (!name || index < 0 || param.dotDotDotToken) return undefined;
  const out: ts.SignatureDeclaration[] = [];
  const functionIn = (e: ts.Expression | undefined): ts.SignatureDeclaration | undefined => {
    while (e && ts.isParenthesizedExpression(e)) e = e.expression;
    return e && ts.isArrowFunction(e) && !ts.isBlock(e.body) && !makesCalls(e.body) ? e : undefined;
  };
  for (const call of a.ctx.origins.callsNamed(name)) {
    if (!ts.isCallExpression(call) || a.ctx.origins.projectFunction(call.expression) !== fn) continue;
    if (out.length >= 8) return undefined;
    const f = functionIn(call.arguments[index] ?? param.initializer);
    if (!f) return undefined;
    out.push(f);
  }
  return out.length ? out : undefined;
}

function makesCalls(n: ts.Node): boolean {
  return ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isTaggedTemplateExpression(n) || !!ts.forEachChild(n, makesCalls);
}

/** A parameter (or a function's own default for one) that holds a function: `format: (v: string) => string`. */
function isFunctionParameter(a: FunctionAnalyzer, decl: ts.ParameterDeclaration, callee: ts.Identifier): boolean {
  if (decl.type) return ts.isFunctionTypeNode(decl.type);
  return a.ctx.checker().getTypeAtLocation(callee).getCallSignatures().length > 0;
}

/** The function a call calls where it is written: `(() => …)()`, `(function named(v) { … })(x)`. */
export function immediatelyInvoked(callee: ts.Expression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (!ts.isParenthesizedExpression(callee)) return undefined;
  let e: ts.Expression = callee;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : undefined;
}

/**
 * `const report = () => logger.info({ who }); who = user.email; report()`: a closure of a function
 * being analysed here, called by name, runs here with what its variables hold at the call (not when it
 * was made), and with what this call gives it (a caller's placeholders included).
 */
export function isLiveClosure(a: FunctionAnalyzer, fn: ts.SignatureDeclaration): boolean {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) || !fn.body || a.depth > 150) return false;
  const home = homeOf(fn);
  if (!home) return false;
  let live = false;
  for (let x: FunctionAnalyzer | undefined = a; x; x = x.parent) {
    if (x.fn === fn) return false;
    if (x.fn === home) live = true;
  }
  return live;
}

export function runLiveClosure(a: FunctionAnalyzer, call: ts.CallExpression, fn: ts.SignatureDeclaration, args: readonly ts.Expression[], argTaints: readonly Taint[]): Taint {
  const inner = new Analyzer(a.ctx, fn, a);
  inner.depth = a.depth + 1;
  // (A function it is given, `run(() => …)`, is what it calls by that parameter's name.)
  argumentParameters(fn).forEach((p, i) => {
    const arg = args[i];
    if (arg && !p.dotDotDotToken && (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) (inner.functionValues ??= new Map()).set(p, arg);
  });
  const result = inner.runCallback(argTaints);
  settle(a, call, fn, inner.thrown());
  return result;
}

/**
 * A closure its function only ever calls by name (`const report = () => …; report()`) is analysed at
 * those calls, not on its own, where the variables it reads would hold only their first values.
 */
export function isOnlyCalledInPlace(fn: ts.SignatureDeclaration): boolean {
  const decl = closureDeclaration(fn);
  const home = homeOf(fn);
  return !!decl && !!home && (calledInPlace(home).get(decl) ?? false);
}

/** `function report() {}` or `const report = () => …`: the declaration naming a closure. */
function closureDeclaration(fn: ts.Node): (ts.Declaration & { name: ts.Identifier }) | undefined {
  const decl = ts.isFunctionDeclaration(fn) ? fn : (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn && fn.parent.parent.flags & ts.NodeFlags.Const ? fn.parent : undefined;
  return decl?.name && ts.isIdentifier(decl.name) ? (decl as ts.Declaration & { name: ts.Identifier }) : undefined;
}

const inPlace = new WeakMap<ts.Node, Map<ts.Declaration, boolean>>();

/**
 * The named closures a function declares, each with whether its body only ever calls it by name: one
 * walk for all of them (a component declaring dozens of handlers is read once per edit, not once each).
 */
function calledInPlace(home: ts.SignatureDeclaration): Map<ts.Declaration, boolean> {
  const body = (home as ts.FunctionLikeDeclaration).body;
  const known = body && inPlace.get(body);
  if (!body || known) return known ?? new Map();
  const byName = new Map<string, ts.Declaration>();
  const declare = (n: ts.Node): void => {
    const decl = ts.isFunctionLike(n) && homeOf(n) === home ? closureDeclaration(n) : undefined;
    if (decl) byName.set(decl.name.text, decl);
    ts.forEachChild(n, declare);
  };
  declare(body);
  const calls = new Map<ts.Declaration, number>();
  const other = new Set<ts.Declaration>();
  const visit = (n: ts.Node): void => {
    const candidate = ts.isIdentifier(n) ? byName.get(n.text) : undefined;
    if (candidate && n !== (candidate as ts.NamedDeclaration).name && localDeclaration(n as ts.Identifier) === candidate) {
      if (ts.isCallExpression(n.parent) && n.parent.expression === n) calls.set(candidate, (calls.get(candidate) ?? 0) + 1);
      else other.add(candidate);
      return;
    }
    ts.forEachChild(n, visit);
  };
  if (byName.size) visit(body);
  const out = new Map([...byName.values()].map((d) => [d, (calls.get(d) ?? 0) > 0 && !other.has(d)] as const));
  inPlace.set(body, out);
  return out;
}

/** The function a nested function is written in (none for one at a module's top level). */
function homeOf(fn: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = fn.parent; n && !ts.isSourceFile(n); n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}
