// Apollo's servers as the project sets them up: the `formatError` hooks given to
// `GraphQLModule.forRoot` or `new ApolloServer`, the plugins' `didEncounterErrors` listeners, and the
// resolver functions of a plain `resolvers` map (`{ Query: { patient: (parent, args, ctx) => … } }`, also
// through `makeExecutableSchema`, arrays, spreads and imported constants); and Mercurius's, registered on
// a Fastify app (`app.register(mercurius, { resolvers, errorFormatter })`). Read from the syntax, with
// what the error middleware knows of callees and declarations.

import ts = require('typescript');
import type { JobHandler } from './job-queues';
import { optionFunctions, optionValue } from './handler-syntax';

export interface ApolloServers {
  formatters: JobHandler[];
  listeners: JobHandler[];
  /** Mercurius's `errorFormatter(execution, context)`: the errors are `execution.errors`. */
  executionFormatters: JobHandler[];
  resolvers: Set<ts.SignatureDeclaration>;
}

/** What a GraphQL operation's throws are handed to. */
export type GraphqlHandlers = Readonly<Pick<ApolloServers, 'formatters' | 'listeners' | 'executionFormatters'>>;

export interface ApolloDeps {
  moduleOf(e: ts.Expression): string | undefined;
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
}

/** `handlerFn`: a function given as a handler, written inline or a project function named (with a body). */
export function apolloServers(deps: ApolloDeps, handlerFn: (e: ts.Expression | undefined) => ts.SignatureDeclaration | undefined): ApolloServers {
  const out: ApolloServers = { formatters: [], listeners: [], executionFormatters: [], resolvers: new Set() };
  const resolve = (e: ts.Expression | undefined, depth: number): ts.Node | undefined => {
    for (let i = 0; e && i < 4 && ts.isIdentifier(e); i++) {
      const d = deps.declarationOf(e);
      e = d && ts.isVariableDeclaration(d) ? d.initializer : undefined;
    }
    if (e && ts.isCallExpression(e) && depth > 0) return deps.projectFunction(e.expression) ?? e;
    return e;
  };
  const addResolvers = (e: ts.Expression | undefined, depth: number): void => {
    const node = resolve(e, depth);
    if (!node || depth > 3) return;
    if (ts.isArrayLiteralExpression(node)) return node.elements.forEach((x) => addResolvers(x, depth + 1));
    // `merge(a, b)`, `mergeResolvers([a, b])`: what they merge.
    if (ts.isCallExpression(node)) return node.arguments.forEach((x) => addResolvers(x, depth + 1));
    if (!ts.isObjectLiteralExpression(node)) return;
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) { addResolvers(p.expression, depth + 1); continue; }
      const fields = resolve(ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined, 0);
      if (!fields || !ts.isObjectLiteralExpression(fields)) continue;
      for (const q of fields.properties) {
        const v = ts.isMethodDeclaration(q) ? q : ts.isPropertyAssignment(q) ? q.initializer : ts.isShorthandPropertyAssignment(q) ? q.name : undefined;
        const f = !v ? undefined : ts.isMethodDeclaration(v) ? (v.body ? v : undefined) : handlerFn(v);
        if (f) out.resolvers.add(f);
      }
    }
  };
  const addListeners = (e: ts.Expression | undefined): void => {
    const seen = new Set<ts.Node>();
    const visit = (n: ts.Node | undefined, depth: number): void => {
      if (!n || depth > 6 || seen.has(n)) return;
      seen.add(n);
      if ((ts.isMethodDeclaration(n) || ts.isPropertyAssignment(n)) && ts.isIdentifier(n.name) && n.name.text === 'didEncounterErrors') {
        const f = handlerFn(ts.isPropertyAssignment(n) ? n.initializer : undefined) ?? (ts.isMethodDeclaration(n) && n.body ? n : undefined);
        if (f && f.parameters.length >= 1 && !out.listeners.some((h) => h.fn === f)) out.listeners.push({ fn: f, job: 0 });
        return;
      }
      if (ts.isIdentifier(n) || ts.isCallExpression(n)) {
        const r = resolve(n as ts.Expression, 1);
        if (r && r !== n) visit(r, depth + 1);
        if (ts.isCallExpression(n)) n.arguments.forEach((x) => visit(x, depth + 1));
        return;
      }
      ts.forEachChild(n, (c) => visit(c, depth + (ts.isFunctionLike(c) ? 1 : 0)));
    };
    visit(e, 0);
  };
  for (const name of ['forRoot', 'forRootAsync', 'ApolloServer', 'makeExecutableSchema']) {
    for (const c of deps.callsNamed(name)) {
      const module = deps.moduleOf(ts.isPropertyAccessExpression(c.expression) ? c.expression.expression : c.expression) ?? '';
      if (module !== '@nestjs/graphql' && !/^(?:@apollo\/server|apollo-server|@graphql-tools\/schema)/.test(module)) continue;
      for (const f of optionFunctions(c.arguments ?? [], 'formatError', (e) => deps.projectFunction(e))) if (!out.formatters.some((h) => h.fn === f)) out.formatters.push({ fn: f, job: 0 });
      const options = c.arguments?.[0] && resolve(c.arguments[0], 0);
      if (!options || !ts.isObjectLiteralExpression(options)) continue;
      const resolvers = optionValue(options, 'resolvers');
      if (resolvers && !ts.isMethodDeclaration(resolvers)) addResolvers(resolvers, 0);
      const plugins = optionValue(options, 'plugins');
      if (plugins && !ts.isMethodDeclaration(plugins)) addListeners(plugins);
    }
  }
  for (const c of deps.callsNamed('register')) {
    const [plugin, options] = c.arguments ?? [];
    if (!plugin || !options || deps.moduleOf(plugin) !== 'mercurius') continue;
    for (const f of optionFunctions([options], 'errorFormatter', (e) => deps.projectFunction(e))) if (!out.executionFormatters.some((h) => h.fn === f)) out.executionFormatters.push({ fn: f, job: 0 });
    const o = resolve(options, 0);
    const resolvers = o && ts.isObjectLiteralExpression(o) ? optionValue(o, 'resolvers') : undefined;
    if (resolvers && !ts.isMethodDeclaration(resolvers)) addResolvers(resolvers, 0);
  }
  return out;
}
