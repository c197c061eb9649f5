// Dispatch tables: `formatters[kind](customer)`, `handlers[event.type](payload)` call one of the
// functions a constant object literal holds, by a key not known here. Each of them may run.

import ts = require('typescript');
import { localDeclaration } from './origin-syntax';

export interface TableLookup {
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
}

/** The most functions a table may hold for all of them to be followed at one call. */
const MAX_ENTRIES = 24;

function inner(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/**
 * The project functions `table[key](…)` may call, where `table` is a `const` object literal
 * (`as const`, `satisfies` and a declared type allowed) and the key is not a literal.
 */
export function tableFunctions(l: TableLookup, callee: ts.Expression): ts.SignatureDeclaration[] {
  const c = inner(callee);
  if (!ts.isElementAccessExpression(c) || ts.isStringLiteralLike(c.argumentExpression) || ts.isNumericLiteral(c.argumentExpression)) return [];
  const holder = inner(c.expression);
  if (!ts.isIdentifier(holder)) return [];
  const decl = l.declarationOf(holder);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return [];
  const init = inner(decl.initializer);
  if (!ts.isObjectLiteralExpression(init) || init.properties.length > MAX_ENTRIES) return [];
  const methods = init.properties.filter((p): p is ts.MethodDeclaration => ts.isMethodDeclaration(p) && !!p.body);
  const values = init.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [{ value: p.initializer }] : ts.isShorthandPropertyAssignment(p) ? [{ value: p.name }] : []));
  return [...methods, ...entryFunctions(l, values)];
}

interface Entry {
  /** A Map entry's key when written as a literal; `null` for one that is not; none for a list's element. */
  key?: string | null;
  value: ts.Expression;
}

const entriesOf = new WeakMap<ts.VariableDeclaration, Entry[] | undefined>();

/**
 * What a `const` list or Map holds: the elements of its literal (`[(v) => …, …]`, `new Map([['sms',
 * send], …])`) and what is added to it where it is visible (`hooks.push(fn)`, `dispatch.set('sms', fn)`).
 */
export function containerEntries(l: TableLookup, decl: ts.VariableDeclaration): Entry[] | undefined {
  if (entriesOf.has(decl)) return entriesOf.get(decl);
  entriesOf.set(decl, undefined);
  const found = collectEntries(l, decl);
  entriesOf.set(decl, found);
  return found;
}

function collectEntries(l: TableLookup, decl: ts.VariableDeclaration): Entry[] | undefined {
  if (!decl.initializer || !ts.isIdentifier(decl.name) || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined;
  const init = inner(decl.initializer);
  const out: Entry[] = [];
  const keyOf = (k: ts.Expression | undefined): string | null => (k && (ts.isStringLiteralLike(k) || ts.isNumericLiteral(k)) ? k.text : null);
  if (ts.isArrayLiteralExpression(init)) out.push(...init.elements.map((value) => ({ value })));
  else if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'Map') {
    const list = init.arguments?.[0] && inner(init.arguments[0]);
    if (list && !ts.isArrayLiteralExpression(list)) return undefined;
    for (const e of list?.elements ?? []) {
      if (!ts.isArrayLiteralExpression(e) || e.elements.length !== 2) return undefined;
      out.push({ key: keyOf(e.elements[0]), value: e.elements[1] });
    }
  } else return undefined;
  const name = decl.name.text;
  const scope = ts.findAncestor(decl.parent, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n));
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === name) {
      const method = n.expression.name.text;
      const mine = (): boolean => l.declarationOf((n.expression as ts.PropertyAccessExpression).expression as ts.Identifier) === decl;
      if ((method === 'push' || method === 'unshift') && mine()) out.push(...n.arguments.map((value) => ({ value })));
      else if (method === 'set' && n.arguments.length === 2 && mine()) out.push({ key: keyOf(n.arguments[0]), value: n.arguments[1] });
    }
    ts.forEachChild(n, visit);
  };
  if (scope) visit(scope);
  return out.length <= MAX_ENTRIES ? out : undefined;
}

/**
 * The project functions a call may call by a name or an expression that reads them from a list or a
 * Map: `for (const hook of hooks) hook(email)`, `dispatch.get('sms')?.(phone)`, `const format =
 * formatters.get(kind)!; format(user)`, `hooks[i](email)`. A Map read by a literal key calls that
 * key's entries only.
 */
export function heldFunctions(l: TableLookup, callee: ts.Expression, follow = true): ts.SignatureDeclaration[] {
  const c = inner(callee);
  let entries: Entry[] | undefined;
  if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'get' && c.arguments.length === 1) {
    const key = inner(c.arguments[0]);
    const literal = ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? key.text : undefined;
    entries = containerAt(l, c.expression.expression)?.filter((e) => e.key !== undefined && (literal === undefined || e.key === null || e.key === literal));
  } else if (ts.isElementAccessExpression(c) && !ts.isStringLiteralLike(c.argumentExpression)) {
    entries = containerAt(l, c.expression)?.filter((e) => e.key === undefined);
  } else if (ts.isIdentifier(c)) {
    const decl = localDeclaration(c);
    if (!decl || !ts.isVariableDeclaration(decl)) return [];
    const loop = decl.parent.parent;
    // (`for (const hook of hooks)`: each element in turn.)
    if (ts.isForOfStatement(loop) && loop.initializer === decl.parent) entries = containerAt(l, loop.expression)?.filter((e) => e.key === undefined);
    else if (follow && decl.initializer && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) return heldFunctions(l, decl.initializer, false);
  }
  return entryFunctions(l, entries);
}

/** The functions among a container's entries (a written function or a project function named). */
function entryFunctions(l: TableLookup, entries: readonly Entry[] | undefined): ts.SignatureDeclaration[] {
  const out: ts.SignatureDeclaration[] = [];
  for (const { value } of entries ?? []) {
    const v = inner(value);
    const fn = ts.isArrowFunction(v) || ts.isFunctionExpression(v) ? v : ts.isIdentifier(v) || ts.isPropertyAccessExpression(v) ? l.projectFunction(v) : undefined;
    if (fn && (fn as ts.FunctionLikeDeclaration).body) out.push(fn);
  }
  return out;
}

function containerAt(l: TableLookup, e: ts.Expression): Entry[] | undefined {
  const holder = inner(e);
  if (!ts.isIdentifier(holder)) return undefined;
  const decl = localDeclaration(holder) ?? l.declarationOf(holder);
  return decl && ts.isVariableDeclaration(decl) ? containerEntries(l, decl) : undefined;
}
