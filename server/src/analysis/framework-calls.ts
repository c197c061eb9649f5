// Frameworks and libraries that call the project's code back with what other code of it gave them:
// Koa's `await next()` and `ctx.app.emit('error', …)`, Hapi's routes and `onPreResponse`, tRPC's
// `onError`, Apollo's `formatError`, Nest's exception filters, Remix's `handleError`, RxJS subjects'
// subscribers, and the error factories of HTTP libraries (Boom, http-errors). Which handlers a call
// reaches is error-middleware.ts's and rx-subjects.ts's to find; here they are called.

import ts = require('typescript');
import type { FunctionAnalyzer } from './interpreter';
import type { JobHandler } from './job-queues';
import type { Subscription } from './rx-subjects';
import type { GraphqlHandlers } from './apollo-servers';
import { narrowed } from './error-narrowing';
import { CLEAN, type Taint, asText, concrete, isClean, union, unionAll, whole } from './taint';
import { callHandler, handOn, runCallback, runCallbackThrows } from './calls';
import { byLiteralField } from './sink-arguments';
import { returnedExpressions } from './origin-syntax';
import { RESPONSE_HELPERS, routeDataHook, routerCall } from './route-modules';

/**
 * A call a framework or library answers by calling the project back: `{ result }` when that is all the
 * call does, undefined when the call is analysed on as any other (its handing on done).
 */
export function frameworkCall(
  a: FunctionAnalyzer,
  call: ts.CallExpression | ts.NewExpression,
  fn: ts.SignatureDeclaration | undefined,
  args: readonly ts.Expression[],
  argTaints: readonly Taint[],
  fnArgs: readonly (ts.ArrowFunction | ts.FunctionExpression | undefined)[],
): { result: Taint } | undefined {
  if (fn || !ts.isCallExpression(call)) return undefined;
  const ctx = a.ctx;
  const callee = call.expression;
  // `ctx.app.emit('error', err, ctx)` in a Koa middleware: the app's `on('error')` listeners get the error.
  const koaListeners = ctx.errorMiddleware.koaEmitted(call);
  if (koaListeners.length) {
    handOn(a, call, koaListeners, argTaints[1] ?? CLEAN, "the app's error listener");
    return { result: CLEAN };
  }
  // `await next()` in a Koa middleware: what the app's route handlers throw comes out of it.
  if (ts.isIdentifier(callee) && args.length === 0 && /^_?next$/.test(callee.text)) {
    const routes = ctx.errorMiddleware.downstream(callee);
    const thrown = unionAll(routes.map((r) => runCallbackThrows(a, r)));
    if (!isClean(thrown)) a.throwValue(thrown);
    if (routes.length) return { result: CLEAN };
  }
  // `signups$.next(user)`: the subject's subscribers get it, through their `pipe(map(…))` operators.
  const subscribers = ctx.subjects.subscribers(call);
  if (subscribers.length) {
    for (const s of subscribers) callSubscriber(a, s, argTaints[0] ?? CLEAN);
    return { result: CLEAN };
  }
  // `from(profiles).subscribe((p) => …)`: the subscriber gets the list's elements.
  const sourced = ctx.subjects.fromSource(call);
  if (sourced) {
    callSubscriber(a, sourced.subscription, unionAll(sourced.values.map((v) => a.eval(v))));
    return { result: CLEAN };
  }
  // `useLoaderData<typeof loader>()` (Remix, React Router): what the route module's loader returned;
  // `json(data)`, `data(value)`, `defer(data)` in a loader: the data, wrapped in a response.
  const routing = routerCall(a, call);
  if (routing) {
    if (RESPONSE_HELPERS.has(routing)) return { result: args[0] ? routeData(a, args[0], argTaints[0] ?? CLEAN) : CLEAN };
    const loader = routeDataHook(a, call, routing);
    // (In the browser the hook's type is unknown where the framework is not installed: what the
    // loader's types say of what it returns is said here too.)
    if (loader) return { result: union(concrete(ctx.summary(loader).returns), unionAll(returnedExpressions(loader).map((e) => routeData(a, e, CLEAN)))) };
  }
  // `unwrapResolverError(error)` (Apollo): the error a resolver threw, inside the one Apollo made of it.
  if (ts.isIdentifier(callee) && callee.text === 'unwrapResolverError' && args.length === 1) {
    const wrapped = argTaints[0] ?? CLEAN;
    return { result: wrapped.fields?.get('originalError') ?? wrapped };
  }
  // `throw Boom.badRequest(\`unknown number ${phone}\`)`, `createError(404, msg)`: an error library's factory makes an error with that message.
  if (ERROR_FACTORIES.has(ctx.origins.of(ts.isPropertyAccessExpression(callee) ? callee.expression : callee)?.root.module ?? '')) {
    return { result: unionAll(argTaints.map(whole)) };
  }
  // Hapi's `server.route({ handler })`: what the handler throws is `request.response` in the `onPreResponse` extensions.
  for (const route of ctx.errorMiddleware.hapiRoutes(call)) {
    const thrown = runCallbackThrows(a, route);
    if (!isClean(thrown)) handOn(a, call, ctx.errorMiddleware.preResponse(), { labels: [], fields: new Map([['response', asBoom(thrown)]]) }, 'the onPreResponse extension');
  }
  // A tRPC procedure: what it throws is `error` of the adapters' `onError({ error, path })` callbacks.
  const onError = ctx.errorMiddleware.forProcedure(call);
  for (const f of onError.length ? fnArgs : []) {
    const thrown = f ? runCallbackThrows(a, f) : CLEAN;
    if (!isClean(thrown)) handOn(a, call, onError, { labels: [], fields: new Map([['error', asErrorObject(thrown)]]) }, "tRPC's onError");
  }
  return undefined;
}

/** An error as a framework hands it on: its message (and its own fields), not a value whose every field is personal. */
function asErrorObject(thrown: Taint): Taint {
  if (thrown.fields?.has('message')) return thrown;
  return { labels: [], fields: new Map([...(thrown.fields ?? []), ['message', asText({ labels: thrown.labels })]]) };
}

/**
 * What a loader returns to its component, field by field as its types say (`{ lead }` of a `Lead`: its
 * `customer`, whose `phone` is a phone number): the component sees it untyped when the framework is
 * not installed, and reads the fields it needs.
 */
function routeData(a: FunctionAnalyzer, e: ts.Expression, t: Taint, depth = 0): Taint {
  const literal = depth < 4 ? byLiteralField(e, t, (v, f) => routeData(a, v, f, depth + 1)) : undefined;
  if (literal) return literal;
  const type = a.ctx.checker().getTypeAtLocation(e);
  return type.flags & ts.TypeFlags.Any ? t : union(t, typedFields(a, type, e, 0));
}

/** A typed value's personal data by field, two levels deep (`lead.customer.phone`). */
function typedFields(a: FunctionAnalyzer, type: ts.Type, at: ts.Expression, depth: number): Taint {
  const checker = a.ctx.checker();
  type = checker.getNonNullableType(type);
  const element = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
  if (element) return typedFields(a, element, at, depth);
  if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return CLEAN;
  const fields = new Map<string, Taint>();
  for (const prop of type.getProperties().slice(0, 200)) {
    const decl = prop.valueDeclaration;
    if (!decl) continue;
    const own = a.ctx.sources.ofDeclaration(decl);
    let t: Taint = own === 'none' || !own.length ? CLEAN : a.sourceTaint(own, at);
    if (own !== 'none' && depth < 1) t = union(t, typedFields(a, checker.getTypeOfSymbolAtLocation(prop, at), at, depth + 1));
    if (!isClean(t)) fields.set(prop.name, t);
  }
  return fields.size ? { labels: [], fields } : CLEAN;
}

/** Libraries whose calls make HTTP errors from a message. */
const ERROR_FACTORIES = new Set(['@hapi/boom', 'boom', 'http-errors']);

/** An error as Hapi answers with it: Boom's `output` holds a status code and, in its payload, the message. */
function asBoom(thrown: Taint): Taint {
  const message = thrown.fields?.get('message') ?? asText(thrown);
  const output: Taint = { labels: [], fields: new Map([['payload', { labels: [], fields: new Map([['message', message]]) }]]) };
  return { labels: thrown.labels, fields: new Map([...(thrown.fields ?? []), ['output', output]]) };
}

/** What a Nest controller's route method throws: each exception filter that catches its class gets it. */
export function handToExceptionFilters(a: FunctionAnalyzer, route: ts.MethodDeclaration, thrown: Taint): void {
  for (const f of a.ctx.errorMiddleware.nestFilters()) {
    const caught = f.catches.length ? narrowed(thrown, f.catches, true) : thrown;
    if (!isClean(caught)) handOn(a, route.name, [f], caught, 'the exception filter');
  }
  const catchers = a.ctx.errorMiddleware.nestInterceptorCatchers();
  if (catchers.length) handOn(a, route.name, catchers, thrown, 'the interceptor');
}

/**
 * Awaited, or returned by an async function (`return tracer.startActiveSpan('dial', async (span) => …)`),
 * whose caller's `await` then gets what the call resolves or rejects with.
 */
export function isAwaitedOrReturned(call: ts.Node): boolean {
  let at = call.parent;
  while (ts.isParenthesizedExpression(at) || ts.isAsExpression(at)) at = at.parent;
  if (ts.isAwaitExpression(at)) return true;
  // (An arrow's expression body is what it returns.)
  const fn = ts.isReturnStatement(at) ? ts.findAncestor(at, ts.isFunctionLike) : ts.isArrowFunction(at) ? at : undefined;
  return !!fn && (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

/** An RxJS subscriber called with a value, after the operators it subscribed through (`map` remakes it; `filter`, `tap`, `take` … pass it on). */
function callSubscriber(a: FunctionAnalyzer, s: Subscription, value: Taint): void {
  for (const op of s.operators) {
    if (!ts.isCallExpression(op) || !ts.isIdentifier(op.expression) || !/^(?:map|switchMap|mergeMap|concatMap|exhaustMap)$/.test(op.expression.text)) continue;
    const f = op.arguments[0];
    const mapper = f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f) ? f : a.ctx.origins.projectFunction(f));
    if (mapper) value = runCallback(a, mapper, [value]);
  }
  callHandler(a, s.at, s.fn, [value], [], 'the subscriber');
}

/**
 * Apollo given what a resolver threw: `formatError(formatted, error)` hooks get its message in `formatted` and the
 * error whole, a plugin's `didEncounterErrors(requestContext)` the error among `requestContext.errors`;
 * Mercurius's `errorFormatter(execution)` among `execution.errors`.
 */
export function handToFormatters(a: FunctionAnalyzer, fn: ts.SignatureDeclaration, apollo: GraphqlHandlers, thrown: Taint): void {
  if (isClean(thrown)) return;
  const error = asErrorObject(thrown);
  const formatted: Taint = { labels: [], fields: new Map([['message', error.fields?.get('message') ?? CLEAN]]) };
  const graphqlError: Taint = { labels: [], fields: new Map([...(error.fields ?? []), ['originalError', error]]) };
  for (const h of apollo.formatters) callHandler(a, fn.name ?? fn, h.fn, [formatted, graphqlError], [], 'formatError');
  const requestContext: Taint = { labels: [], fields: new Map([['errors', graphqlError]]) };
  for (const h of apollo.listeners) callHandler(a, fn.name ?? fn, h.fn, [requestContext], [], 'didEncounterErrors');
  const execution: Taint = { labels: [], fields: new Map([['errors', graphqlError]]) };
  for (const h of apollo.executionFormatters) callHandler(a, fn.name ?? fn, h.fn, [execution], [], 'errorFormatter');
}

/** A framework's handlers called with what a function it calls threw (Remix's `handleError` with a loader's error). */
export function handToHandlers(a: FunctionAnalyzer, fn: ts.SignatureDeclaration, handlers: readonly JobHandler[], thrown: Taint, name: string): void {
  handOn(a, fn.name ?? fn, handlers, thrown, name);
}
