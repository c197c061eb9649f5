// tRPC hands each procedure and middleware the context its `createContext` made, typed by
// `initTRPC.context<Context>()`. With @trpc/server not installed the checker sees `ctx` as `any`, but
// the project's own `context<T>()` call says what it holds: `ctx.logger` is the logger put there.

import ts = require('typescript');

/** Builder methods whose callback gets `{ ctx, input, next }`. */
const PROCEDURE_METHODS = /^(?:query|mutation|subscription|use|middleware|unstable_pipe)$/;

/** `ctx` destructured from a tRPC procedure's or middleware's options (`.mutation(({ ctx, input }) => …)`). */
export function isProcedureContext(id: ts.Identifier, declarationOf: (id: ts.Identifier) => ts.Declaration | undefined): boolean {
  const decl = declarationOf(id);
  if (!decl || !ts.isBindingElement(decl) || (decl.propertyName ?? decl.name).getText() !== 'ctx') return false;
  const param = decl.parent.parent;
  if (!ts.isParameter(param) || !ts.isObjectBindingPattern(param.name)) return false;
  const fn = param.parent;
  if (fn.parameters[0] !== param || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments.includes(fn) && ts.isPropertyAccessExpression(call.expression) && PROCEDURE_METHODS.test(call.expression.name.text);
}

/** The type the project's `initTRPC.context<Context>()` names, if it makes one. */
export function procedureContextType(contextCalls: readonly (ts.CallExpression | ts.NewExpression)[], checker: ts.TypeChecker): ts.Type | undefined {
  for (const call of contextCalls) {
    if (!ts.isCallExpression(call) || call.typeArguments?.length !== 1 || !ts.isPropertyAccessExpression(call.expression)) continue;
    if (call.expression.expression.getText() !== 'initTRPC') continue;
    return checker.getTypeFromTypeNode(call.typeArguments[0]);
  }
  return undefined;
}
