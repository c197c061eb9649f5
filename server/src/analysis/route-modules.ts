// Remix and React Router route modules: a `loader` (or `action`) whose return value the route's
// component reads back through a data hook (`useLoaderData<typeof loader>()`).

import ts = require('typescript');
import type { FunctionAnalyzer } from './interpreter';
import { skipTypeAssertions } from './library-results';

/** Remix's and React Router's packages. */
const ROUTER_MODULES = /^(?:@remix-run\/(?:react|node|cloudflare|deno|server-runtime)|react-router|react-router-dom|@react-router\/node)$/;
/** A loader's helpers that wrap its data in a response (`json(data)`, `data(value)`). */
export const RESPONSE_HELPERS = new Set(['json', 'data', 'defer', 'typedjson']);
const ROUTE_DATA_HOOKS = new Set(['useLoaderData', 'useActionData', 'useRouteLoaderData']);

/** The router package's function a call makes (`useLoaderData`, `json`), by its import. */
export function routerCall(a: FunctionAnalyzer, call: ts.CallExpression): string | undefined {
  if (!ts.isIdentifier(call.expression)) return undefined;
  const origin = a.ctx.origins.of(call.expression);
  return origin && ROUTER_MODULES.test(origin.root.module ?? '') && origin.path.length === 1 ? origin.path[0] : undefined;
}

/** The loader (or action) whose data a route's data hook call gives. */
export function routeDataHook(a: FunctionAnalyzer, call: ts.CallExpression, name = routerCall(a, call)): ts.SignatureDeclaration | undefined {
  return name && ROUTE_DATA_HOOKS.has(name) ? routeFunction(a, call, name === 'useActionData' ? 'action' : 'loader') : undefined;
}

/**
 * `const { listing } = useLoaderData<typeof loader>()` where the router is not installed: the type of
 * what the loader returns, as the project's types say (`listing: Listing`).
 */
export function routeDataType(a: FunctionAnalyzer, e: ts.Expression): ts.Type | undefined {
  const call = skipTypeAssertions(e);
  const loader = ts.isCallExpression(call) ? routeDataHook(a, call) : undefined;
  const checker = a.ctx.checker();
  const signature = loader && checker.getSignatureFromDeclaration(loader);
  if (!signature) return undefined;
  const returned = checker.getReturnTypeOfSignature(signature);
  const type = checker.getAwaitedType(returned) ?? returned;
  return type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) ? undefined : type;
}

/**
 * The loader (or action) a route's data hook gives what of: the one its type argument names
 * (`useLoaderData<typeof loader>()`), else the same module's exported `loader`.
 */
function routeFunction(a: FunctionAnalyzer, call: ts.CallExpression, exported: string): ts.SignatureDeclaration | undefined {
  const arg = call.typeArguments?.[0];
  if (arg && ts.isTypeQueryNode(arg) && ts.isIdentifier(arg.exprName)) return a.ctx.origins.projectFunction(arg.exprName);
  if (arg || call.arguments.length) return undefined;
  const sf = call.getSourceFile();
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === exported && s.body) return s;
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === exported && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer;
  }
  return undefined;
}
