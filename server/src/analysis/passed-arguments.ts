// A client handed to a project function as an argument: `function send(log, user) { log.info(…) }`
// called as `send(pino(), user)`, `new Sender(pino())` whose constructor keeps it in `this.logger`.
// In plain JavaScript nothing types the parameter; the calls in the project say what it is.

import ts = require('typescript');
import { argumentParameters } from './declaration-kinds';
import type { Origin } from './origins';
import { safeAliased } from './origin-syntax';

type CallLike = ts.CallExpression | ts.NewExpression;

interface FileCalls {
  /** Calls with arguments, by the name they call (`send`, `Sender`). */
  byCallee: ReadonlyMap<string, readonly CallLike[]>;
  /** Calls by the names their arguments end in (`app.register(routes)`, `register(require('./r').routes)`). */
  byArgument: ReadonlyMap<string, readonly CallLike[]>;
}

const callsByFile = new WeakMap<ts.SourceFile, FileCalls>();

function nameOf(e: ts.Expression): string | undefined {
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
}

function add(map: Map<string, CallLike[]>, name: string, call: CallLike): void {
  let list = map.get(name);
  if (!list) map.set(name, (list = []));
  if (list[list.length - 1] !== call) list.push(call);
}

function callsIn(sf: ts.SourceFile): FileCalls {
  let found = callsByFile.get(sf);
  if (found) return found;
  const byCallee = new Map<string, CallLike[]>();
  const byArgument = new Map<string, CallLike[]>();
  const visit = (n: ts.Node): void => {
    // (Also a call with type arguments only: tRPC's `initTRPC.context<Context>()`; and a decorator's: Nest's `@Catch()`.)
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && (n.arguments?.length || n.typeArguments?.length || ts.isDecorator(n.parent))) {
      const name = nameOf(n.expression);
      if (name) add(byCallee, name, n);
      for (const arg of n.arguments ?? []) {
        const passed = nameOf(arg);
        if (passed) add(byArgument, passed, n);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  callsByFile.set(sf, (found = { byCallee, byArgument }));
  return found;
}

/** The project's calls with arguments (or type arguments, or decorators) by the name they call, gathered once per program (per name). */
export class ProjectCalls {
  private byName = new Map<string, readonly CallLike[]>();
  private byArgument = new Map<string, readonly CallLike[]>();

  constructor(private readonly files: () => readonly ts.SourceFile[]) {}

  reset(): void {
    this.byName = new Map();
    this.byArgument = new Map();
  }

  named(name: string): readonly CallLike[] {
    let found = this.byName.get(name);
    if (!found) this.byName.set(name, (found = this.files().flatMap((sf) => callsIn(sf).byCallee.get(name) ?? [])));
    return found;
  }

  /** Calls that pass something by this name as an argument (`app.register(routes)`). */
  passing(name: string): readonly CallLike[] {
    let found = this.byArgument.get(name);
    if (!found) this.byArgument.set(name, (found = this.files().flatMap((sf) => callsIn(sf).byArgument.get(name) ?? [])));
    return found;
  }
}

export interface PassedArgumentDeps {
  callsNamed: (name: string) => readonly CallLike[];
  checker: () => ts.TypeChecker;
  projectFunction: (callee: ts.Expression) => ts.SignatureDeclaration | undefined;
  resolve: (e: ts.Expression) => Origin | undefined;
}

/** The library object the project's calls pass for an untyped parameter, if one of them passes one. */
export function passedArgument(param: ts.ParameterDeclaration, deps: PassedArgumentDeps): Origin | undefined {
  if (!ts.isIdentifier(param.name)) return undefined;
  return firstPassed(param, deps, (arg) => arg);
}

/**
 * `function createMailer({ mailer, logger })` called as `createMailer({ mailer: sgMail, logger: pino() })`:
 * what the project's calls put in that field of the options object.
 */
export function passedField(param: ts.ParameterDeclaration, key: string, deps: PassedArgumentDeps): Origin | undefined {
  return firstPassed(param, deps, (arg) => {
    if (!ts.isObjectLiteralExpression(arg)) return undefined;
    for (const p of arg.properties) {
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === key) return p.initializer;
    }
    return undefined;
  });
}

/** The first library object the project's calls of the parameter's function give it (through `pick`). */
function firstPassed(param: ts.ParameterDeclaration, deps: PassedArgumentDeps, pick: (arg: ts.Expression) => ts.Expression | undefined): Origin | undefined {
  const fn = param.parent;
  const index = argumentParameters(fn).indexOf(param);
  if (index < 0 || param.dotDotDotToken) return undefined;
  const isNew = ts.isConstructorDeclaration(fn);
  const name = functionName(fn);
  if (!name) return undefined;
  for (const call of deps.callsNamed(name)) {
    if (isNew !== ts.isNewExpression(call)) continue;
    const arg = call.arguments?.[index];
    if (!arg || ts.isSpreadElement(arg)) continue;
    // What the argument is, before whether the call is this function's: most arguments are no
    // library object, and telling which function a call runs asks the checker.
    const value = pick(arg);
    const o = value && deps.resolve(value);
    if ((o?.root.module || o?.root.global) && calls(call, fn, deps)) return o;
  }
  return undefined;
}

export function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return fn.parent.name?.text;
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

function calls(call: CallLike, fn: ts.SignatureDeclaration, deps: PassedArgumentDeps): boolean {
  if (ts.isConstructorDeclaration(fn)) {
    const symbol = deps.checker().getSymbolAtLocation(call.expression);
    return (symbol && (safeAliased(deps.checker(), symbol) ?? symbol))?.valueDeclaration === fn.parent;
  }
  return deps.projectFunction(call.expression) === fn;
}
