// Where a called value comes from: a root (an imported module or a global) and a path of property
// reads and calls. Follows imports and re-exports, const initialisers, class fields, object
// properties, factory functions' return values, parameter type annotations and the parameters of
// callbacks that the catalogue says receive an SDK object — never a variable's name. Works without
// node_modules: the module specifier is enough.

import { ProjectCalls, passedArgument, passedField } from './passed-arguments';
import ts = require('typescript');
import { nameOf } from './locations';
import { requiredExport, requiredModuleSymbol } from './required-modules';
import { type FunctionLookup, projectFunctionOf } from './project-functions';
import { isProcedureContext, procedureContextType } from './trpc-context';
import { type TypeLookup, ofTypeNode } from './origin-types';
import { catalogueCallbackParameter, passedCallbackParameter, projectCallbackParameter, type CallbackSlot } from './callback-site';
import { constructorAssignment, isNothing, isRelative, moduleName, moduleSpecifierNode, moduleSpecifierOf, returnedExpression, safeAliased, skipOuterExpressions, either, assignedValues, declarationOf, isDynamicImport, isRequireCall } from './origin-syntax';

export { moduleName, returnedExpression } from './origin-syntax';

export type { CallbackSlot } from './callback-site';

export interface OriginRoot {
  module?: string;
  global?: string;
}

export interface Origin {
  root: OriginRoot;
  /** Property names and `()` for calls (a `new` counts as a call). */
  path: readonly string[];
  /** The calls met along the path (factories, `create({ baseURL })`), innermost first. */
  calls: ReadonlyArray<ts.CallExpression | ts.NewExpression>;
  /**
   * Reached through a project class that extends a library's (`class AppLogger extends ConsoleLogger`):
   * only the members the project class does not declare are the library's.
   */
  inherited?: boolean;
}

/**
 * What the catalogue says callbacks' parameters are (SinkSpec.callbackParams): the origin path of the
 * object that parameter `param` of the function in `slot` of a call to `callee` receives.
 */
/** A plugin's first parameter by convention (SinkSpec.pluginParams): the object it is, and in which function. */
export interface PluginParam {
  root: OriginRoot;
  path: readonly string[];
  within?: string;
}

export interface CallbackObjects {
  /** The names such a call's callee can end in, for a cheap filter; undefined when any may. */
  names?: ReadonlySet<string>;
  pathOf(callee: Origin, slot: CallbackSlot, param: number, arity: number): readonly string[] | undefined;
  /** By name, what a plugin's untyped first parameter is (SinkSpec.pluginParams). */
  plugins?: ReadonlyMap<string, readonly PluginParam[]>;
}

const MAX_DEPTH = 12;
const LOGICAL = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);
/** Methods by which dependency-injection containers hand out a service: `resolve<Logger>(KEY)`. */
const CONTAINER_GETTERS = new Set(['resolve', 'get', 'getService', 'inject', 'make']);
/** Globals that hold other globals: `window.fetch` is `fetch`. */
const GLOBAL_HOLDERS = new Set(['window', 'globalThis', 'self', 'global']);

export class OriginResolver {
  private cache = new Map<ts.Node, Origin | null>();

  private declCache = new Map<string, Origin | null>();
  /**
   * Lookups the depth limit cut short, with the depth they were asked at: they found nothing only
   * because of where they were asked from, so a lookup asked nearer the top (with more of the limit
   * left) asks again; one asked as deep or deeper takes the answer. Caching them for good made a
   * name's origin depend on the order of the scan (a client first met at the far end of a long chain
   * of callers was "no origin" from then on); never caching them made some projects' scans redo the
   * same long searches at every call (papercups: minutes instead of seconds).
   */
  private cutShort = new Map<ts.Node | string, { out: Origin | null; depth: number }>();
  /** Whether the lookup under way met the depth limit somewhere below. */
  private metLimit = false;
  private readonly projectCalls = new ProjectCalls(() => this.files());

  private filesBySuffix = new Map<string, ts.SourceFile | undefined>();
  private filesByName?: Map<string, ts.SourceFile>;

  private callbackObjects?: CallbackObjects;

  /** Methods of runtime-injected objects that return an SDK's client, by method name. */
  private factories = new Map<string, OriginRoot>();

  /** Bumped by every reset, so that what others derive from origins knows when to recompute. */
  generation = 0;

  constructor(
    private readonly checker: () => ts.TypeChecker,
    private readonly isProjectFile: (fileName: string) => boolean,
    /** What the project declares, by name (a syntactic index). */
    private readonly names: () => { holders: ReadonlySet<string>; functions: ReadonlySet<string>; implemented: ReadonlySet<string>; getters: ReadonlySet<string> },
    /** The project's source files, for modules named other than by a path (Twilio's `Runtime.getFunctions()`). */
    private readonly files: () => readonly ts.SourceFile[] = () => [],
  ) {}

  reset(): void {
    this.cache = new Map();
    this.declCache = new Map();
    this.cutShort = new Map();
    this.metLimit = false;
    this.projectCalls.reset();
    this.filesBySuffix = new Map();
    this.filesByName = undefined;
    this.generation++;
  }

  /** The catalogue's runtime factories (`context.getTwilioClient()`); set by the sink recogniser. */
  useFactories(factories: ReadonlyMap<string, OriginRoot>): void {
    this.factories = new Map(factories);
    this.reset();
  }

  /** The catalogue's callback parameters; set by the sink recogniser, which owns the catalogue. */
  useCallbackObjects(objects: CallbackObjects): void {
    this.callbackObjects = objects;
    this.reset();
  }

  of(expr: ts.Expression): Origin | undefined {
    return this.resolve(expr, 0);
  }

  /** The project declares a function or method of this name somewhere (a syntactic index). */
  declaresFunction(name: string): boolean {
    return this.names().functions.has(name);
  }

  /** The project's calls with arguments by the name they call, gathered once per program. */
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[] {
    return this.projectCalls.named(name);
  }

  /** The declaration a name refers to, through import aliases. */
  declarationOf(id: ts.Identifier): ts.Declaration | undefined {
    const checker = this.checker();
    // `{ resolvers }`: the variable the shorthand names, not the property it makes.
    let symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol) ?? symbol;
    return declarationOf(symbol, id);
  }

  private resolve(expr: ts.Node, depth: number): Origin | undefined {
    if (depth > MAX_DEPTH) {
      this.metLimit = true;
      return undefined;
    }
    return this.memo(this.cache, expr, depth, () => {
      try {
        return this.compute(expr, depth);
      } catch {
        return undefined;
      }
    });
  }

  /**
   * `compute()` once per key: for good, unless the depth limit cut it short; then again only when
   * asked with more of the limit left. (A lookup meeting itself under way finds nothing there.)
   */
  private memo<K extends ts.Node | string>(cache: Map<K, Origin | null>, key: K, depth: number, compute: () => Origin | undefined): Origin | undefined {
    const done = cache.get(key);
    if (done !== undefined) return done ?? undefined;
    const cut = this.cutShort.get(key);
    if (cut && cut.depth <= depth) {
      this.metLimit = true;
      return cut.out ?? undefined;
    }
    const outer = this.metLimit;
    this.metLimit = false;
    cache.set(key, null);
    let out: Origin | undefined;
    try {
      out = compute();
    } finally {
      if (this.metLimit) {
        cache.delete(key);
        this.cutShort.set(key, { out: out ?? null, depth });
      } else cache.set(key, out ?? null);
      this.metLimit = outer || this.metLimit;
    }
    return out;
  }

  private compute(node: ts.Node, depth: number): Origin | undefined {
    // `(ctx.state.log as Logger)`: what the value is, else what the cast says it is; and where the
    // value is only a field of another library's object (koa's `ctx.state`), what the cast says.
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const inner = this.resolve(node.expression, depth + 1);
      const fieldOfLibraryObject = !!inner?.root.module && inner.calls.length === 0 && ts.isPropertyAccessExpression(skipOuterExpressions(node.expression));
      if (inner?.root.module && !fieldOfLibraryObject) return inner;
      const cast = this.ofTypeNode(node.type, depth);
      if (fieldOfLibraryObject) return cast?.root.module && cast.root.module !== inner!.root.module ? cast : inner;
      return either(inner, cast) ?? inner;
    }
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isAwaitExpression(node)) {
      return this.resolve(node.expression, depth + 1);
    }
    if (ts.isIdentifier(node)) return this.ofIdentifier(node, depth);
    // `super.warn(…)` in `class AppLogger extends ConsoleLogger`: the library's own method.
    if (node.kind === ts.SyntaxKind.SuperKeyword) {
      const base = this.baseClassOrigin(ts.findAncestor(node, ts.isClassLike), depth);
      return base && { root: base.root, path: [...base.path, '()'], calls: base.calls };
    }
    // `cached ?? createClient()`, `key ? new Stripe(key) : null`: whichever side is a client.
    if (ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind)) return either(this.resolve(node.left, depth + 1), this.resolve(node.right, depth + 1));
    if (ts.isConditionalExpression(node)) return either(this.resolve(node.whenTrue, depth + 1), this.resolve(node.whenFalse, depth + 1));
    if (ts.isPropertyAccessExpression(node) || (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : (node.argumentExpression as ts.StringLiteralLike).text;
      const base = node.expression;
      // `window.sforce`, `(window as any).sforce`: a global the page's scripts put there.
      const holder = skipOuterExpressions(base);
      if (ts.isIdentifier(holder) && GLOBAL_HOLDERS.has(holder.text) && !this.isLocal(holder)) return { root: { global: name }, path: [], calls: [] };
      // `this.warn(…)` in a project class extending a library's (`class AuditLogger extends ConsoleLogger`)
      // for a member it does not declare, and `super.log(…)`: the library's instance member.
      const member = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
      const cls = holder.kind === ts.SyntaxKind.SuperKeyword || holder.kind === ts.SyntaxKind.ThisKeyword ? instanceClassOf(holder) : undefined;
      if (cls?.heritageClauses && (holder.kind === ts.SyntaxKind.SuperKeyword || !this.declaresMember(member))) {
        const instance = this.baseClassOrigin(cls, depth);
        if (instance) return { root: instance.root, path: [...instance.path, '()', name], calls: instance.calls };
      }
      const b = this.resolve(base, depth + 1);
      // `(await import('openai')).default`: the module's default export, as `import OpenAI from`.
      if (b && name === 'default' && isDynamicImport(holder)) return b;
      if (b && !(b.inherited && this.declaresMember(ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression))) return { root: b.root, path: [...b.path, name], calls: b.calls };
      if (b) return undefined;
      // `require('./lib/logger').logger`: a named export of a project module.
      if (isRequireCall(holder)) return this.exportedMember(holder, name, depth);
      // `lib.logger` where `const lib = await import('./lib')`: the module's export, as of `require`.
      const loaded = ts.isIdentifier(holder) ? this.declarationOf(holder) : undefined;
      if (loaded && ts.isVariableDeclaration(loaded) && loaded.initializer && isDynamicImport(loaded.initializer)) return this.exportedMember(loaded.initializer, name, depth);
      // A member of a project object (`this.logger`, `deps.client`): only names the project declares
      // as properties can hold a client, so other member calls never reach the checker.
      // `vendors.analytics` of `import * as vendors` or a barrel's `export * as vendors`: the module's export.
      // (`lib.vendors.posthog` of `import * as lib` where the barrel does `export * as vendors`.)
      const namespace = ts.isIdentifier(holder) ? holder : ts.isPropertyAccessExpression(holder) ? holder.name : undefined;
      if (namespace && ts.isIdentifier(namespace) && this.isProjectNamespace(namespace) && ts.isPropertyAccessExpression(node)) return this.ofProjectMember(node.name, depth);
      if (!this.names().holders.has(name) && !this.names().getters.has(name)) return undefined;
      // `ctx.logger` in a tRPC procedure: the field of the context the project declares.
      if (ts.isIdentifier(holder) && isProcedureContext(holder, (id) => this.declarationOf(id))) {
        const member = procedureContextType(this.projectCalls.named('context'), this.checker())?.getProperty(name);
        const d = member?.declarations?.[0];
        if (d && member && this.isProjectFile(d.getSourceFile().fileName)) return this.ofDeclaration(d, member, depth + 1);
      }
      return this.ofProjectMember(ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression, depth);
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      if (isRequireCall(node) || isDynamicImport(node)) {
        const spec = (node as ts.CallExpression).arguments[0] as ts.StringLiteralLike;
        const own = this.requiredProjectModule(spec, depth);
        return own ? own.origin : { root: { module: moduleName(spec.text) }, path: [], calls: [] };
      }
      // `require(Runtime.getFunctions()['x'].path)`: a module named at run time, no library's.
      if (ts.isCallExpression(node) && ts.isIdentifier(callee) && callee.text === 'require') return undefined;
      // `pino.error.bind(pino)` is the method it binds.
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return this.resolve(callee.expression, depth + 1);
      // `container.resolve<Logger>(KEY)`: a dependency container hands out what its type argument names.
      if (ts.isCallExpression(node) && node.typeArguments?.length === 1 && ts.isPropertyAccessExpression(callee) && CONTAINER_GETTERS.has(callee.name.text)) {
        const typed = this.ofTypeNode(node.typeArguments[0], depth);
        if (typed) return typed;
      }
      // `clients.get('web')` of a Map of clients (`new Map([['web', new PostHog(…)]])`, `Map<string, Logger>`).
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && node.arguments.length === 1 && ts.isIdentifier(callee.expression)) {
        const held = this.mapValueOrigin(callee.expression, depth);
        if (held) return held;
        // Hono's `c.get('log')` of what a middleware stored with `c.set('log', logger.child(…))`, Express's
        // `app.get('logger')` of `app.set('logger', …)`: a client kept by name on a framework's object.
        const key = node.arguments[0];
        if (ts.isStringLiteralLike(key)) {
          const stored = this.storedByName(key.text, depth);
          if (stored) return stored;
        }
      }
      // Angular's `inject(HttpClient)`: an instance of the class it names, as a constructor parameter of that type is.
      if (ts.isCallExpression(node) && ts.isIdentifier(callee) && callee.text === 'inject' && node.arguments.length >= 1 && this.resolve(callee, depth + 1)?.root.module === '@angular/core') {
        const cls = this.resolve(node.arguments[0], depth + 1);
        if (cls?.root.module) return { root: cls.root, path: [...cls.path, '()'], calls: [node] };
      }
      const fn = this.projectFunction(callee);
      if (fn) {
        const ret = returnedExpression(fn);
        return ret ? this.resolve(ret, depth + 1) : undefined;
      }
      const b = this.resolve(callee, depth + 1);
      if (b) return { root: b.root, path: [...b.path, '()'], calls: [node, ...b.calls], inherited: b.inherited };
      // `context.getTwilioClient()`: a serverless runtime hands the code an SDK client it did not import.
      const factory = ts.isPropertyAccessExpression(callee) ? this.factories.get(callee.name.text) : undefined;
      return factory && { root: factory, path: ['()'], calls: [node] };
    }
    return undefined;
  }

  /** What a Map held in a variable holds: the values of the entries it is made with, or its declared value type. */
  private mapValueOrigin(map: ts.Identifier, depth: number): Origin | undefined {
    const decl = this.declarationOf(map);
    if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
    const init = decl.initializer && skipOuterExpressions(decl.initializer);
    const made = init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'Map' ? init : undefined;
    const entries = made?.arguments?.[0];
    if (entries && ts.isArrayLiteralExpression(entries)) {
      let out: Origin | undefined;
      for (const e of entries.elements) if (ts.isArrayLiteralExpression(e) && e.elements[1]) out = either(out, this.resolve(e.elements[1], depth + 1));
      if (out) return out;
    }
    const typeArgs = made?.typeArguments ?? (decl.type && ts.isTypeReferenceNode(decl.type) && decl.type.typeName.getText() === 'Map' ? decl.type.typeArguments : undefined);
    return typeArgs?.length === 2 ? this.ofTypeNode(typeArgs[1], depth) : undefined;
  }

  /** What the project's `x.set('log', value)` calls store under a name, when that is a client (a logger, an SDK). */
  private storedByName(key: string, depth: number): Origin | undefined {
    let out: Origin | undefined;
    for (const call of this.projectCalls.named('set')) {
      const [name, value] = call.arguments ?? [];
      if (call.arguments?.length !== 2 || !ts.isStringLiteralLike(name) || name.text !== key || !ts.isPropertyAccessExpression(call.expression)) continue;
      const held = this.resolve(value, depth + 1);
      if (held?.root.module || held?.root.global) out = either(out, held);
    }
    return out;
  }

  /** A name that stands for a project module's exports (`import * as vendors from './vendors'`, `export * as vendors`). */
  private isProjectNamespace(id: ts.Identifier): boolean {
    const symbol = this.checker().getSymbolAtLocation(id);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Alias)) return false;
    const target = safeAliased(this.checker(), symbol);
    const decl = target?.declarations?.[0];
    return !!target && !!(target.flags & ts.SymbolFlags.ValueModule) && !!decl && ts.isSourceFile(decl) && this.isProjectFile(decl.fileName);
  }

  private isLocal(id: ts.Identifier): boolean {
    const s = this.checker().getSymbolAtLocation(id);
    // (A script's `window.dataLayer = window.dataLayer || []` adds to the global: it declares no `window`.)
    return !!s?.declarations?.some((d) => !isExpando(d) && this.isProjectFile(d.getSourceFile().fileName));
  }

  private ofIdentifier(id: ts.Identifier, depth: number): Origin | undefined {
    const checker = this.checker();
    const symbol = checker.getSymbolAtLocation(id);
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl) return { root: { global: id.text }, path: [], calls: [] };
    // `declare function gtag(…)`, `declare const analytics: …`: the page's global, typed by the project.
    if ((ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl)) && (decl.getSourceFile().isDeclarationFile || ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Ambient || inAmbientModule(decl))) return { root: { global: id.text }, path: [], calls: [] };
    if (!this.isProjectFile(decl.getSourceFile().fileName)) {
      // Declared by a library (lib.dom.d.ts's `fetch`, @types/node's `console`): a global.
      return ts.isSourceFile(decl.parent?.parent ?? decl) || decl.getSourceFile().isDeclarationFile ? { root: { global: id.text }, path: [], calls: [] } : undefined;
    }
    return this.ofDeclaration(decl, symbol, depth);
  }

  /** A member read on a project object (`this.logger`, `deps.client`) follows its declaration. */
  private ofProjectMember(name: ts.Node, depth: number): Origin | undefined {
    const symbol = this.checker().getSymbolAtLocation(name);
    const decl = declarationOf(symbol, name);
    if (!symbol || !decl || !this.isProjectFile(decl.getSourceFile().fileName)) return undefined;
    // `get log(): Logger { return this.#log; }`: what the getter returns.
    if (ts.isGetAccessor(decl)) {
      const ret = decl.body && returnedExpression(decl);
      return ret ? this.resolve(ret, depth + 1) : undefined;
    }
    if (ts.isMethodDeclaration(decl) || ts.isFunctionLike(decl)) return undefined;
    return this.ofDeclaration(decl, symbol, depth);
  }

  /** A field of a value as its type declares it, or a named export of a required project module. */
  private exportedMember(holder: ts.Expression, name: string, depth: number): Origin | undefined {
    let member = this.checker().getTypeAtLocation(holder).getProperty(name) ?? (isRequireCall(holder) ? requiredExport(this.requiredModule((holder as ts.CallExpression).arguments[0] as ts.StringLiteralLike), name) : undefined);
    // A barrel's re-export (`export { logger } from './logger'`), a module's `export default root`: what they name.
    const reexport = member?.declarations?.[0];
    if (member && reexport && (ts.isExportSpecifier(reexport) || ts.isExportAssignment(reexport))) member = safeAliased(this.checker(), member) ?? member;
    const d = member?.declarations?.[0];
    // (`module.exports = { Lead: mongoose.model(…) }`: a property of the object a CommonJS module exports.)
    const declared = d && (ts.isPropertySignature(d) || ts.isPropertyDeclaration(d) || ((ts.isVariableDeclaration(d) || ts.isPropertyAssignment(d) || ts.isShorthandPropertyAssignment(d) || exportAssigned(d)) && this.isProjectFile(d.getSourceFile().fileName)));
    return declared && member ? this.ofDeclaration(d, member, depth + 1) : undefined;
  }

  private ofDeclaration(decl: ts.Declaration, symbol: ts.Symbol, depth: number): Origin | undefined {
    return this.memo(this.declCache, `${decl.getSourceFile().fileName}:${decl.pos}`, depth, () => this.ofDeclarationUncached(decl, symbol, depth));
  }

  private ofDeclarationUncached(decl: ts.Declaration, symbol: ts.Symbol, depth: number): Origin | undefined {
    const checker = this.checker();
    // `exports.logger = require('./logger.cjs')`, `exports.Bugsnag = clients.Bugsnag`: what a CommonJS
    // module's named export is assigned.
    const assigned = exportAssigned(decl);
    if (assigned) return this.resolve(assigned, depth + 1);
    if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl) || ts.isExportSpecifier(decl)) {
      const spec = moduleSpecifierOf(decl);
      // `export { PostHog };` of a name imported above: that import says where it comes from.
      if (ts.isExportSpecifier(decl) && !spec) {
        const local = checker.getExportSpecifierLocalTargetSymbol(decl);
        const d = local?.declarations?.[0];
        return d && local && d !== decl ? this.ofDeclaration(d, local, depth + 1) : undefined;
      }
      const aliased = safeAliased(checker, symbol);
      const target = declarationOf(aliased);
      if (target && this.isProjectFile(target.getSourceFile().fileName)) return this.ofDeclaration(target, aliased!, depth + 1);
      // `import log from './logger'` where it does `import log from 'electron-log/main'; export default log`:
      // what the project module exports, when the library behind it cannot be reached.
      const immediate = ts.isImportClause(decl) && spec && isRelative(spec) ? checker.getImmediateAliasedSymbol(symbol)?.declarations?.[0] : undefined;
      if (immediate && ts.isExportAssignment(immediate) && this.isProjectFile(immediate.getSourceFile().fileName)) return this.resolve(immediate.expression, depth + 1);
      // A project module (a workspace package) re-exporting a vendor's class the checker cannot reach.
      const exported = this.projectExport(decl);
      if (exported) return this.ofDeclaration(exported.decl, exported.symbol, depth + 1);
      if (!spec || isRelative(spec)) return undefined;
      const root = { module: moduleName(spec) };
      if (ts.isImportSpecifier(decl) || ts.isExportSpecifier(decl)) {
        const imported = (decl.propertyName ?? decl.name).text;
        return { root, path: imported === 'default' ? [] : [imported], calls: [] };
      }
      return { root, path: [], calls: [] };
    }
    if (ts.isVariableDeclaration(decl)) {
      if (decl.initializer && ts.isIdentifier(decl.name) && !isNothing(decl.initializer)) {
        const init = this.resolve(decl.initializer, depth + 1);
        if (!decl.type) return init;
        // `const client: PostHog | null = globalThis.cached ?? create()`: the annotation says more; so it
        // does where it names another library than the value seems to come from (`const log: Logger =
        // ctx.state.log ?? logger`, Koa's state holding a bunyan logger).
        const declared = init?.root.module && !ts.isNewExpression(decl.initializer) ? this.ofTypeNode(decl.type, depth) : undefined;
        if (declared?.root.module && declared.root.module !== init!.root.module) return declared;
        return init?.root.module ? init : either(init, this.ofTypeNode(decl.type, depth));
      }
      // `let resend; try { resend = await resendHelper(); } catch { resend = null; }`, `let segment:
      // AnalyticsBrowser | null = null` set by an `init()`: what it is assigned, else what its type says.
      if (ts.isIdentifier(decl.name)) {
        const assigned = this.ofAssigned(decl as ts.VariableDeclaration & { name: ts.Identifier }, depth);
        if (assigned) return assigned;
      }
      return decl.type ? this.ofTypeNode(decl.type, depth) : undefined;
    }
    if (ts.isBindingElement(decl)) {
      const pattern = decl.parent;
      const holder = pattern.parent;
      const prop = decl.propertyName ?? decl.name;
      if (!ts.isObjectBindingPattern(pattern) || !ts.isIdentifier(prop)) return undefined;
      if (ts.isVariableDeclaration(holder) && holder.initializer) {
        const b = this.resolve(holder.initializer, depth + 1);
        // `const { default: OpenAI } = await import('openai')`: the default export.
        if (b && prop.text === 'default' && isDynamicImport(holder.initializer)) return b;
        if (b) return { root: b.root, path: [...b.path, prop.text], calls: b.calls };
        // `const { transport } = await getContext()`: what the field is declared as; `const { logger } =
        // require('./lib/logger')`: the module's named export (`export const logger = …`).
        return this.exportedMember(holder.initializer, prop.text, depth);
      }
      // `async ({ event, logger }) => …` given to an SDK: a field of the object the catalogue says it gets.
      // `constructor({ logger }: Dependencies)`: what the parameter's type declares the field as.
      if (ts.isParameter(holder)) {
        const given = catalogueCallbackParameter(holder, this.callbackObjects, (e) => this.resolve(e, depth + 1));
        if (given) return { ...given, path: [...given.path, prop.text] };
        const member = this.checker().getTypeAtLocation(holder).getProperty(prop.text);
        const d = member?.declarations?.[0];
        if (d && member && ts.isPropertySignature(d)) return this.ofDeclaration(d, member, depth + 1);
        // `async store({ request, logger }: HttpContext)` of a library not installed: that type's field.
        const typed = holder.type && ts.isTypeReferenceNode(holder.type) ? this.ofTypeNode(holder.type, depth) : undefined;
        if (typed?.root.module) return { root: typed.root, path: [...typed.path, prop.text], calls: typed.calls };
        // `function createMailer({ mailer, logger })`: what the project's calls put in the field.
        if (holder.type && !ts.isTypeLiteralNode(holder.type)) return undefined;
        return passedField(holder, prop.text, { callsNamed: (name) => this.projectCalls.named(name), checker: this.checker, projectFunction: (e) => this.projectFunction(e), resolve: (e) => this.resolve(e, depth + 1) });
      }
      return undefined;
    }
    if (ts.isParameter(decl)) {
      // The catalogue's word on a callback's parameter is more precise than its type annotation.
      const resolve = (e: ts.Expression) => this.resolve(e, depth + 1);
      const passed = () => passedArgument(decl, { callsNamed: (name) => this.projectCalls.named(name), checker: this.checker, projectFunction: (e) => this.projectFunction(e), resolve });
      const typed = decl.type ? this.ofTypeNode(decl.type, depth) : undefined;
      // `constructor(private readonly store: S3Client)` given `new S3Client({ region: 'eu-west-1' })`: the
      // client the project's `new` passes says how it was made (its region), which the type cannot.
      const made = typed?.root.module && !typed.calls.length && ts.isConstructorDeclaration(decl.parent) ? passed() : undefined;
      return (
        catalogueCallbackParameter(decl, this.callbackObjects, resolve) ??
        (made?.root.module === typed?.root.module && made?.calls.length ? made : typed) ??
        // `constructor(private readonly client = twilio(sid, token))`: the default, unless a caller gives another.
        (decl.initializer ? resolve(decl.initializer) : undefined) ??
        (decl.type ? undefined : projectCallbackParameter(decl, (e) => this.projectFunction(e), resolve)) ??
        (decl.type ? undefined : passedCallbackParameter(decl, this.callbackObjects, { passing: (name) => this.projectCalls.passing(name), projectFunction: (e) => this.projectFunction(e), resolve })) ??
        (decl.type ? undefined : this.pluginParameter(decl)) ??
        // `send(pino(), user)`, `new Sender(pino())`: what the project's calls pass for it.
        (decl.type && !passedByType(decl.type, this.checker(), (f) => this.isProjectFile(f)) ? undefined : passed())
      );
    }
    if (ts.isPropertySignature(decl)) return decl.type ? this.ofTypeNode(decl.type, depth) : undefined;
    if (ts.isPropertyDeclaration(decl)) {
      if (decl.initializer) return this.resolve(decl.initializer, depth + 1);
      const assigned = constructorAssignment(decl);
      if (assigned) return this.resolve(assigned, depth + 1);
      return decl.type ? this.ofTypeNode(decl.type, depth) : undefined;
    }
    if (ts.isPropertyAssignment(decl)) return this.resolve(decl.initializer, depth + 1);
    // JavaScript declares a field by assigning it: `this.transporter = nodemailer.createTransport()`.
    if (ts.isBinaryExpression(decl) && decl.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(decl.left)) {
      return this.resolve(decl.right, depth + 1);
    }
    // A project class extending a library's: its instances are the library's where it adds nothing.
    if (ts.isClassDeclaration(decl)) {
      const base = this.baseClassOrigin(decl, depth);
      return base && { ...base, inherited: true };
    }
    if (ts.isShorthandPropertyAssignment(decl)) {
      const value = this.checker().getShorthandAssignmentValueSymbol(decl);
      const d = value?.declarations?.[0];
      return d && value ? this.ofDeclaration(d, value, depth + 1) : undefined;
    }
    return undefined;
  }

  /**
   * `module.exports = async function (fastify, opts)`, a Hapi plugin's `register(server, options)`: a
   * plugin's first parameter, by the framework's convention.
   */
  private pluginParameter(decl: ts.ParameterDeclaration): Origin | undefined {
    const candidates = ts.isIdentifier(decl.name) && decl.parent.parameters[0] === decl ? this.callbackObjects?.plugins?.get(decl.name.text) : undefined;
    if (!candidates) return undefined;
    const fn = decl.parent;
    const fnName = nameOf(fn) ?? (fn.parent && (ts.isPropertyAssignment(fn.parent) || ts.isVariableDeclaration(fn.parent)) ? nameOf(fn.parent) : undefined);
    const plugin = candidates.find((p) => !p.within || p.within === fnName);
    return plugin && { root: plugin.root, path: plugin.path, calls: [] };
  }

  /** The first value assigned to a variable declared empty that is some library's client. */
  private ofAssigned(decl: ts.VariableDeclaration & { name: ts.Identifier }, depth: number): Origin | undefined {
    for (const value of assignedValues(decl)) {
      const o = this.resolve(value, depth + 1);
      if (o?.root.module) return o;
    }
    return undefined;
  }

  /** What a class's `extends` clause names, when that is a library's class (directly or through the project's). */
  private baseClassOrigin(c: ts.ClassLikeDeclaration | undefined, depth: number): Origin | undefined {
    const heritage = c?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    return heritage ? this.resolve(heritage.expression, depth + 1) : undefined;
  }

  /** The project declares this member itself (an override, or a method of its own subclass). */
  private declaresMember(name: ts.Node): boolean {
    const symbol = this.checker().getSymbolAtLocation(name);
    return !!symbol?.declarations?.some((d) => this.isProjectFile(d.getSourceFile().fileName));
  }

  /** `client: Twilio`, `logger: pino.Logger`: an instance of what the type names (see origin-types.ts). */
  private ofTypeNode(type: ts.TypeNode, depth: number): Origin | undefined {
    return ofTypeNode(this.typeLookup, type, depth);
  }

  private readonly typeLookup: TypeLookup = {
    checker: () => this.checker(),
    isProjectFile: (f) => this.isProjectFile(f),
    ofImport: (decl, symbol, depth) => this.ofDeclaration(decl, symbol, depth),
    projectModule: (decl) => this.projectModule(decl),
  };

  /** The project source file an import's module specifier resolves to, if it is project code. */
  private projectModule(decl: ts.Declaration): ts.Symbol | undefined {
    const spec = moduleSpecifierNode(decl);
    const module = spec && this.checker().getSymbolAtLocation(spec);
    const file = module?.declarations?.[0];
    return file && ts.isSourceFile(file) && this.isProjectFile(file.fileName) ? module : undefined;
  }

  /**
   * `require('../config/winston')` of a project file: what its `module.exports = …` holds (a logger
   * built there, a service instance). A module of named exports (`exports.notify = …`) has no origin
   * of its own: its members are the project's functions, found by the checker.
   */
  private requiredProjectModule(spec: ts.StringLiteralLike, depth: number): { origin: Origin | undefined } | undefined {
    const exported = this.exportedWhole(spec, false);
    if (!exported) return undefined;
    const { target, decl } = exported;
    if (!target || !decl) return { origin: undefined };
    // `module.exports = new AuditService()`: the assignment is the export's declaration.
    if (ts.isBinaryExpression(decl)) return { origin: this.resolve(decl.right, depth + 1) };
    return { origin: this.ofDeclaration(decl, target, depth + 1) };
  }

  /**
   * The variable a required project module exports whole (`module.exports = router` of
   * `app.use('/buyers', require('./routes/buyers'))`), or an ES module's default export.
   */
  requiredValue(call: ts.CallExpression): ts.Declaration | undefined {
    const spec = call.arguments[0];
    const decl = isRequireCall(call) && ts.isStringLiteralLike(spec) ? this.exportedWhole(spec, true)?.decl : undefined;
    if (decl && ts.isBinaryExpression(decl) && ts.isIdentifier(decl.right)) return this.declarationOf(decl.right);
    if (decl && ts.isExportAssignment(decl) && ts.isIdentifier(decl.expression)) return this.declarationOf(decl.expression);
    return decl;
  }

  /**
   * What a required project module exports whole (`module.exports = …`; with `orDefault`, also an ES
   * module's `export default`): the symbol and its declaration. Undefined for a library's module.
   */
  private exportedWhole(spec: ts.StringLiteralLike, orDefault: boolean): { target: ts.Symbol | undefined; decl: ts.Declaration | undefined } | undefined {
    const module = this.requiredModule(spec);
    const file = module?.declarations?.[0];
    if (!module || !file || !ts.isSourceFile(file) || !this.isProjectFile(file.fileName)) return undefined;
    let target = module.exports?.get(ts.InternalSymbolName.ExportEquals) ?? (orDefault ? module.exports?.get(ts.InternalSymbolName.Default) : undefined);
    if (target && target.flags & ts.SymbolFlags.Alias) target = safeAliased(this.checker(), target);
    return { target, decl: declarationOf(target) };
  }

  /** `import { PostHog } from '@acme/analytics'`: the export of that project module the name refers to. */
  private projectExport(decl: ts.Declaration): { decl: ts.Declaration; symbol: ts.Symbol } | undefined {
    if (!ts.isImportSpecifier(decl)) return undefined;
    const module = this.projectModule(decl);
    if (!module) return undefined;
    const name = (decl.propertyName ?? decl.name).text;
    const symbol = this.checker().getExportsOfModule(module).find((e) => e.name === name);
    const d = symbol?.declarations?.[0];
    return d && symbol && d !== decl ? { decl: d, symbol } : undefined;
  }

  /** The module `require('./logger')` names, in TypeScript files too (see required-modules.ts). */
  private requiredModule(spec: ts.StringLiteralLike): ts.Symbol | undefined {
    if (!this.filesByName) this.filesByName = new Map(this.files().map((sf) => [sf.fileName, sf]));
    return requiredModuleSymbol(this.checker(), spec, this.filesByName);
  }

  /** The project function a callee names, when it has a body we can read (see project-functions.ts). */
  projectFunction(callee: ts.Expression): ts.SignatureDeclaration | undefined {
    return projectFunctionOf(this.lookup, callee);
  }

  private readonly lookup: FunctionLookup = {
    checker: () => this.checker(),
    isProjectFile: (f) => this.isProjectFile(f),
    functionNames: () => this.names().functions,
    implemented: () => this.names().implemented,
    fileEndingWith: (suffixes) => {
      const key = suffixes.join('|');
      if (!this.filesBySuffix.has(key)) this.filesBySuffix.set(key, this.files().find((sf) => suffixes.some((x) => sf.fileName.endsWith(x))));
      return this.filesBySuffix.get(key);
    },
    declarationOf: (id) => this.declarationOf(id),
    originOf: (e) => this.cache.get(e) ?? this.resolve(e, 0),
    requiredModule: (e) => (isRequireCall(e) ? this.requiredModule((e as ts.CallExpression).arguments[0] as ts.StringLiteralLike) : undefined),
  };
}

/** The value a CommonJS named export's declaration (`exports.logger = …`, `module.exports.logger = …`) assigns. */
function exportAssigned(d: ts.Node): ts.Expression | undefined {
  const assignment = ts.isBinaryExpression(d) ? d : ts.isPropertyAccessExpression(d) && ts.isBinaryExpression(d.parent) && d.parent.left === d ? d.parent : undefined;
  if (!assignment || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(assignment.left)) return undefined;
  const holder = assignment.left.expression;
  const exported = (ts.isIdentifier(holder) && holder.text === 'exports') || (ts.isPropertyAccessExpression(holder) && ts.isIdentifier(holder.expression) && holder.expression.text === 'module' && holder.name.text === 'exports');
  return exported ? assignment.right : undefined;
}



/** Inside `declare global { … }` or `declare module '…' { … }`: declared for the page, not defined here. */
function inAmbientModule(decl: ts.Node): boolean {
  return !!ts.findAncestor(decl.parent, (n) => ts.isModuleDeclaration(n) && (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Ambient) !== 0);
}

/**
 * A parameter whose declared type does not say which library value it is: an inline shape, `any`,
 * `unknown`, or a type the project declares (`index: PrescriptionIndex`). What callers pass for it says.
 */
function passedByType(type: ts.TypeNode, checker: ts.TypeChecker, isProjectFile: (f: string) => boolean): boolean {
  if (ts.isTypeLiteralNode(type) || type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword) return true;
  if (!ts.isTypeReferenceNode(type) || type.typeArguments?.length) return false;
  const decl = checker.getSymbolAtLocation(type.typeName)?.declarations?.[0];
  return !!decl && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) && isProjectFile(decl.getSourceFile().fileName);
}

/** The class whose instance `this` (or `super`) is here: through arrow functions, not other functions or static members. */
function instanceClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isArrowFunction(at)) continue;
    if (ts.isFunctionLike(at) || ts.isPropertyDeclaration(at)) {
      const static_ = (ts.getCombinedModifierFlags(at as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
      return ts.isClassLike(at.parent) && !static_ ? at.parent : undefined;
    }
    if (ts.isClassLike(at) || ts.isSourceFile(at)) return undefined;
  }
  return undefined;
}

/** A JavaScript assignment the checker counts as declaring a property of what it assigns to (`window.x = …`). */
function isExpando(d: ts.Declaration): boolean {
  return ts.isIdentifier(d) || ts.isBinaryExpression(d) || ts.isPropertyAccessExpression(d) || ts.isElementAccessExpression(d);
}
