// Where a function is handed to a call (`f(fn)`, `f({ key: fn })`): what the catalogue's
// `callbackParams` are keyed on, so that a callback's parameter can be given the SDK object it receives.

import ts = require('typescript');

/** Where a function is given to a call: argument N, or property KEY of an object-literal argument. */
export type CallbackSlot = { arg: number } | { option: string };

/**
 * The call a function is handed to, and how: `f(fn)`, `f({ key: fn })`, `f({ key(p) {…} })` and
 * `f({ key: [fn] })` (Bugsnag's `onError` takes one callback or a list).
 */
export function callbackSite(fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration): { call: ts.CallExpression | ts.NewExpression; slot: CallbackSlot } | undefined {
  let holder: ts.Node;
  let key: string | undefined;
  if (ts.isMethodDeclaration(fn)) {
    key = propertyName(fn.name);
    holder = fn.parent;
  } else {
    let node: ts.Node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
      return { call: parent, slot: { arg: parent.arguments.indexOf(node as ts.Expression) } };
    }
    if (ts.isArrayLiteralExpression(parent)) node = parent;
    const assignment = node.parent;
    if (!ts.isPropertyAssignment(assignment) || assignment.initializer !== node) return undefined;
    key = propertyName(assignment.name);
    holder = assignment.parent;
  }
  if (key === undefined || !ts.isObjectLiteralExpression(holder)) return undefined;
  const call = holder.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.includes(holder)) return undefined;
  return { call, slot: { option: key } };
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

/** The name a callee ends in: `withScope` of `Sentry.withScope` or of an imported `withScope`. */
export function lastName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}
