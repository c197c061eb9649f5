// Which error a caught value is: `throw new QuotaError(…)` marks what it throws with the class and its
// bases, so that `if (err instanceof RateLimitError)` sees only what a RateLimitError (or an error of
// no known class) carried, and the code after `if (err instanceof X) { …; return; }` no X at all.

import ts = require('typescript');
import type { Label, Taint } from './taint';
import type { FunctionAnalyzer } from './interpreter';

/** `new QuotaError(…)`, or a value of a project class: the class's name and its bases' (`['QuotaError', 'AppError', 'Error']`). */
export function thrownClasses(a: FunctionAnalyzer, e: ts.Expression): readonly string[] | undefined {
  const checker = a.ctx.checker();
  const symbol = ts.isNewExpression(e) ? checker.getSymbolAtLocation(e.expression) : checker.getTypeAtLocation(e).getSymbol();
  let decl = symbol && (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol).valueDeclaration;
  const names: string[] = [];
  for (let depth = 0; decl && ts.isClassLike(decl) && decl.name && depth < 8; depth++) {
    names.push(decl.name.text);
    const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!base) break;
    const baseSymbol = checker.getSymbolAtLocation(base);
    const resolved = baseSymbol && (baseSymbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(baseSymbol) : baseSymbol);
    decl = resolved?.valueDeclaration;
    // A base the project does not declare (`Error`, a library's `HttpException`): its name ends the
    // chain, with the bases it is known to have (Nest's `NotFoundException` is an `HttpException`;
    // any library's `…Error` or `…Exception` is an `Error`).
    if (!decl || !ts.isClassLike(decl)) names.push(...libraryErrorChain(base.getText()));
  }
  // `new Error(…)`, `new TypeError(…)`: the built-in classes, which the library files declare as variables.
  if (!names.length && ts.isNewExpression(e) && ts.isIdentifier(e.expression) && BUILT_IN_ERRORS.test(e.expression.text)) return e.expression.text === 'Error' ? ['Error'] : [e.expression.text, 'Error'];
  // `new HTTPException(404, { message })` of a library that is not installed: its name says its class.
  if (!names.length && ts.isNewExpression(e) && ts.isIdentifier(e.expression) && /(?:Error|Exception)$/.test(e.expression.text)) return libraryErrorChain(e.expression.text);
  return names.length ? names : undefined;
}

const BUILT_IN_ERRORS = /^(?:Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError)$/;

/** Nest's built-in HTTP exceptions, each an `HttpException`. */
const NEST_HTTP_EXCEPTIONS = /^(?:BadRequest|Unauthorized|NotFound|Forbidden|NotAcceptable|RequestTimeout|Conflict|Gone|HttpVersionNotSupported|PayloadTooLarge|UnsupportedMediaType|UnprocessableEntity|InternalServerError|NotImplemented|ImATeapot|MethodNotAllowed|BadGateway|ServiceUnavailable|GatewayTimeout|PreconditionFailed|Misdirected)Exception$/;

function libraryErrorChain(name: string): string[] {
  const last = name.split('.').pop() ?? name;
  if (last === 'Error') return [name];
  if (NEST_HTTP_EXCEPTIONS.test(last)) return [name, 'HttpException', 'Error'];
  return /(?:Error|Exception)$/.test(last) ? [name, 'Error'] : [name];
}

/** What a throw of that class carries, each label marked with it (labels already marked keep theirs). */
export function markThrown(t: Taint, classes: readonly string[]): Taint {
  // (A parameter's placeholder keeps the mark: what a caller passes in is thrown as that class.)
  const labels = t.labels.map((l): Label => (l.thrownAs ? l : { ...l, thrownAs: classes }));
  if (!t.fields) return { labels };
  const fields = new Map<string, Taint>();
  for (const [k, v] of t.fields) fields.set(k, markThrown(v, classes));
  return { labels, fields };
}

/**
 * `err instanceof QuotaError`, `!(err instanceof QuotaError)`: the variable, the class and whether the
 * test is negated; `err instanceof A || err instanceof B`: either class.
 */
export function instanceTest(e: ts.Expression): { target: ts.Identifier; cls: string | readonly string[]; negated: boolean } | undefined {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    const left = instanceTest(e.left);
    const right = instanceTest(e.right);
    if (!left || !right || left.negated || right.negated || left.target.text !== right.target.text) return undefined;
    return { target: left.target, cls: [left.cls, right.cls].flat(), negated: false };
  }
  let negated = false;
  while (ts.isParenthesizedExpression(e) || (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)) {
    if (ts.isPrefixUnaryExpression(e)) negated = !negated;
    e = ts.isParenthesizedExpression(e) ? e.expression : (e as ts.PrefixUnaryExpression).operand;
  }
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword || !ts.isIdentifier(e.left)) return undefined;
  const cls = ts.isIdentifier(e.right) ? e.right.text : ts.isPropertyAccessExpression(e.right) ? e.right.name.text : undefined;
  return cls ? { target: e.left, cls, negated } : undefined;
}

/**
 * The value where the test holds (`is`) or fails: labels thrown as another class, or as that class,
 * are gone. Labels of no known class stay either way.
 */
export function narrowed(t: Taint, cls: string | readonly string[], is: boolean): Taint {
  const classes = typeof cls === 'string' ? [cls] : cls;
  const keep = (l: Label): boolean => !l.thrownAs || classes.some((c) => l.thrownAs!.includes(c)) === is;
  // A parameter's placeholder remembers the test, for what its callers pass (`handleApiError(err)`).
  const marked = t.labels.map((l): Label => (l.param !== undefined ? { ...l, narrowedBy: [...(l.narrowedBy ?? []), { cls, is }] } : l));
  const labels = marked.some((l) => !keep(l)) ? marked.filter(keep) : marked;
  if (!t.fields) return labels === t.labels ? t : { labels };
  const fields = new Map<string, Taint>();
  // (What an error holds of other errors, its `cause` and an `AggregateError`'s `errors`, is theirs: of
  // their own classes, and there whatever the test says of the error holding them.)
  for (const [k, v] of t.fields) fields.set(k, HELD_ERRORS.has(k) ? v : narrowed(v, cls, is));
  return { labels, fields };
}

const HELD_ERRORS = new Set(['cause', 'errors']);

/**
 * A statement after which the code below it does not run: it returns, throws, or leaves the loop
 * round (`continue`, `break`), or a block or both branches of an `if` that do.
 */
export function returns(s: ts.Statement | undefined): boolean {
  if (!s) return false;
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s)) return true;
  if (ts.isBlock(s)) return s.statements.length > 0 && returns(s.statements[s.statements.length - 1]);
  if (ts.isIfStatement(s)) return returns(s.thenStatement) && returns(s.elseStatement);
  return false;
}

/** What a caller passes for a placeholder tested on the way (`narrowedBy`): only what those tests let through. */
export function passedNarrowed(t: Taint, tests: ReadonlyArray<{ cls: string | readonly string[]; is: boolean }> | undefined): Taint {
  let out = t;
  for (const n of tests ?? []) out = narrowed(out, n.cls, n.is);
  return out;
}
