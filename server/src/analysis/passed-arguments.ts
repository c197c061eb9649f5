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

/**
 * The project's calls with arguments (or type arguments, or decorators) by the name they call. The
 * index over all files is built at the first question after a reset and, after an edit, brought up to
 * date file by file (a file's calls are gathered once per parsed file): asking name by name over every
 * file cost the whole project's files per name, which grew with the square of a project's size.
 */
export class ProjectCalls {
  private readonly byName = new CallIndex((calls) => calls.byCallee);
  private readonly byArgument = new CallIndex((calls) => calls.byArgument);
  private synced = false;

  constructor(private readonly files: () => readonly ts.SourceFile[]) {}

  reset(): void {
    this.synced = false;
  }

  named(name: string): readonly CallLike[] {
    this.sync();
    return this.byName.get(name);
  }

  /** Calls that pass something by this name as an argument (`app.register(routes)`). */
  passing(name: string): readonly CallLike[] {
    this.sync();
    return this.byArgument.get(name);
  }

  private sync(): void {
    if (this.synced) return;
    const files = this.files();
    this.byName.sync(files);
    this.byArgument.sync(files);
    this.synced = true;
  }
}

/** One of a file's two call maps over all the project's files, in the project's file order. */
class CallIndex {
  /** Which files hold calls under each name, with their calls. */
  private readonly files = new Map<string, Map<ts.SourceFile, readonly CallLike[]>>();
  private readonly joined = new Map<string, readonly CallLike[]>();
  private indexed = new Set<ts.SourceFile>();
  private order = new Map<ts.SourceFile, number>();

  constructor(private readonly pick: (calls: FileCalls) => ReadonlyMap<string, readonly CallLike[]>) {}

  sync(files: readonly ts.SourceFile[]): void {
    const now = new Set(files);
    for (const sf of this.indexed) if (!now.has(sf)) this.change(sf, false);
    for (const sf of files) if (!this.indexed.has(sf)) this.change(sf, true);
    this.indexed = now;
    const order = new Map(files.map((sf, i) => [sf, i]));
    // (A file's place among the others moved only if files came or went: then every list is rejoined.)
    if (order.size !== this.order.size || files.some((sf, i) => this.order.get(sf) !== i)) this.joined.clear();
    this.order = order;
  }

  get(name: string): readonly CallLike[] {
    let found = this.joined.get(name);
    if (found) return found;
    const byFile = this.files.get(name);
    found = byFile ? [...byFile].sort((x, y) => (this.order.get(x[0]) ?? 0) - (this.order.get(y[0]) ?? 0)).flatMap(([, calls]) => calls) : [];
    this.joined.set(name, found);
    return found;
  }

  private change(sf: ts.SourceFile, add: boolean): void {
    for (const [name, calls] of this.pick(callsIn(sf))) {
      let byFile = this.files.get(name);
      if (!byFile) this.files.set(name, (byFile = new Map()));
      if (add) byFile.set(sf, calls);
      else byFile.delete(sf);
      this.joined.delete(name);
    }
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
