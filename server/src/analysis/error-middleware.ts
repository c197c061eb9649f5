// Express error middleware: `next(err)` in a route handler hands the error to the app's error
// handlers, the four-parameter functions given to `app.use` / `router.use`, wherever in the project
// they are. The call is analysed as a call of each such handler with the error as its first
// argument, so a handler that logs the error is reported at its log call with the route on the path.
// An error a route handler throws reaches them too, and the error handlers other frameworks take:
// Hono's `app.onError`, Koa's `app.on('error', …)`, Fastify's `setErrorHandler`, and Nest's exception
// filters (`@Catch()` classes), which get what a controller's route method throws.

import ts = require('typescript');
import type { JobHandler } from './job-queues';

export interface ErrorMiddlewareDeps {
  /** The module a callee comes from (`@nestjs/common` of `Catch`), if it is a library's. */
  moduleOf(e: ts.Expression): string | undefined;
  /** The project's calls with arguments by the name they call (`use`). */
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  /** Bumped whenever origins are recomputed (an edit): the handlers are gathered again. */
  generation(): number;
}

/** Nest's decorators of a controller's route methods and of a GraphQL resolver's operations. */
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Query', 'Mutation', 'ResolveField']);
const NEST_MODULES = new Set(['@nestjs/common', '@nestjs/graphql']);

/** Calls that register a route's or a middleware's handler. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'route', 'on']);

export class ErrorMiddleware {
  private known?: readonly JobHandler[];
  private generation = -1;
  private thrownKnown?: ReadonlyArray<JobHandler & { app: ts.Declaration }>;
  private thrownGeneration = -1;

  constructor(private readonly deps: ErrorMiddlewareDeps) {}

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
    return this.handlers().filter((h) => h.fn !== fn);
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
      const handler = ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) ? inner : this.deps.projectFunction(inner);
      if (!handler || !(handler as ts.FunctionLikeDeclaration).body) continue;
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
  forRoute(call: ts.CallExpression): readonly JobHandler[] {
    if (!ts.isPropertyAccessExpression(call.expression) || !ROUTE_METHODS.has(call.expression.name.text)) return [];
    // The app's own: `hono.post(…)` and `hono.onError(…)` on one app (a Koa app's errors are not an Express app's).
    const app = this.appOf(call.expression.expression);
    if (!app) return [];
    // Its own, or an app it is mounted on (`app.route('/', members)`, `app.use('/api', router)`).
    const apps = new Set<ts.Declaration>();
    for (let at: ts.Declaration | undefined = app; at && !apps.has(at); at = this.mounts().get(at)) apps.add(at);
    return this.thrownHandlers().filter((h) => apps.has(h.app));
  }

  /** `@Post() create(@Body() dto)` of a `@Controller()` class: the exception filters get what it throws. */
  isNestRoute(fn: ts.SignatureDeclaration): boolean {
    if (!ts.isMethodDeclaration(fn) || !ts.isClassDeclaration(fn.parent)) return false;
    return (ts.getDecorators(fn) ?? []).some((d) => this.isNestDecorator(d, NEST_ROUTE_DECORATORS));
  }

  private filtersKnown?: ReadonlyArray<JobHandler & { catches: readonly string[] }>;
  private filtersGeneration = -1;

  /** The `catch(exception, host)` methods of the project's `@Catch(…)` classes, with the classes each catches (none: all). */
  nestFilters(): ReadonlyArray<JobHandler & { catches: readonly string[] }> {
    if (this.filtersKnown && this.filtersGeneration === this.deps.generation()) return this.filtersKnown;
    this.filtersGeneration = this.deps.generation();
    const out: Array<JobHandler & { catches: readonly string[] }> = [];
    for (const c of this.deps.callsNamed('Catch')) {
      if (!ts.isCallExpression(c) || !ts.isDecorator(c.parent) || !ts.isClassDeclaration(c.parent.parent)) continue;
      if (!NEST_MODULES.has(this.deps.moduleOf(c.expression) ?? '')) continue;
      const method = c.parent.parent.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'catch' && !!m.body && m.parameters.length >= 1);
      if (method) out.push({ fn: method, job: 0, catches: c.arguments.filter(ts.isIdentifier).map((x) => x.text) });
    }
    return (this.filtersKnown = out);
  }

  private isNestDecorator(d: ts.Decorator, names: ReadonlySet<string>): boolean {
    const e = d.expression;
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || !names.has(e.expression.text)) return false;
    return NEST_MODULES.has(this.deps.moduleOf(e.expression) ?? '');
  }

  private mounted?: Map<ts.Declaration, ts.Declaration>;
  private mountGeneration = -1;

  /** Sub-apps and routers, each with the app it is mounted on. */
  private mounts(): Map<ts.Declaration, ts.Declaration> {
    if (this.mounted && this.mountGeneration === this.deps.generation()) return this.mounted;
    this.mountGeneration = this.deps.generation();
    const out = new Map<ts.Declaration, ts.Declaration>();
    for (const name of ['route', 'use', 'register']) {
      for (const c of this.deps.callsNamed(name)) {
        if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
        const parent = this.appOf(c.expression.expression);
        const child = c.arguments.map(mountedName).find((x): x is ts.Identifier => !!x);
        const sub = child && this.deps.declarationOf(child);
        if (parent && sub && sub !== parent && ts.isVariableDeclaration(sub) && !out.has(sub)) out.set(sub, parent);
      }
    }
    return (this.mounted = out);
  }

  private thrownHandlers(): ReadonlyArray<JobHandler & { app: ts.Declaration }> {
    if (this.thrownKnown && this.thrownGeneration === this.deps.generation()) return this.thrownKnown;
    this.thrownGeneration = this.deps.generation();
    const out: Array<JobHandler & { app: ts.Declaration }> = [];
    const add = (c: ts.CallExpression, arg: ts.Expression | undefined): void => {
      const app = ts.isPropertyAccessExpression(c.expression) ? this.appOf(c.expression.expression) : undefined;
      const f = !arg ? undefined : ts.isArrowFunction(arg) || ts.isFunctionExpression(arg) ? arg : this.deps.projectFunction(arg);
      if (app && f && (f as ts.FunctionLikeDeclaration).body && f.parameters.length >= 1 && !out.some((h) => h.fn === f)) out.push({ fn: f, job: 0, app });
    };
    for (const name of ['onError', 'setErrorHandler']) for (const c of this.deps.callsNamed(name)) if (ts.isCallExpression(c)) add(c, c.arguments[0]);
    for (const c of this.deps.callsNamed('on')) {
      const [event, handler] = c.arguments ?? [];
      if (ts.isCallExpression(c) && event && ts.isStringLiteralLike(event) && event.text === 'error') add(c, handler);
    }
    return (this.thrownKnown = out);
  }

  /** The variable an app is held in (`hono` of `hono.post`, `app` of `app.route('/x').get`). */
  private appOf(e: ts.Expression): ts.Declaration | undefined {
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) e = e.expression.expression;
    return ts.isIdentifier(e) ? this.deps.declarationOf(e) : undefined;
  }

  private handlers(): readonly JobHandler[] {
    if (this.known && this.generation === this.deps.generation()) return this.known;
    this.generation = this.deps.generation();
    const out: JobHandler[] = [];
    for (const c of this.deps.callsNamed('use')) {
      if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
      for (const arg of c.arguments) {
        const f = ts.isArrowFunction(arg) || ts.isFunctionExpression(arg) ? arg : this.deps.projectFunction(arg);
        if (f && (f as ts.FunctionLikeDeclaration).body && f.parameters.length === 4 && !out.some((h) => h.fn === f)) out.push({ fn: f, job: 0 });
      }
    }
    return (this.known = out);
  }
}

/** What a mount call names: `members` of `app.route('/', members)`, `router` of Koa's `app.use(router.routes())`. */
function mountedName(arg: ts.Expression): ts.Identifier | undefined {
  if (ts.isIdentifier(arg)) return arg;
  const routes = ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && /^(?:routes|middleware)$/.test(arg.expression.name.text) ? arg.expression.expression : undefined;
  return routes && ts.isIdentifier(routes) ? routes : undefined;
}
