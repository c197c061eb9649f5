// Assignments to existing names, properties and patterns: a local is overwritten (flow-sensitive),
// a `this.field` store is remembered for the class, an object's field is updated in place.

import ts = require('typescript');
import { CLEAN, type Taint, concrete, placeholders, union, whole, withStep, withoutFields } from './taint';
import { declKey, locationOf, textOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { declarationOf } from './origin-syntax';
import { argumentParameters, isStaticField } from './declaration-kinds';

export function assignTo(a: FunctionAnalyzer, target: ts.Node, t: Taint): void {
  if (ts.isParenthesizedExpression(target)) return assignTo(a, target.expression, t);
  if (ts.isIdentifier(target)) {
    const decl = a.ctx.origins.declarationOf(target);
    if (!decl) return;
    const stepped = withStep(t, { location: locationOf(target), message: `assigned to '${target.text}'` });
    const key = declKey(decl);
    a.env.set(key, stepped);
    // `users.forEach((u) => { found = u.email })`: a callback's write to a variable of a function around
    // it is there after the callback ran, which it may not have (so added to what the variable held).
    if (a.parent && !ts.isSourceFile(a.fn) && !within(decl, a.fn)) {
      for (let owner: FunctionAnalyzer | undefined = a.parent; owner; owner = owner.parent) {
        const held = owner.env.get(key);
        if (held) {
          owner.env.set(key, union(held, stepped));
          break;
        }
      }
    }
    // `lastContact = customer.phone` in a function of the module: its other functions (and the modules
    // importing it) may read it later, as they read a module cache.
    if (isModuleVariable(decl) && !ts.isSourceFile(a.root.fn)) keepInField(a, decl, stepped);
    return;
  }
  if (ts.isPropertyAccessExpression(target)) {
    const symbol = a.ctx.checker().getSymbolAtLocation(target.name);
    const decl = declarationOf(symbol);
    if (decl && (target.expression.kind === ts.SyntaxKind.ThisKeyword || isStaticField(decl))) {
      keepInField(a, decl, withStep(t, { location: locationOf(target), message: `stored in '${textOf(target)}'` }));
      return;
    }
    const path = fieldPath(target);
    if (path) setPath(a, path.root, path.fields, t, false);
    return;
  }
  const holder = ts.isElementAccessExpression(target) ? fieldPath(target.expression) : undefined;
  if (holder) {
    const key = (target as ts.ElementAccessExpression).argumentExpression;
    // `attrs['userEmail'] = lead.email`, `config.headers['X-User-Email'] = …`: a field written by its
    // literal name, as `attrs.userEmail = …`.
    if (ts.isStringLiteralLike(key)) return setPath(a, holder.root, [...holder.fields, key.text], t, false);
    // `acc[c.id] = fullName`, `byEmail[email] = row`: under a key not known here, one more of the holder's entries.
    if (!ts.isNumericLiteral(key)) return setPath(a, holder.root, holder.fields, whole(t), true);
  }
  if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
    for (const el of ts.isObjectLiteralExpression(target) ? target.properties : target.elements) {
      if (ts.isShorthandPropertyAssignment(el)) assignTo(a, el.name, t.fields?.get(el.name.text) ?? { labels: t.labels });
      else if (ts.isPropertyAssignment(el)) assignTo(a, el.initializer, whole(t));
      else if (ts.isExpression(el)) assignTo(a, el, whole(t));
    }
  }
}

/** `payload.contact.email`, `url.searchParams`: the variable at the root and the fields below it. */
export function fieldPath(e: ts.Expression): { root: ts.Identifier; fields: string[] } | undefined {
  const fields: string[] = [];
  let x = e;
  while (ts.isPropertyAccessExpression(x) || ts.isParenthesizedExpression(x) || ts.isNonNullExpression(x) || ts.isAsExpression(x)) {
    if (ts.isPropertyAccessExpression(x)) fields.unshift(x.name.text);
    x = x.expression;
  }
  return ts.isIdentifier(x) && fields.length <= 4 ? { root: x, fields } : undefined;
}

/**
 * `payload.contact.email = t` replaces that field below a variable, its other fields kept;
 * `url.searchParams.set('phone', t)` adds to it. A variable of the module (a cache filled by one
 * function and read by another) keeps what it was given for every function, as a class field does.
 */
export function setPath(a: FunctionAnalyzer, holder: ts.Identifier, path: readonly string[], t: Taint, add: boolean): void {
  const base = a.ctx.origins.declarationOf(holder);
  if (!base) return;
  const key = declKey(base);
  const current = a.lookup(key) ?? (add ? a.eval(holder) : CLEAN);
  const next = path.length ? put(current, path, t, add) : add ? union(current, t) : t;
  a.env.set(key, next);
  // `customers.forEach((c) => cc.push(c.email))`: what a callback puts into an object of a function
  // around it is there after the callback ran (added to what it held: the callback may not run).
  if (a.parent && !ts.isSourceFile(a.fn) && !within(base, a.fn)) {
    for (let owner: FunctionAnalyzer | undefined = a.parent; owner; owner = owner.parent) {
      const held = owner.env.get(key);
      if (held) {
        owner.env.set(key, path.length ? put(held, path, t, true) : union(held, t));
        break;
      }
    }
  }
  if (add && isModuleVariable(base) && holdsOwnState(base)) keepInField(a, base, path.length ? put(CLEAN, path, t, true) : t);
  // Below a parameter, the caller's object is written: the summary says so (`writes`).
  const param = parameterIndex(a, base);
  if (param !== undefined && (path.length || add)) a.writes.push({ param, path, taint: t, add: add || mayNotRun(holder, a.root.fn) });
}

/** The index of a parameter of the function being summarised, when `decl` is one (not destructured). */
function parameterIndex(a: FunctionAnalyzer, decl: ts.Declaration): number | undefined {
  const fn = a.root.fn;
  if (ts.isSourceFile(fn) || !ts.isParameter(decl) || decl.parent !== fn || !ts.isIdentifier(decl.name)) return undefined;
  const i = argumentParameters(fn).indexOf(decl);
  return i >= 0 ? i : undefined;
}

/** Whether code may not run every time its function does: under a branch, a loop, a callback, a `catch`. */
function mayNotRun(n: ts.Node, fn: ts.Node): boolean {
  for (let x = n.parent; x && x !== fn; x = x.parent) {
    switch (x.kind) {
      case ts.SyntaxKind.IfStatement:
      case ts.SyntaxKind.ConditionalExpression:
      case ts.SyntaxKind.CaseClause:
      case ts.SyntaxKind.DefaultClause:
      case ts.SyntaxKind.CatchClause:
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return true;
      case ts.SyntaxKind.BinaryExpression: {
        const op = (x as ts.BinaryExpression).operatorToken.kind;
        if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return true;
      }
    }
  }
  return false;
}

/** `delete copy.email`, `url.searchParams.delete('email')`: the field below a variable is gone. */
export function dropPath(a: FunctionAnalyzer, holder: ts.Identifier, path: readonly string[], current: Taint): void {
  const base = a.ctx.origins.declarationOf(holder);
  if (!base || !path.length) return;
  const drop = (t: Taint, fields: readonly string[]): Taint => {
    if (fields.length === 1) return withoutFields(t, fields);
    const inner = t.fields?.get(fields[0]);
    if (!inner) return t;
    const next = new Map(t.fields);
    next.set(fields[0], drop(inner, fields.slice(1)));
    return { labels: t.labels, fields: next };
  };
  a.env.set(declKey(base), drop(a.lookup(declKey(base)) ?? current, path));
  const param = parameterIndex(a, base);
  if (param !== undefined && !mayNotRun(holder, a.root.fn)) a.writes.push({ param, path, taint: CLEAN, add: false, drop: true });
}

function put(current: Taint, path: readonly string[], t: Taint, add: boolean): Taint {
  const [head, ...rest] = path;
  // (Written over, `copy.email = 'erased@invalid'` of `copy = { ...lead }`: what the whole held
  // there, by its type or its callers' argument, is gone.)
  const base = !add && !rest.length ? withoutFields(current, [head]) : current;
  const fields = new Map(base.fields ?? []);
  const inner = fields.get(head) ?? CLEAN;
  fields.set(head, rest.length ? put(inner, rest, t, add) : add ? union(inner, t) : t);
  return { labels: base.labels, fields };
}

/**
 * A module variable the program keeps its own state in: a collection or object it makes
 * (`new Map()`, `new Set()`, `[]`, `{}`), or one declared without a value. A client a library makes
 * (`new Redis(…)`, `createClient()`) stores elsewhere: what its `set` is given is not kept here.
 */
function holdsOwnState(decl: ts.Declaration): boolean {
  const init = ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  if (!init) return true;
  if (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)) return true;
  return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^(?:Map|Set|WeakMap|WeakSet|Array|URLSearchParams|FormData|Headers)$/.test(init.expression.text);
}

function within(n: ts.Node, outer: ts.Node): boolean {
  return n.pos >= outer.pos && n.end <= outer.end && n.getSourceFile() === outer.getSourceFile();
}

/** A variable declared at the top of a module (not in a function or a block of one). */
export function isModuleVariable(decl: ts.Declaration): boolean {
  if (!ts.isVariableDeclaration(decl)) return false;
  const statement = decl.parent?.parent;
  return !!statement && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/** What a class field (`this.contact = …`, `this.byId.set(…)`) is given, kept for every method of the class. */
export function keepInField(a: FunctionAnalyzer, field: ts.Declaration, t: Taint): void {
  keepByKey(a, declKey(field), t);
}

/**
 * The field's store takes what the value holds; what the function's parameters put there is its
 * summary's, for each caller to store with its own arguments (`reporter.recipient = phone`).
 */
export function keepByKey(a: FunctionAnalyzer, key: string, t: Taint): void {
  const c = concrete(t);
  if (c.labels.length || c.fields) a.ctx.fields.add(key, c);
  const p = placeholders(t);
  if (p && !ts.isSourceFile(a.root.fn)) a.stores.push({ key, taint: p });
}
