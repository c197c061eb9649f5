// What ordinary calls return, neither sinks nor project functions: a getter's field, a collection
// after `push`, a masked string, a compiled template's text, a parsed queue body, a watched ref.

import ts = require('typescript');
import { CLEAN, type Label, type Taint, fieldLabels, flatten, isClean, union, whole, withStep } from './taint';
import { fieldPath, keepInField, setPath } from './assignments';
import { declKey, locationOf, textOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { isMessageText } from './expressions';
import { containerOf } from './containers';
import { declarationOf, localDeclaration } from './origin-syntax';

/** A Vue ref watched as a whole holds its value in `.value`: what was put there is what the watcher sees. */
export function unwrapRef(a: FunctionAnalyzer, arg: ts.Expression, t: Taint): Taint {
  return t.fields?.get('value') ?? whole(t);
}

/**
 * `record.getPassword()` on an object the analysis cannot see into: a getter returns the field it
 * is named after, so it is classified as reading `record.password` would be.
 */
export function getterRead(a: FunctionAnalyzer, call: ts.CallExpression): Taint {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  const field = name && /^get([A-Z][A-Za-z0-9]*)$/.exec(name)?.[1];
  if (!field) return CLEAN;
  const fieldName = field[0].toLowerCase() + field.slice(1);
  if (!a.mayBePersonal(fieldName)) return CLEAN;
  const ctx = a.ctx;
  const kind = ctx.sources.typeKind(ctx.checker().getTypeAtLocation(call));
  const container = ts.isPropertyAccessExpression(callee) ? containerOf(callee.expression) : undefined;
  return a.sourceTaint(ctx.sources.ofName(fieldName, container, kind, call), call);
}

/**
 * Methods that put their arguments into the receiver: `lines.push(x)`, `set.add(x)`, and the value of
 * `map.set(k, v)`, `params.append(k, v)`. The receiver carries what went in.
 */
export const STORE_METHODS = new Map<string, 'all' | 'value'>([
  ['push', 'all'],
  ['unshift', 'all'],
  ['add', 'all'],
  ['set', 'value'],
  ['append', 'value'],
]);

/**
 * A local collection (or builder) now holds `value`. Returns the call's value: a builder's `set`
 * returns the builder, `push` a length.
 */
export function storeInto(a: FunctionAnalyzer, callee: ts.PropertyAccessExpression, receiver: Taint, value: Taint, returnsLength: boolean): Taint {
  if (isClean(value)) return returnsLength ? CLEAN : receiver;
  const holder = callee.expression;
  // An element keeps its fields: `rows.push({ key, value })`, then `row.key`, reads the key alone.
  const added = withStep(value, { location: locationOf(callee), message: `added to '${textOf(holder)}'` });
  if (ts.isPropertyAccessExpression(holder) && holder.expression.kind === ts.SyntaxKind.ThisKeyword) {
    // `this.history.set(id, user.email)`: a collection held in a class field keeps it for every method.
    const symbol = a.ctx.checker().getSymbolAtLocation(holder.name);
    const decl = declarationOf(symbol);
    if (decl) keepInField(a, decl, added);
  } else {
    // `lines.push(x)`, and below a variable: `url.searchParams.set('phone', x)` before `fetch(url)`.
    const path = fieldPath(holder);
    if (path) setPath(a, path.root, path.fields, added, true);
  }
  return returnsLength ? CLEAN : union(receiver, added);
}

/** `s.replace(/./g, '*')`: every character replaced by a mask character is masking. */
export function isMasking(args: readonly ts.Expression[]): boolean {
  const [pattern, replacement] = args;
  if (!pattern || !replacement || !ts.isStringLiteralLike(replacement)) return false;
  const regex = regexOf(pattern);
  if (!regex) return false;
  const flags = regex.flags;
  // The pattern must match any character (`.`, `\w`, `[^@]`), lookarounds aside: `/foo/g` masks nothing.
  const body = regex.source.replace(/\(\?<?[=!][^)]*\)/g, '');
  const anyChar = /^(?:\.|\\[wdSs]|\[[^\]]+\])[+*]?$/.test(body);
  // A run of them (`/(?<=^.).*(?=@)/`, `/.+(?=.{4}$)/`) replaces everything it matches at once, without `g`.
  const run = /[+*]$/.test(body);
  return anyChar && (flags.includes('g') || run) && replacement.text.length > 0 && /^[*#xX•·●_-]+$/.test(replacement.text);
}

/** A regular expression written as `/…/g` or `new RegExp('…', 'g')`, as source and flags. */
function regexOf(e: ts.Expression): { source: string; flags: string } | undefined {
  if (ts.isRegularExpressionLiteral(e)) {
    const slash = e.text.lastIndexOf('/');
    return { source: e.text.slice(1, slash), flags: e.text.slice(slash + 1) };
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'RegExp') {
    const [source, flags] = e.arguments ?? [];
    if (source && ts.isStringLiteralLike(source) && (!flags || ts.isStringLiteralLike(flags))) return { source: source.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' };
  }
  return undefined;
}

const TEMPLATE_COMPILERS = /^(?:compile|template|compileTemplate|compileFile)$/;

export function isCompiledTemplate(a: FunctionAnalyzer, callee: ts.Expression): boolean {
  let made: ts.Expression | undefined = callee;
  if (ts.isIdentifier(callee)) {
    const decl = a.ctx.origins.declarationOf(callee);
    made = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  }
  if (!made || !ts.isCallExpression(made)) return false;
  const name = ts.isPropertyAccessExpression(made.expression) ? made.expression.name.text : ts.isIdentifier(made.expression) ? made.expression.text : '';
  return TEMPLATE_COMPILERS.test(name);
}

export function withoutGuessedText(t: Taint): Taint {
  const labels = flatten(t);
  return labels.some((l) => isMessageText(l.category) && l.reason.kind === 'name') ? { labels: labels.filter((l) => !(isMessageText(l.category) && l.reason.kind === 'name')) } : t;
}

/**
 * What follows the `@` of an address: `email.replace(/^[^@]*@/, '')`, `email.slice(email.indexOf('@') + 1)`,
 * `email.substring(email.lastIndexOf('@'))` (a mail domain, not the person's address).
 */
export function cutsToMailDomain(receiver: ts.Expression, method: string, args: readonly ts.Expression[]): boolean {
  const [first, second] = args;
  if (method === 'replace' || method === 'replaceAll') {
    return !!first && ts.isRegularExpressionLiteral(first) && /^\/\^?(?:\[\^@\][*+]|\.[*+])@\/[a-z]*$/.test(first.text) && !!second && ts.isStringLiteralLike(second) && second.text === '';
  }
  if ((method !== 'slice' && method !== 'substring' && method !== 'substr') || !first || second) return false;
  let start = first;
  if (ts.isBinaryExpression(start) && start.operatorToken.kind === ts.SyntaxKind.PlusToken && ts.isNumericLiteral(start.right)) start = start.left;
  // (`const at = email.indexOf('@'); email.slice(at + 1)`: the position a const holds.)
  const held = ts.isIdentifier(start) ? localDeclaration(start) : undefined;
  if (held && ts.isVariableDeclaration(held) && held.parent.flags & ts.NodeFlags.Const && held.initializer) start = held.initializer;
  if (!ts.isCallExpression(start) || !ts.isPropertyAccessExpression(start.expression) || !/^(?:lastIndexOf|indexOf)$/.test(start.expression.name.text)) return false;
  const at = start.arguments[0];
  return !!at && ts.isStringLiteralLike(at) && at.text === '@' && start.expression.expression.getText() === receiver.getText();
}

/** `phone.slice(-4)`: the last few digits, what a receipt prints to say which number, not the number. */
export function isLastDigits(args: readonly ts.Expression[]): boolean {
  const from = args[0];
  if (args.length !== 1 || !from || !ts.isPrefixUnaryExpression(from) || from.operator !== ts.SyntaxKind.MinusToken) return false;
  return ts.isNumericLiteral(from.operand) && Number(from.operand.text) <= 4;
}

/**
 * `phone.slice(1, 3)`, `postcode.substring(0, 2)`: at most three characters cut out of a string (a
 * calling code, a postcode area) identify no one. (Three lines of a transcript, `lines.slice(0, 3)`,
 * are not three characters: the receiver must be a string, or untyped and not a `split` result.)
 */
export function isShortPiece(a: FunctionAnalyzer, receiver: ts.Expression, method: string, args: readonly ts.Expression[]): boolean {
  const n = args.map((x) => (ts.isNumericLiteral(x) ? Number(x.text) : NaN));
  const short =
    ((method === 'slice' || method === 'substring') && args.length === 2 && n[0] >= 0 && n[1] >= n[0] && n[1] - n[0] <= 3) ||
    (method === 'substr' && args.length === 2 && n[0] >= 0 && n[1] >= 0 && n[1] <= 3);
  if (!short) return false;
  if (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'split') return false;
  const type = a.ctx.checker().getTypeAtLocation(receiver);
  return !!(type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Any));
}

/**
 * The cookie a `find` callback picks by name: `(c) => c.startsWith('phone=')`, `c.trim().startsWith(…)`,
 * `c.indexOf('dob=') === 0`.
 */
export function namedCookie(fn: ts.ArrowFunction | ts.FunctionExpression): string | undefined {
  const body = ts.isBlock(fn.body) ? (fn.body.statements.length === 1 && ts.isReturnStatement(fn.body.statements[0]) ? fn.body.statements[0].expression : undefined) : fn.body;
  let test = body;
  if (test && ts.isBinaryExpression(test) && ts.isCallExpression(test.left)) test = test.left;
  if (!test || !ts.isCallExpression(test) || !ts.isPropertyAccessExpression(test.expression)) return undefined;
  if (!/^(?:startsWith|indexOf|includes)$/.test(test.expression.name.text)) return undefined;
  const arg = test.arguments[0];
  const m = arg && ts.isStringLiteralLike(arg) ? /^\s*([\w.-]+)=$/.exec(arg.text) : null;
  return m ? m[1] : undefined;
}

/** `['id', 'plan']`: a list of keys written out, if that is what the expression is. */
export function literalKeys(e: ts.Expression | undefined): string[] | undefined {
  if (!e || !ts.isArrayLiteralExpression(e) || !e.elements.every((x) => ts.isStringLiteralLike(x))) return undefined;
  return e.elements.map((x) => (x as ts.StringLiteralLike).text);
}

/** What a value holds in these keys alone (`pick(user, ['email'])`). */
export function picked(t: Taint, keys: readonly string[]): Taint {
  let out: Taint = CLEAN;
  // (What a type holds in a picked field stays in that field: the rest of it, `{ email, ...rest }`, has none.)
  const inField = (l: Label): boolean => l.param === undefined && !l.record && !!l.typeFields;
  const others = t.labels.filter((l) => !inField(l));
  for (const k of keys) {
    const held = t.labels.filter((l) => inField(l) && l.typeFields!.includes(k)).map((l) => ({ ...l, typeFields: [k] }));
    out = union(out, union(t.fields?.get(k) ?? CLEAN, { labels: [...held, ...fieldLabels(others, k)] }));
  }
  return out;
}

const LODASH = /^(?:lodash|lodash-es|underscore)(?:\/(?:pick|omit))?$|^lodash\.(?:pick|omit)$/;

/** A call of lodash's (or underscore's) `pick` or `omit`, by its origin. */
export function lodashSelection(a: FunctionAnalyzer, callee: ts.Expression): 'pick' | 'omit' | undefined {
  const o = a.ctx.origins.of(callee);
  const module = o?.root.module;
  if (!module || !LODASH.test(module)) return undefined;
  const last = o.path[o.path.length - 1];
  const name = last && last !== 'default' ? last : (/(pick|omit)$/.exec(module)?.[1] ?? '');
  return name === 'pick' || name === 'omit' ? name : undefined;
}
