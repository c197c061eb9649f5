// `JSON.stringify(login, (key, value) => (key === 'password' ? '[redacted]' : value))`: a replacer
// function that writes something else (or nothing) for some keys leaves their values out.

import ts = require('typescript');
import { localDeclaration, skipOuterExpressions } from './origin-syntax';

/** The keys a replacer writes something other than their value for; undefined when it is not that simple. */
export function replacedKeys(fn: ts.ArrowFunction | ts.FunctionExpression): string[] | undefined {
  const [k, v] = fn.parameters;
  if (!k || !v || !ts.isIdentifier(k.name) || !ts.isIdentifier(v.name)) return undefined;
  const key = k.name.text;
  const value = v.name.text;
  const keys: string[] = [];
  // `if (key === 'password') return '[redacted]'; return value;`
  if (ts.isBlock(fn.body)) {
    const statements = fn.body.statements;
    for (const [i, s] of statements.entries()) {
      if (i === statements.length - 1) return ts.isReturnStatement(s) && s.expression && isName(s.expression, value) && keys.length ? keys : undefined;
      if (!ts.isIfStatement(s) || s.elseStatement) return undefined;
      const then = ts.isBlock(s.thenStatement) && s.thenStatement.statements.length === 1 ? s.thenStatement.statements[0] : s.thenStatement;
      const names = keyTest(s.expression, key);
      if (!names || !ts.isReturnStatement(then) || (then.expression && mentions(then.expression, value))) return undefined;
      keys.push(...names);
    }
    return undefined;
  }
  // `key === 'a' ? '[redacted]' : key === 'b' ? undefined : value`
  let e = skipOuterExpressions(fn.body);
  while (ts.isConditionalExpression(e)) {
    const names = keyTest(e.condition, key);
    if (!names || mentions(e.whenTrue, value)) return undefined;
    keys.push(...names);
    e = skipOuterExpressions(e.whenFalse);
  }
  return isName(e, value) && keys.length ? keys : undefined;
}

/** `key === 'a'`, `'a' === key`, `key === 'a' || key === 'b'`, `['a', 'b'].includes(key)`: the keys it is true for. */
function keyTest(test: ts.Expression, key: string): string[] | undefined {
  const c = skipOuterExpressions(test);
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken) {
      const l = keyTest(c.left, key);
      const r = keyTest(c.right, key);
      return l && r ? [...l, ...r] : undefined;
    }
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) {
      if (isName(c.left, key) && ts.isStringLiteralLike(c.right)) return [c.right.text];
      if (isName(c.right, key) && ts.isStringLiteralLike(c.left)) return [c.left.text];
    }
    return undefined;
  }
  // (Also a `const` list or Set of them: `PERSONAL_KEYS.includes(key)`, `REDACTED.has(key)`.)
  if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression) && (c.expression.name.text === 'includes' || c.expression.name.text === 'has') && c.arguments.length === 1 && isName(c.arguments[0], key)) {
    let list = skipOuterExpressions(c.expression.expression);
    if (ts.isIdentifier(list)) list = constValue(list) ?? list;
    if (c.expression.name.text === 'has') list = ts.isNewExpression(list) && ts.isIdentifier(list.expression) && list.expression.text === 'Set' && list.arguments?.length === 1 ? skipOuterExpressions(list.arguments[0]) : list;
    else if (ts.isNewExpression(list)) return undefined;
    if (ts.isArrayLiteralExpression(list) && list.elements.every(ts.isStringLiteralLike)) return list.elements.map((x) => (x as ts.StringLiteralLike).text);
  }
  return undefined;
}

/** What a `const` of the function or the module is initialised with. */
function constValue(id: ts.Identifier): ts.Expression | undefined {
  const decl = localDeclaration(id) ?? moduleDeclaration(id);
  return decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const ? skipOuterExpressions(decl.initializer) : undefined;
}

function moduleDeclaration(id: ts.Identifier): ts.Declaration | undefined {
  const symbol = (id.getSourceFile() as { locals?: ts.SymbolTable }).locals?.get(id.escapedText);
  return symbol?.valueDeclaration;
}

function isName(e: ts.Expression, name: string): boolean {
  const x = skipOuterExpressions(e);
  return ts.isIdentifier(x) && x.text === name;
}

function mentions(e: ts.Node, name: string): boolean {
  if (ts.isIdentifier(e)) return e.text === name;
  return !!ts.forEachChild(e, (c) => mentions(c, name) || undefined);
}

/**
 * `Object.entries(user).filter(([key]) => ALLOWED.includes(key))`: the object whose entries are
 * filtered, the keys the test names, and whether it keeps them (`!…` drops them).
 */
export function filteredEntries(e: ts.Expression): { of: ts.Expression; keys: string[]; keep: boolean } | undefined {
  const call = skipOuterExpressions(e);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'filter' || call.arguments.length !== 1) return undefined;
  const entries = skipOuterExpressions(call.expression.expression);
  const fn = skipOuterExpressions(call.arguments[0]);
  if (!ts.isCallExpression(entries) || entries.arguments.length !== 1 || !ts.isPropertyAccessExpression(entries.expression) || entries.expression.name.text !== 'entries' || !isName(entries.expression.expression, 'Object')) return undefined;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !fn.parameters.length) return undefined;
  const pattern = fn.parameters[0].name;
  const first = ts.isArrayBindingPattern(pattern) ? pattern.elements[0] : undefined;
  if (!first || !ts.isBindingElement(first) || !ts.isIdentifier(first.name)) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) body = body.statements.length === 1 && ts.isReturnStatement(body.statements[0]) && body.statements[0].expression ? body.statements[0].expression : body;
  if (!ts.isExpression(body)) return undefined;
  let test = skipOuterExpressions(body);
  let keep = true;
  if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) {
    keep = false;
    test = skipOuterExpressions(test.operand);
  }
  const keys = keyTest(test, first.name.text);
  return keys ? { of: entries.arguments[0], keys, keep } : undefined;
}
