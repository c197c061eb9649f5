// Express error middleware: `next(err)` in a route handler hands the error to the app's error
// handlers, the four-parameter functions given to `app.use` / `router.use`, wherever in the project
// they are. The call is analysed as a call of each such handler with the error as its first
// argument, so a handler that logs the error is reported at its log call with the route on the path.

import ts = require('typescript');
import type { JobHandler } from './job-queues';

export interface ErrorMiddlewareDeps {
  /** The project's calls with arguments by the name they call (`use`). */
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  /** Bumped whenever origins are recomputed (an edit): the handlers are gathered again. */
  generation(): number;
}

export class ErrorMiddleware {
  private known?: readonly JobHandler[];
  private generation = -1;

  constructor(private readonly deps: ErrorMiddlewareDeps) {}

  /** `next(err)` where `next` is a route handler's third parameter: the handlers that get `err`. */
  handedOn(call: ts.CallExpression): readonly JobHandler[] {
    // Named as Express names it: a handler's third parameter may be anything else (a formatter, a callback).
    if (call.arguments.length !== 1 || !ts.isIdentifier(call.expression) || !/^_?next$/.test(call.expression.text)) return [];
    const decl = this.deps.declarationOf(call.expression);
    if (!decl || !ts.isParameter(decl)) return [];
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    // `(req, res, next)`, or an error handler passing the error on: `(err, req, res, next)`.
    if (!(index === 2 && fn.parameters.length === 3) && !(index === 3 && fn.parameters.length === 4)) return [];
    return this.handlers().filter((h) => h.fn !== fn);
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
