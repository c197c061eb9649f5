// Express error middleware: `next(err)` in a route handler hands the error to the app's error
// handlers, the four-parameter functions given to `app.use` / `router.use`, wherever in the project
// they are. The call is analysed as a call of each such handler with the error as its first
// argument, so a handler that logs the error is reported at its log call with the route on the path.
// An error a route handler throws reaches them too, and the error handlers other frameworks take:
// Hono's `app.onError`, Koa's `app.on('error', …)`, Fastify's `setErrorHandler`, and Nest's exception
// filters (`@Catch()` classes), which get what a controller's route method throws.

import ts = require('typescript');
import type { JobHandler } from './job-queues';
import path = require('path');
import { isRequireCall } from './origin-syntax';
import { catchesNext, exportedName, functionOf, optionFunctions, optionValue } from './handler-syntax';
import { readJson } from './workspace-packages';
import { type ApolloServers, type GraphqlHandlers, apolloServers } from './apollo-servers';

export interface ErrorMiddlewareDeps {
  /** The module a callee comes from (`@nestjs/common` of `Catch`), if it is a library's. */
  moduleOf(e: ts.Expression): string | undefined;
  /** The project's calls with arguments by the name they call (`use`). */
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  /** What a required project module exports whole (`module.exports = router`). */
  requiredValue(call: ts.CallExpression): ts.Declaration | undefined;
  /** The project's source files (for handlers a framework finds by file name: `entry.server.tsx`). */
  sourceFiles(): readonly ts.SourceFile[];
  /** Bumped whenever origins are recomputed (an edit): the handlers are gathered again. */
  generation(): number;
}

/** Nest's decorators of a controller's route methods and of a GraphQL resolver's operations. */
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Query', 'Mutation', 'ResolveField']);
const NEST_MODULES = new Set(['@nestjs/common', '@nestjs/graphql']);

/** tRPC's adapters, whose options may hold an `onError` callback (Fastify's under `trpcOptions`). */
const TRPC_ADAPTERS = ['createNextApiHandler', 'fetchRequestHandler', 'createExpressMiddleware', 'createHTTPHandler', 'createHTTPServer', 'nodeHTTPRequestHandler', 'register'];

/** Nest's decorators of a GraphQL resolver's operations. */
const GRAPHQL_OPERATIONS = new Set(['Query', 'Mutation', 'ResolveField', 'Subscription']);

const KOA_MODULES = new Set(['koa', '@koa/router', 'koa-router']);

/** The HTTP methods a Next.js route handler is exported as. */
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A module of server actions: `'use server'` at its top. */
function isServerActionFile(file: ts.SourceFile): boolean {
  const first = file.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server';
}

/** Calls that register a route's or a middleware's handler. */
/** h3's and Nitro's route handler factories (auto-imported in Nuxt and Nitro). */
const NITRO_HANDLERS = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'route', 'on']);

export class ErrorMiddleware {
  private readonly memos = new Map<string, { generation: number; value: unknown }>();

  constructor(private readonly deps: ErrorMiddlewareDeps) {}

  /** What `gather` finds in the project, gathered again after an edit. */
  private memo<T>(name: string, gather: () => T): T {
    const generation = this.deps.generation();
    const known = this.memos.get(name);
    if (known && known.generation === generation) return known.value as T;
    const value = gather();
    this.memos.set(name, { generation, value });
    return value;
  }

  /** A function given as a handler: written inline, or a project function named (with a body). */
  private handlerFn(e: ts.Expression | undefined): ts.SignatureDeclaration | undefined {
    const f = !e ? undefined : ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : this.deps.projectFunction(e);
    return f && (f as ts.FunctionLikeDeclaration).body ? f : undefined;
  }

  /**
   * An app or router, and the apps it is mounted on (`app.route('/', members)`, `app.use('/api', router)`);
   * for a function's parameter, also the apps it is given (see appsGiven).
   */
  private appsOver(app: ts.Declaration): Set<ts.Declaration> {
    const apps = new Set<ts.Declaration>();
    for (const given of this.appsGiven(app)) {
      for (let at: ts.Declaration | undefined = given; at && !apps.has(at); at = this.mounts().get(at)) apps.add(at);
    }
    return apps.add(app);
  }

  /**
   * What an app held in a function's parameter is: what the function's callers pass
   * (`registerErrorHandler(app)` in main.ts), or the app a plugin is registered on (`app.register(routes)`);
   * the parameter itself when no caller is found, and any other app as itself.
   */
  private appsGiven(app: ts.Declaration): ts.Declaration[] {
    if (!ts.isParameter(app)) return [app];
    const known = this.memo('appsGiven', () => new Map<ts.Declaration, ts.Declaration[]>());
    let apps = known.get(app);
    if (!apps) known.set(app, (apps = this.passedApps(app, 0)));
    return apps;
  }

  private passedApps(app: ts.ParameterDeclaration, depth: number): ts.Declaration[] {
    const fn = app.parent;
    const index = fn.parameters.indexOf(app);
    const name = fn.name && ts.isIdentifier(fn.name) ? fn.name : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
    const passed: ts.Expression[] = [];
    for (const c of name ? this.deps.callsNamed(name.text) : []) {
      if (ts.isCallExpression(c) && c.arguments[index] && this.deps.projectFunction(c.expression) === fn) passed.push(c.arguments[index]);
    }
    for (const c of index === 0 ? this.deps.callsNamed('register') : []) {
      if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression) && this.handlerFn(c.arguments[0]) === fn) passed.push(c.expression.expression);
    }
    const out = passed.flatMap((e) => {
      const given = this.appOf(e);
      return !given ? [] : ts.isParameter(given) && depth < 2 ? this.passedApps(given, depth + 1) : [given];
    });
    return out.length ? [...new Set(out)] : [app];
  }

  /** `next(err)` where `next` is a route handler's third parameter: the handlers that get `err`. */
  handedOn(call: ts.CallExpression): readonly JobHandler[] {
    if (call.arguments.length !== 1 || !ts.isIdentifier(call.expression)) return [];
    return this.nextHandlers(call.expression);
  }

  /** `next` handed on by reference (`findAccount(id).then(send).catch(next)`): the handlers that get the error. */
  nextHandlers(next: ts.Identifier): readonly JobHandler[] {
    // Named as Express names it: a handler's third parameter may be anything else (a formatter, a callback).
    if (!/^_?next$/.test(next.text)) return [];
    const decl = this.deps.declarationOf(next);
    if (!decl || !ts.isParameter(decl)) return [];
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    // `(req, res, next)`, or an error handler passing the error on: `(err, req, res, next)`.
    if (!(index === 2 && fn.parameters.length === 3) && !(index === 3 && fn.parameters.length === 4)) return [];
    const others = this.handlers().filter((h) => h.fn !== fn);
    // Those of the app or router the handler is registered on (and of the apps it is mounted on), when that is known.
    const route = fn.parent;
    const app = ts.isCallExpression(route) && ts.isPropertyAccessExpression(route.expression) ? this.appOf(route.expression.expression) : undefined;
    const apps = app && this.appsOver(app);
    const own = apps ? others.filter((h) => h.apps.some((x) => apps.has(x))) : [];
    return own.length ? own : others;
  }

  /**
   * `router.post('/', asyncRoute(async (req, res) => { … }))`: a route handler given through a wrapper
   * (a project function or `express-async-handler`) whose rejections go to `next`; the handlers
   * that get what it throws are the error middleware's.
   */
  wrappedHandlers(call: ts.CallExpression): Array<{ handler: ts.SignatureDeclaration; errorHandlers: readonly JobHandler[] }> {
    if (!ts.isPropertyAccessExpression(call.expression) || !ROUTE_METHODS.has(call.expression.name.text)) return [];
    const out: Array<{ handler: ts.SignatureDeclaration; errorHandlers: readonly JobHandler[] }> = [];
    let all: readonly JobHandler[] | undefined;
    for (const arg of call.arguments) {
      if (!ts.isCallExpression(arg) || arg.arguments.length !== 1) continue;
      const inner = arg.arguments[0];
      const handler = this.handlerFn(inner);
      if (!handler) continue;
      all ??= [...this.handlers(), ...this.forRoute(call)];
      const handlers = all.filter((h) => h.fn !== handler);
      if (handlers.length) out.push({ handler, errorHandlers: handlers });
    }
    return out;
  }

  /**
   * `app.post('/members', async (c) => { … throw … })`: the handlers that get what a route handler
   * registered by this call throws (none for calls that register no route).
   */
  forRoute(call: ts.CallExpression): ReadonlyArray<JobHandler & { syncOnly?: boolean }> {
    // A Nitro / h3 route (`export default defineEventHandler(async (event) => …)`): the plugins'
    // `nitroApp.hooks.hook('error', (error, { event }) => …)` get what it throws.
    if (ts.isIdentifier(call.expression) && NITRO_HANDLERS.has(call.expression.text)) return this.nitroErrorHooks();
    if (!ts.isPropertyAccessExpression(call.expression) || !ROUTE_METHODS.has(call.expression.name.text)) return [];
    // The app's own: `hono.post(…)` and `hono.onError(…)` on one app (a Koa app's errors are not an Express app's).
    const app = this.appOf(call.expression.expression);
    if (!app) return [];
    // Its own, or an app it is mounted on.
    const apps = this.appsOver(app);
    // A Koa route's error goes to a middleware catching around `await next()` first, when the app has one;
    // `app.on('error')` hears only what that rethrows or emits (`ctx.app.emit('error', err, ctx)`).
    if (call.expression.name.text !== 'use' && [...apps].some((x) => this.catchingKoaApps().has(x))) return [];
    const own = this.thrownHandlers().filter((h) => h.apps.some((x) => apps.has(x)));
    // Express: a route's synchronous throw goes to the error middleware (`app.use((err, req, res, next) => …)`)
    // of its router and of the apps that router is mounted on; an async handler's rejection too from Express 5
    // (or with `express-async-errors` loaded), while Express 4 leaves it unhandled.
    const middleware = this.handlers().filter((h) => h.apps.some((x) => apps.has(x)));
    if (!middleware.length) return own;
    const rejections = this.expressRejects(call.getSourceFile());
    return [...own, ...middleware.map((h) => ({ ...h, syncOnly: !rejections }))];
  }

  /** Whether Express hands an async route handler's rejection to the error middleware in this file's package. */
  private expressRejects(file: ts.SourceFile): boolean {
    if (this.memo('expressAsyncErrors', () => this.deps.sourceFiles().some((f) => f.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === 'express-async-errors')))) return true;
    return this.memo(`expressRejects:${path.dirname(file.fileName)}`, () => {
      for (let dir = path.dirname(file.fileName); ; dir = path.dirname(dir)) {
        const manifest = readJson(path.join(dir, 'package.json')) as Record<string, Record<string, unknown> | undefined> | undefined;
        const range = manifest && ['dependencies', 'devDependencies', 'peerDependencies'].map((k) => manifest[k]?.express).find((v) => v !== undefined);
        if (typeof range === 'string') return /^[\^~>=v\s]*(?:[5-9]|\d{2,})/.test(range);
        if (dir === path.dirname(dir)) return false;
      }
    });
  }

  /** `ctx.app.emit('error', err, ctx)` in a Koa middleware: the Koa apps' `on('error')` listeners. */
  koaEmitted(call: ts.CallExpression): readonly JobHandler[] {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'emit' || !ts.isPropertyAccessExpression(callee.expression) || callee.expression.name.text !== 'app') return [];
    const event = call.arguments[0];
    if (!event || !ts.isStringLiteralLike(event) || event.text !== 'error' || call.arguments.length < 2) return [];
    // The app the enclosing middleware is registered on, where that is written beside it.
    let app: ts.Declaration | undefined;
    for (let at: ts.Node = call; !ts.isSourceFile(at) && !app; at = at.parent) {
      const use = at.parent;
      if (ts.isFunctionLike(at) && ts.isCallExpression(use) && ts.isPropertyAccessExpression(use.expression) && use.expression.name.text === 'use') app = this.appOf(use.expression.expression);
    }
    const given = app ? this.appsGiven(app) : [];
    return this.thrownHandlers().filter((h) => (app ? h.apps.some((x) => given.includes(x)) : h.apps.some((x) => this.isKoa(x))));
  }

  /** Koa apps with a middleware that catches what `await next()` throws. */
  private catchingKoaApps(): ReadonlySet<ts.Declaration> {
    return this.memo('catchingKoaApps', () => {
      const out = new Set<ts.Declaration>();
      for (const c of this.deps.callsNamed('use')) {
        if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
        const app = this.appOf(c.expression.expression);
        if (!app || !this.isKoa(app)) continue;
        for (const arg of c.arguments) {
          const f = this.handlerFn(arg);
          if (f && f.parameters.length === 2 && catchesNext(f)) out.add(app);
        }
      }
      return out;
    });
  }

  /**
   * `await next()` in a Koa middleware (`app.use(async (ctx, next) => { try { await next() } catch (err) { … } })`):
   * the route handlers of that app and of the routers mounted on it, whose throws come out of `next()`.
   */
  downstream(next: ts.Identifier): readonly ts.SignatureDeclaration[] {
    const decl = this.deps.declarationOf(next);
    if (!decl || !ts.isParameter(decl)) return [];
    const fn = decl.parent;
    if (fn.parameters.indexOf(decl) !== 1 || fn.parameters.length !== 2) return [];
    const use = fn.parent;
    if (!ts.isCallExpression(use) || !ts.isPropertyAccessExpression(use.expression) || use.expression.name.text !== 'use') return [];
    const app = this.appOf(use.expression.expression);
    if (!app || !this.isKoa(app)) return [];
    // Where a middleware catches around `next()`, that one gets the routes' errors (it wraps them, or
    // they pass through this one to it); this one's `next()` rethrows only what that one does.
    if (!catchesNext(fn) && this.catchingKoaApps().has(app)) return [];
    return this.koaRoutes().filter((r) => r.apps.has(app) && r.fn !== fn).map((r) => r.fn);
  }

  /** The route handlers registered on Koa apps and routers, each with the apps it runs under. */
  private koaRoutes(): ReadonlyArray<{ fn: ts.SignatureDeclaration; apps: ReadonlySet<ts.Declaration> }> {
    return this.memo('koaRoutes', () => {
      const out: Array<{ fn: ts.SignatureDeclaration; apps: ReadonlySet<ts.Declaration> }> = [];
      for (const name of ROUTE_METHODS) {
        if (name === 'use' || name === 'on' || name === 'route') continue;
        for (const c of this.deps.callsNamed(name)) {
          if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
          const router = this.appOf(c.expression.expression);
          if (!router || !this.isKoa(router)) continue;
          const apps = this.appsOver(router);
          for (const arg of c.arguments) {
            const f = this.handlerFn(arg);
            if (f && !out.some((r) => r.fn === f)) out.push({ fn: f, apps });
          }
        }
      }
      return out;
    });
  }

  /** An app or router made by Koa's constructors (`new Koa()`, `new Router()` of `@koa/router`). */
  private isKoa(d: ts.Declaration): boolean {
    const init = ts.isVariableDeclaration(d) ? d.initializer : undefined;
    return !!init && ts.isNewExpression(init) && KOA_MODULES.has(this.deps.moduleOf(init.expression) ?? '');
  }

  /**
   * Hapi's `server.route({ method, path, handler })` (or an array of routes, the handler also under
   * `options`): the handlers it registers, whose throws reach the `onPreResponse` extensions as
   * `request.response`. None when the project has no such extension.
   */
  hapiRoutes(call: ts.CallExpression): readonly ts.SignatureDeclaration[] {
    if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'route' || call.arguments.length !== 1) return [];
    if (!this.preResponse().length) return [];
    const out: ts.SignatureDeclaration[] = [];
    const visit = (e: ts.Expression, depth: number): void => {
      while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
      // (`server.route(fnolRoutes)`, `[...fnolRoutes, ...adjusterRoutes]`: the lists the project's consts hold.)
      if (ts.isSpreadElement(e)) return visit(e.expression, depth);
      if (ts.isIdentifier(e) && depth < 3) {
        const decl = this.deps.declarationOf(e);
        if (decl && ts.isVariableDeclaration(decl) && decl.initializer) visit(decl.initializer, depth + 1);
        return;
      }
      if (ts.isArrayLiteralExpression(e)) return e.elements.forEach((x) => visit(x, depth));
      if (!ts.isObjectLiteralExpression(e) || depth > 4) return;
      for (const key of ['options', 'config']) {
        const nested = optionValue(e, key);
        if (nested && ts.isExpression(nested)) visit(nested, depth + 1);
      }
      const handler = optionValue(e, 'handler');
      const f = handler && (ts.isMethodDeclaration(handler) ? (handler.body ? handler : undefined) : this.handlerFn(handler));
      if (f) out.push(f);
    };
    visit(call.arguments[0], 0);
    return out;
  }

  /** The functions given to `nitroApp.hooks.hook('error', fn)`. */
  private nitroErrorHooks(): readonly JobHandler[] {
    return this.memo('nitroErrorHooks', () => {
      const out: JobHandler[] = [];
      for (const c of this.deps.callsNamed('hook')) {
        if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression) || !/hooks$/.test(c.expression.expression.getText())) continue;
        const [event, listener] = c.arguments;
        const f = event && ts.isStringLiteralLike(event) && event.text === 'error' && listener ? this.handlerFn(listener) : undefined;
        if (f && f.parameters.length >= 1 && !out.some((h) => h.fn === f)) out.push({ fn: f, job: 0 });
      }
      return out;
    });
  }

  /** The functions given to `server.ext('onPreResponse', fn)` or `server.ext({ type: 'onPreResponse', method })`. */
  preResponse(): readonly JobHandler[] {
    return this.memo('preResponse', () => {
      const out: JobHandler[] = [];
      const add = (arg: ts.Node | undefined): void => {
        const f = arg && ts.isExpression(arg) ? this.handlerFn(arg) : undefined;
        if (f && f.parameters.length >= 1 && !out.some((h) => h.fn === f)) out.push({ fn: f, job: 0 });
      };
      for (const c of this.deps.callsNamed('ext')) {
        if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
        const [first, second] = c.arguments;
        if (first && ts.isStringLiteralLike(first) && first.text === 'onPreResponse') add(second);
        if (first && ts.isObjectLiteralExpression(first)) {
          const type = optionValue(first, 'type');
          if (type && ts.isStringLiteralLike(type) && type.text === 'onPreResponse') add(optionValue(first, 'method'));
        }
      }
      return out;
    });
  }

  /**
   * A Remix / React Router route module's `loader` or `action`: what it throws reaches the
   * `handleError` that `entry.server` exports; a Next.js route handler (`export async function POST`
   * in `app/…/route.ts`) or server action (an exported function of a `'use server'` file): the
   * `onRequestError` that `instrumentation.ts` exports; a SvelteKit endpoint (`export const POST` in
   * `+server.ts`) or server `load`: the `handleError` that `hooks.server.ts` exports, as the `error`
   * of its argument. None in a project without one.
   */
  routeModuleHandlers(fn: ts.SignatureDeclaration): readonly JobHandler[] {
    const name = exportedName(fn);
    if (!name) return [];
    if (/^(?:loader|action)$/.test(name)) return this.exportedHandlers(/(?:^|[\\/])entry\.server\.[cm]?[jt]sx?$/, 'handleError').filter((h) => h.fn !== fn);
    const file = fn.getSourceFile();
    if ((HTTP_METHODS.has(name) && /(?:^|[\\/])\+server\.[cm]?[jt]s$/.test(file.fileName)) || (name === 'load' && /(?:^|[\\/])\+(?:page|layout)\.server\.[cm]?[jt]s$/.test(file.fileName))) {
      return this.exportedHandlers(/(?:^|[\\/])hooks\.server\.[cm]?[jt]s$/, 'handleError')
        .filter((h) => h.fn !== fn)
        .map((h) => ({ ...h, field: 'error' }));
    }
    const nextRoute = HTTP_METHODS.has(name) && /(?:^|[\\/])route\.[cm]?[jt]sx?$/.test(file.fileName);
    if (!nextRoute && !isServerActionFile(file)) return [];
    return this.exportedHandlers(/(?:^|[\\/])instrumentation\.[cm]?[jt]s$/, 'onRequestError').filter((h) => h.fn !== fn);
  }

  /** The functions exported under `name` by the project's files whose names match. */
  private exportedHandlers(files: RegExp, name: string): readonly JobHandler[] {
    return this.memo(`exported:${name}`, () => {
      const out: JobHandler[] = [];
      for (const file of this.deps.sourceFiles()) {
        if (!files.test(file.fileName)) continue;
        for (const st of file.statements) {
          const fn = ts.isFunctionDeclaration(st) ? st : ts.isVariableStatement(st) ? functionOf(st.declarationList.declarations[0]?.initializer) : undefined;
          if (fn && fn.body && fn.parameters.length >= 1 && exportedName(fn) === name) out.push({ fn, job: 0 });
        }
      }
      return out;
    });
  }

  /**
   * `publicProcedure.input(…).mutation(({ input }) => …)`: the `onError` callbacks given to tRPC's
   * adapters (`createNextApiHandler({ router, onError })`), which get what a procedure throws as
   * `error` of their options. None for other calls, or in a project without such a callback.
   */
  forProcedure(call: ts.CallExpression): readonly JobHandler[] {
    if (!ts.isPropertyAccessExpression(call.expression) || !/^(?:query|mutation|subscription)$/.test(call.expression.name.text)) return [];
    const handlers = this.trpcOnError();
    if (!handlers.length || !(this.deps.moduleOf(call.expression.expression) ?? '').startsWith('@trpc/')) return [];
    return handlers;
  }

  private trpcOnError(): readonly JobHandler[] {
    return this.memo('trpcOnError', () => {
      const out: JobHandler[] = [];
      for (const name of TRPC_ADAPTERS) {
        for (const c of this.deps.callsNamed(name)) {
          // `createNextApiHandler({ … })`, or Fastify's `server.register(fastifyTRPCPlugin, { trpcOptions })`.
          const trpc = [c.expression, ...(name === 'register' ? (c.arguments ?? []).slice(0, 1) : [])].some((e) => (this.deps.moduleOf(e) ?? '').startsWith('@trpc/'));
          if (!trpc) continue;
          for (const f of optionFunctions(c.arguments ?? [], 'onError', (e) => this.deps.projectFunction(e))) if (!out.some((h) => h.fn === f)) out.push({ fn: f, job: 0 });
        }
      }
      return out;
    });
  }

  /** `@Post() create(@Body() dto)` of a `@Controller()` class: the exception filters get what it throws. */
  isNestRoute(fn: ts.SignatureDeclaration): boolean {
    if (!ts.isMethodDeclaration(fn) || !ts.isClassDeclaration(fn.parent)) return false;
    return (ts.getDecorators(fn) ?? []).some((d) => this.isNestDecorator(d, NEST_ROUTE_DECORATORS));
  }

  /**
   * A Nest GraphQL resolver's operation (`@Query()`, `@Mutation()`, `@ResolveField()`): the `formatError`
   * hooks given to Apollo (`GraphQLModule.forRoot({ formatError })`, `new ApolloServer({ formatError })`),
   * which get what it throws as the formatted error's `message` and as the error itself; Mercurius's
   * `errorFormatter`, which gets it among `execution.errors`.
   */
  graphqlFormatters(fn: ts.SignatureDeclaration): GraphqlHandlers {
    const none = { formatters: [], listeners: [], executionFormatters: [] };
    const apollo = this.apollo();
    if (!apollo.formatters.length && !apollo.listeners.length && !apollo.executionFormatters.length) return none;
    const nest = ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent) && (ts.getDecorators(fn) ?? []).some((d) => this.isNestDecorator(d, GRAPHQL_OPERATIONS));
    return nest || apollo.resolvers.has(fn) ? apollo : none;
  }

  /** Apollo's servers in the project (see apollo-servers.ts), gathered again after an edit. */
  private apollo(): ApolloServers {
    return this.memo('apollo', () => apolloServers(this.deps, (e) => this.handlerFn(e)));
  }

  /** The `catch(exception, host)` methods of the project's `@Catch(…)` classes, with the classes each catches (none: all). */
  nestFilters(): ReadonlyArray<JobHandler & { catches: readonly string[] }> {
    return this.memo('nestFilters', () => {
      const out: Array<JobHandler & { catches: readonly string[] }> = [];
      for (const c of this.deps.callsNamed('Catch')) {
        if (!ts.isCallExpression(c) || !ts.isDecorator(c.parent) || !ts.isClassDeclaration(c.parent.parent)) continue;
        if (!NEST_MODULES.has(this.deps.moduleOf(c.expression) ?? '')) continue;
        const method = c.parent.parent.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'catch' && !!m.body && m.parameters.length >= 1);
        if (method) out.push({ fn: method, job: 0, catches: c.arguments.filter(ts.isIdentifier).map((x) => x.text) });
      }
      return out;
    });
  }

  /**
   * The `catchError(fn)` callbacks in the `intercept(context, next)` methods of the project's Nest
   * interceptors (`class X implements NestInterceptor`): Nest runs a route inside `next.handle()`, so
   * what the route throws comes out there.
   */
  nestInterceptorCatchers(): readonly JobHandler[] {
    return this.memo('nestInterceptorCatchers', () => {
      const out: JobHandler[] = [];
      for (const c of this.deps.callsNamed('catchError')) {
        const fn = ts.isCallExpression(c) ? this.handlerFn(c.arguments[0]) : undefined;
        const method = ts.findAncestor(c, (n): n is ts.MethodDeclaration => ts.isMethodDeclaration(n));
        const cls = method?.parent;
        if (!fn || !fn.parameters.length || !method || !ts.isIdentifier(method.name) || method.name.text !== 'intercept' || !cls || !ts.isClassDeclaration(cls)) continue;
        const implemented = cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ImplementsKeyword && h.types.some((t) => ts.isIdentifier(t.expression) && t.expression.text === 'NestInterceptor'));
        if (implemented && !out.some((h) => h.fn === fn)) out.push({ fn, job: 0 });
      }
      return out;
    });
  }

  private isNestDecorator(d: ts.Decorator, names: ReadonlySet<string>): boolean {
    const e = d.expression;
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || !names.has(e.expression.text)) return false;
    return NEST_MODULES.has(this.deps.moduleOf(e.expression) ?? '');
  }

  /** Sub-apps and routers, each with the app it is mounted on. */
  private mounts(): Map<ts.Declaration, ts.Declaration> {
    return this.memo('mounts', () => {
      const out = new Map<ts.Declaration, ts.Declaration>();
      for (const name of ['route', 'use', 'register']) {
        for (const c of this.deps.callsNamed(name)) {
          if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
          const parent = this.appOf(c.expression.expression);
          const child = c.arguments.map(mountedName).find((x): x is ts.Identifier => !!x);
          // (`app.use('/buyers', require('./routes/buyers'))`: the router that module exports.)
          const required = child ? undefined : c.arguments.find((x): x is ts.CallExpression => ts.isCallExpression(x) && isRequireCall(x));
          const sub = child ? this.deps.declarationOf(child) : required && this.deps.requiredValue(required);
          if (parent && sub && sub !== parent && ts.isVariableDeclaration(sub) && !out.has(sub)) out.set(sub, parent);
        }
      }
      return out;
    });
  }

  private thrownHandlers(): ReadonlyArray<JobHandler & { apps: readonly ts.Declaration[] }> {
    return this.memo('thrownHandlers', () => {
      const out: Array<JobHandler & { apps: readonly ts.Declaration[] }> = [];
      const add = (c: ts.CallExpression, arg: ts.Expression | undefined): void => {
        const apps = ts.isPropertyAccessExpression(c.expression) ? this.appsHeld(c.expression.expression) : [];
        const f = this.handlerFn(arg);
        if (apps.length && f && f.parameters.length >= 1 && !out.some((h) => h.fn === f)) out.push({ fn: f, job: 0, apps });
      };
      for (const name of ['onError', 'setErrorHandler']) for (const c of this.deps.callsNamed(name)) if (ts.isCallExpression(c)) add(c, c.arguments[0]);
      for (const c of this.deps.callsNamed('on')) {
        const [event, handler] = c.arguments ?? [];
        if (ts.isCallExpression(c) && event && ts.isStringLiteralLike(event) && event.text === 'error') add(c, handler);
      }
      return out;
    });
  }

  /** The apps an expression holds: its variable's, or what a parameter is given. */
  private appsHeld(e: ts.Expression): ts.Declaration[] {
    const app = this.appOf(e);
    return app ? this.appsGiven(app) : [];
  }

  /** The variable an app is held in (`hono` of `hono.post`, `app` of `app.route('/x').get`). */
  private appOf(e: ts.Expression): ts.Declaration | undefined {
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) e = e.expression.expression;
    return ts.isIdentifier(e) ? this.deps.declarationOf(e) : undefined;
  }

  /** The four-parameter error middleware given to `use`, with the apps or routers it is given to. */
  private handlers(): ReadonlyArray<JobHandler & { apps: readonly ts.Declaration[] }> {
    return this.memo('handlers', () => {
      const out: Array<JobHandler & { apps: readonly ts.Declaration[] }> = [];
      for (const c of this.deps.callsNamed('use')) {
        if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
        for (const arg of c.arguments) {
          const f = this.handlerFn(arg);
          if (f && f.parameters.length === 4 && !out.some((h) => h.fn === f)) out.push({ fn: f, job: 0, apps: this.appsHeld(c.expression.expression) });
        }
      }
      return out;
    });
  }
}

/** What a mount call names: `members` of `app.route('/', members)`, `router` of Koa's `app.use(router.routes())`. */
function mountedName(arg: ts.Expression): ts.Identifier | undefined {
  if (ts.isIdentifier(arg)) return arg;
  const routes = ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && /^(?:routes|middleware)$/.test(arg.expression.name.text) ? arg.expression.expression : undefined;
  return routes && ts.isIdentifier(routes) ? routes : undefined;
}
