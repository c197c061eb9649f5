// The project function a declaration names, when it has a body the analysis can read: a function
// or method, a variable or property holding one, a helper gathered into an object, or a CommonJS
// export of one.

import ts = require('typescript');
import { isAbstract, isInterfaceMethod, localDeclaration, ownMethod, safeAliased, declarationOf } from './origin-syntax';
import type { Origin } from './origins';
import { requiredExport } from './required-modules';

/** What finding a callee's project function needs from the origin resolver. */
export interface FunctionLookup {
  checker(): ts.TypeChecker;
  isProjectFile(fileName: string): boolean;
  /** Names the project declares functions under (a syntactic index): a cheap filter. */
  functionNames(): ReadonlySet<string>;
  /** Interfaces some project class implements: a call through one is a call to its implementations. */
  implemented(): ReadonlySet<string>;
  /** The project file whose path ends in one of these (`/functions/x.private.js`), until the next reset. */
  fileEndingWith(suffixes: readonly string[]): ts.SourceFile | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  originOf(e: ts.Expression): Origin | undefined;
  /** The project module a `require('./x')` call names, in TypeScript files too. */
  requiredModule(e: ts.Expression): ts.Symbol | undefined;
}

/** The project function a callee names, when it has a body the analysis can read. */
export function projectFunctionOf(l: FunctionLookup, callee: ts.Expression): ts.SignatureDeclaration | undefined {
  // `makeGreeter('Hi')(name)`, `logAt('info')('signup')(email)`, `view.formatter()()`: the function
  // the project function called first returns, as it is when held in a const first.
  if (ts.isCallExpression(callee)) {
    const factory = projectFunctionOf(l, callee.expression);
    return factory && returnedFunction(factory);
  }
  if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return undefined;
  if (!l.functionNames().has(ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.text)) return undefined;
  if (ts.isPropertyAccessExpression(callee)) {
    // `this.method()`: the enclosing class says, without asking the checker for `this`'s type.
    if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const own = ownMethod(callee);
      if (own) return own;
    }
    // A member of something that comes from a library (`_.map`, `axios.get`) is the library's.
    const base = l.originOf(callee.expression);
    if (base && !base.inherited && (base.root.module || base.root.global)) return undefined;
  }
  const checker = l.checker();
  // A function declared in an enclosing scope: the binder's tables say, without the checker.
  const decl = (ts.isIdentifier(callee) ? localDeclaration(callee) : undefined) ?? constructedMethod(checker, callee) ?? checkedDeclaration(checker, callee) ?? requiredMember(l, callee);
  if (decl && isInterfaceMethod(decl)) return l.implemented().has((decl.parent as ts.InterfaceDeclaration).name.text) && l.isProjectFile(decl.getSourceFile().fileName) ? decl : undefined;
  return (decl && functionOf(checker, l.isProjectFile, decl, 0, (e) => l.requiredModule(e))) ?? (loadsByName(callee.getSourceFile()) ? runtimeFunction(l, callee) : undefined);
}

/**
 * `const notice: BaseNotice = new PersonalNotice(); notice.text()`: a const made by `new` of a class
 * calls that class's method, its override included, whatever type the variable is declared with.
 */
function constructedMethod(checker: ts.TypeChecker, callee: ts.PropertyAccessExpression | ts.Identifier): ts.Declaration | undefined {
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  const holder = localDeclaration(callee.expression);
  if (!holder || !ts.isVariableDeclaration(holder) || !holder.type || !(holder.parent.flags & ts.NodeFlags.Const)) return undefined;
  const init = holder.initializer;
  if (!init || !ts.isNewExpression(init)) return undefined;
  return declarationOf(checker.getTypeAtLocation(init).getProperty(callee.name.text));
}

/** `helpers.describe` where `const helpers = require('./helpers')` in a TypeScript file: the module's export. */
function requiredMember(l: FunctionLookup, callee: ts.PropertyAccessExpression | ts.Identifier): ts.Declaration | undefined {
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  const holder = localDeclaration(callee.expression) ?? l.declarationOf(callee.expression);
  const init = holder && ts.isVariableDeclaration(holder) ? holder.initializer : undefined;
  const member = init && requiredExport(l.requiredModule(init), callee.name.text);
  return member ? declarationOf(member) : undefined;
}

function checkedDeclaration(checker: ts.TypeChecker, callee: ts.PropertyAccessExpression | ts.Identifier): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol) ?? symbol;
  return declarationOf(symbol, callee);
}

const loadsByNameCache = new WeakMap<ts.SourceFile, boolean>();

/** Whether a file loads modules by name at all (`Runtime.getFunctions()`): most never do. */
function loadsByName(sf: ts.SourceFile): boolean {
  let known = loadsByNameCache.get(sf);
  if (known === undefined) loadsByNameCache.set(sf, (known = sf.text.includes('getFunctions(')));
  return known;
}

/**
 * Twilio Serverless loads a function's helpers by name, not path:
 * `const { twilioExecute } = require(Runtime.getFunctions()['common/helpers/function-helper'].path)`
 * is `functions/common/helpers/function-helper.private.js`. The export the callee names there.
 */
function runtimeFunction(l: FunctionLookup, callee: ts.PropertyAccessExpression | ts.Identifier): ts.SignatureDeclaration | undefined {
  let holder: ts.Declaration | undefined;
  let name: string;
  if (ts.isPropertyAccessExpression(callee)) {
    if (!ts.isIdentifier(callee.expression)) return undefined;
    holder = l.declarationOf(callee.expression);
    name = callee.name.text;
  } else {
    const d = l.declarationOf(callee);
    if (!d || !ts.isBindingElement(d) || !ts.isObjectBindingPattern(d.parent)) return undefined;
    const key = d.propertyName ?? d.name;
    if (!ts.isIdentifier(key)) return undefined;
    holder = d.parent.parent;
    name = key.text;
  }
  const file = holder && ts.isVariableDeclaration(holder) && holder.initializer ? runtimeModule(l, holder.initializer) : undefined;
  const fileSymbol = file && (file as { symbol?: ts.Symbol }).symbol;
  const exported = fileSymbol?.exports?.get(ts.escapeLeadingUnderscores(name)) ?? fileSymbol?.members?.get(ts.escapeLeadingUnderscores(name));
  const d = declarationOf(exported);
  return d && functionOf(l.checker(), l.isProjectFile, d, 0);
}

function runtimeModule(l: FunctionLookup, init: ts.Expression): ts.SourceFile | undefined {
  if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return undefined;
  const path = init.arguments[0];
  const entry = path && ts.isPropertyAccessExpression(path) && path.name.text === 'path' ? path.expression : undefined;
  if (!entry || !ts.isElementAccessExpression(entry) || !ts.isStringLiteralLike(entry.argumentExpression)) return undefined;
  const getter = entry.expression;
  if (!ts.isCallExpression(getter) || !ts.isPropertyAccessExpression(getter.expression) || getter.expression.name.text !== 'getFunctions') return undefined;
  const name = entry.argumentExpression.text.replace(/^\//, '');
  const suffixes = ['.js', '.private.js', '.protected.js', '.ts', '.private.ts', '.protected.ts'].map((x) => `/functions/${name}${x}`);
  return l.fileEndingWith(suffixes);
}

/**
 * The function a declaration names: itself, its initialiser, or, for a helper gathered into an
 * object (`export default { rawQuery }`, then `db.rawQuery(…)` or `const { rawQuery } = db`), the
 * function that property holds.
 */
export function functionOf(checker: ts.TypeChecker, isProjectFile: (fileName: string) => boolean, decl: ts.Declaration, depth: number, required?: (e: ts.Expression) => ts.Symbol | undefined): ts.SignatureDeclaration | undefined {
  if (depth > 4 || !isProjectFile(decl.getSourceFile().fileName)) return undefined;
  if (ts.isShorthandPropertyAssignment(decl)) {
    const value = checker.getShorthandAssignmentValueSymbol(decl);
    const d = declarationOf(value);
    return d && functionOf(checker, isProjectFile, d, depth + 1, required);
  }
  if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent) && decl.parent.parent.initializer) {
    const key = decl.propertyName ?? decl.name;
    const init = decl.parent.parent.initializer;
    const member = ts.isIdentifier(key) ? (checker.getTypeAtLocation(init).getProperty(key.text) ?? requiredExport(required?.(init), key.text)) : undefined;
    const d = declarationOf(member);
    return d && functionOf(checker, isProjectFile, d, depth + 1, required);
  }
  if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl;
  // An overload signature (`function contactLine(u: User): string;`): the implementation after it.
  if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && !decl.body && !isAbstract(decl)) {
    const body = checker.getSymbolAtLocation(decl.name ?? decl)?.declarations?.find((d): d is ts.FunctionDeclaration | ts.MethodDeclaration => (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d)) && !!d.body);
    if (body) return body;
  }
  // An abstract method stands for its subclasses' implementations (see implementationsOf).
  if (isAbstract(decl)) return decl;
  // `export default (message) => …`, `export default format;`
  if (ts.isExportAssignment(decl)) {
    const value = decl.expression;
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    const symbol = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
    const d = declarationOf(symbol);
    return d && d !== decl ? functionOf(checker, isProjectFile, d, depth + 1, required) : undefined;
  }
  // CommonJS: `exports.notify = function (…) {…}`, `module.exports.track = track`.
  const assigned = ts.isBinaryExpression(decl) ? decl : ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent) && decl.parent.left === decl ? decl.parent : undefined;
  if (assigned && assigned.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const value = assigned.right;
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    const symbol = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
    const d = declarationOf(symbol);
    return d && d !== decl ? functionOf(checker, isProjectFile, d, depth + 1, required) : undefined;
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  // `const log = makeLogger('billing')`: the function a project factory returns (`(msg) => console.log(…)`).
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isCallExpression(decl.initializer)) {
    const callee = decl.initializer.expression;
    const factory = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? checkedDeclaration(checker, callee) : undefined;
    const fn = factory && factory !== decl ? functionOf(checker, isProjectFile, factory, depth + 1, required) : undefined;
    return fn && returnedFunction(fn);
  }
  if (ts.isPropertyAssignment(decl) && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  // `module.exports = { track: track }`: the function the property names.
  if (ts.isPropertyAssignment(decl) && ts.isIdentifier(decl.initializer)) {
    const value = checker.getSymbolAtLocation(decl.initializer);
    const d = declarationOf(value);
    return d && d !== decl ? functionOf(checker, isProjectFile, d, depth + 1, required) : undefined;
  }
  if (ts.isPropertyDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  return undefined;
}

const returnedByFactory = new WeakMap<ts.SignatureDeclaration, ts.SignatureDeclaration | null>();

/** The one function a factory returns: `(prefix) => (msg) => …`, `{ return function (msg) { … } }`. */
export function returnedFunction(fn: ts.SignatureDeclaration): ts.SignatureDeclaration | undefined {
  let known = returnedByFactory.get(fn);
  if (known === undefined) returnedByFactory.set(fn, (known = findReturnedFunction(fn) ?? null));
  return known ?? undefined;
}

function findReturnedFunction(fn: ts.SignatureDeclaration): ts.SignatureDeclaration | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return undefined;
  const isFunction = (e: ts.Node | undefined): e is ts.ArrowFunction | ts.FunctionExpression => !!e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
  if (!ts.isBlock(body)) {
    const e = ts.isParenthesizedExpression(body) ? body.expression : body;
    return isFunction(e) ? e : undefined;
  }
  const returned: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n)) {
      if (n.expression) returned.push(n.expression);
    } else if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
  };
  visit(body);
  return returned.length === 1 && isFunction(returned[0]) ? returned[0] : undefined;
}

const subclassIndex = new WeakMap<ts.Program, Map<string, ts.ClassLikeDeclaration[]>>();

/**
 * The methods that implement an abstract one (`abstract handle(…)`) in the project's subclasses of its
 * class, however deep: what a call of the abstract method may run.
 */
export function implementationsOf(program: ts.Program, isProjectFile: (fileName: string) => boolean, method: ts.MethodDeclaration | ts.MethodSignature): ts.MethodDeclaration[] {
  const name = method.name.getText();
  const checker = program.getTypeChecker();
  const out: ts.MethodDeclaration[] = [];
  const seen = new Set<ts.ClassLikeDeclaration | ts.InterfaceDeclaration>();
  const visit = (base: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, depth: number): void => {
    if (depth > 4 || seen.has(base) || !base.name) return;
    seen.add(base);
    const baseSymbol = checker.getSymbolAtLocation(base.name);
    for (const sub of subclassesNamed(program, isProjectFile, base.name.text)) {
      const heritage = sub.heritageClauses?.flatMap((h) => h.types) ?? [];
      const names = (t: ts.ExpressionWithTypeArguments): boolean => {
        let symbol = checker.getSymbolAtLocation(t.expression);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        return !!symbol && symbol === baseSymbol;
      };
      if (!heritage.some(names)) continue;
      const own = sub.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && m.name.getText() === name);
      if (own) out.push(own);
      visit(sub, depth + 1);
    }
  };
  visit(method.parent as ts.ClassLikeDeclaration | ts.InterfaceDeclaration, 0);
  return out;
}

function subclassesNamed(program: ts.Program, isProjectFile: (fileName: string) => boolean, baseName: string): readonly ts.ClassLikeDeclaration[] {
  let index = subclassIndex.get(program);
  if (!index) {
    const built = new Map<string, ts.ClassLikeDeclaration[]>();
    for (const sf of program.getSourceFiles()) {
      if (sf.isDeclarationFile || !isProjectFile(sf.fileName)) continue;
      for (const [name, c] of subclassesIn(sf)) built.set(name, [...(built.get(name) ?? []), c]);
    }
    subclassIndex.set(program, (index = built));
  }
  return index.get(baseName) ?? [];
}

const subclassesByFile = new WeakMap<ts.SourceFile, ReadonlyArray<readonly [string, ts.ClassLikeDeclaration]>>();

/** The file's classes that extend or implement another, by that name (`Destination` in `extends Destination`). */
function subclassesIn(sf: ts.SourceFile): ReadonlyArray<readonly [string, ts.ClassLikeDeclaration]> {
  let known = subclassesByFile.get(sf);
  if (known) return known;
  const found: Array<readonly [string, ts.ClassLikeDeclaration]> = [];
  const collect = (n: ts.Node): void => {
    if (ts.isClassLike(n)) {
      for (const t of n.heritageClauses?.flatMap((h) => h.types) ?? []) {
        const e = t.expression;
        const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
        if (name) found.push([name, n]);
      }
    }
    ts.forEachChild(n, collect);
  };
  collect(sf);
  subclassesByFile.set(sf, (known = found));
  return known;
}
