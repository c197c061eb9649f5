// The per-function flow analysis: walks a function body in order, keeping what personal data each
// local holds (flow-sensitive: an overwritten variable is clean; branches are joined; loops run
// twice), and produces the function's summary. Expressions are in expressions.ts, calls in calls.ts.

import ts = require('typescript');
import { argumentParameters } from './declaration-kinds';
import { CLEAN, MAP_KEYS, type Label, type Taint, concrete, mapValues, fieldLabels, isClean, placeholder, union, whole, withStep, withoutFields, addStep, unionAll } from './taint';
import { declKey, locationOf, nameOf, textOf } from './locations';
import type { EngineContext, ParamWrite, SinkReach, Summary } from './context';
import type { SourceHit } from './sources';
import { evalExpression, isEmailDomain, isMessageText, isModelOutput } from './expressions';
import { hasOnlyOtherFields, isConfigRead, isConstant, isEnumValue, isMadeUp, isModuleConstant, readsExcludedFields, repeatsFieldName } from './value-kinds';
import { assignTo } from './assignments';
import { fieldPlaceholders, isOpenParameter, optionPlaceholders } from './parameters';
import { mailSender } from './person-holders';
import { containerOf } from './containers';
import { instanceTest, markThrown, narrowed, returns, thrownClasses } from './error-narrowing';
import { declaredErrorFields } from './error-classes';
import { declarationOf } from './origin-syntax';
import { stateTypeArgument, statedType } from './type-data';
import { promised } from './call-forms';
import { handToExceptionFilters, handToFormatters, handToHandlers } from './framework-calls';

export type Env = Map<string, Taint>;

/** Deeper nesting than this is generated code; it is skipped rather than overflowing the stack. */
export const MAX_NESTING = 400;

export class FunctionAnalyzer {
  env: Env = new Map();
  returns: Taint = CLEAN;
  /** Reaches and throws belong to the function being summarised, also when found in callbacks. */
  readonly reaches: SinkReach[];
  /** Parameters stored in fields, of the function being summarised (also by its callbacks). */
  readonly stores: Array<{ key: string; taint: Taint }>;
  readonly writes: ParamWrite[];
  private throwStack: Taint[] = [CLEAN];
  /** What a promise chain's calls reject with (`.then(() => { throw … })`), for a `.catch` after them. */
  private rejected?: Map<ts.Node, Taint>;
  depth = 0;
  /** Functions this analysis knows a parameter holds: a factory's, run for a closure it made (see function-values.ts `madeClosure`). */
  functionValues?: Map<ts.ParameterDeclaration, ts.Expression>;

  constructor(
    readonly ctx: EngineContext,
    readonly fn: ts.SignatureDeclaration | ts.SourceFile,
    readonly parent?: FunctionAnalyzer,
  ) {
    this.reaches = parent ? parent.reaches : [];
    this.stores = parent ? parent.stores : [];
    this.writes = parent ? parent.writes : [];
  }

  get root(): FunctionAnalyzer {
    return this.parent ? this.parent.root : this;
  }

  /** Analyses a function as a summary root: open-typed parameters become placeholders. */
  summarise(): Summary {
    const paramNames: string[] = [];
    if (!ts.isSourceFile(this.fn)) {
      argumentParameters(this.fn).forEach((p, i) => {
        paramNames.push(nameOf(p) ?? `#${i}`);
        let t = this.parameterSources(p);
        if (isOpenParameter(this.ctx.checker(), p)) {
          t = union(t, placeholder(i, `parameter '${nameOf(p) ?? i}'`));
        } else if (ts.isObjectBindingPattern(p.name)) {
          t = union(t, fieldPlaceholders(this.ctx.checker(), p.name, i));
        } else {
          t = union(t, optionPlaceholders(this.ctx.checker(), p, i, (type) => this.ctx.sources.ofType(type).length > 0));
        }
        // `(customer, notes = customer.medicalNotes)`: what the default holds, when no argument is given.
        if (p.initializer) t = union(t, this.eval(p.initializer));
        this.bind(p.name, t);
      });
    }
    this.runBody();
    // A Nest route method's throws go to the app's exception filters, which Nest calls with them.
    if (ts.isMethodDeclaration(this.fn) && this.ctx.errorMiddleware.isNestRoute(this.fn)) {
      const thrown = concrete(this.throwStack[0]);
      if (!isClean(thrown)) handToExceptionFilters(this, this.fn, thrown);
    }
    // A GraphQL operation's throws (a Nest resolver's, a plain resolvers map's) reach Apollo's `formatError`,
    // as the formatted error's message and the error, and its plugins' `didEncounterErrors`.
    const apollo = ts.isSourceFile(this.fn) || isClean(this.throwStack[0]) ? undefined : this.ctx.errorMiddleware.graphqlFormatters(this.fn);
    if (apollo && (apollo.formatters.length || apollo.listeners.length || apollo.executionFormatters.length)) handToFormatters(this, this.fn as ts.SignatureDeclaration, apollo, concrete(this.throwStack[0]));
    // A Remix / React Router loader's or action's throws go to `entry.server`'s `handleError`.
    const handleErrors = ts.isSourceFile(this.fn) ? [] : this.ctx.errorMiddleware.routeModuleHandlers(this.fn);
    const thrown = handleErrors.length ? concrete(this.throwStack[0]) : CLEAN;
    if (!isClean(thrown)) handToHandlers(this, this.fn as ts.SignatureDeclaration, handleErrors, thrown, 'handleError');
    return { returns: this.returns, throws: this.throwStack[0], reaches: this.reaches, paramNames, stores: this.stores, writes: this.writes };
  }

  /** Analyses a callback inline, with its parameters bound to what the caller passes it. */
  runCallback(args: readonly Taint[]): Taint {
    const fn = this.fn as ts.SignatureDeclaration;
    argumentParameters(fn).forEach((p, i) => this.bind(p.name, union(this.parameterSources(p), args[i] ?? (p.initializer ? this.eval(p.initializer) : CLEAN))));
    this.runBody();
    return this.returns;
  }

  /** A callback run with these arguments, and what each of some expressions of it holds after (a returned pair's parts). */
  runCallbackParts(fn: ts.SignatureDeclaration, args: readonly Taint[], parts: readonly ts.Expression[]): Taint[] {
    if (this.depth > 200) return parts.map(() => CLEAN);
    const inner = new FunctionAnalyzer(this.ctx, fn, this);
    inner.depth = this.depth + 1;
    inner.runCallback(args);
    return parts.map((p) => inner.eval(p));
  }

  private runBody(): void {
    const body = ts.isSourceFile(this.fn) ? this.fn : (this.fn as ts.FunctionLikeDeclaration).body;
    if (!body) return;
    if (ts.isSourceFile(body) || ts.isBlock(body)) this.statements(body.statements);
    else {
      this.runReturnedClosures(body);
      this.returns = union(this.returns, this.eval(body));
    }
  }

  /**
   * A closure a function returns runs later with what it captured: `return (msg) =>
   * logger.info(msg, context)` sends the factory's `context`, so its sinks count as the factory's
   * (with its own parameters known only by name and type). So do the methods of a returned object.
   */
  private runReturnedClosures(e: ts.Expression): void {
    if (ts.isSourceFile(this.fn) || !this.fn.parameters.length || this.depth > 200) return;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    const closures: ts.SignatureDeclaration[] = [];
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) closures.push(e);
    else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isMethodDeclaration(p)) closures.push(p);
        else if (ts.isPropertyAssignment(p) && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))) closures.push(p.initializer);
      }
    }
    for (const fn of closures) {
      const inner = new FunctionAnalyzer(this.ctx, fn, this);
      inner.depth = this.depth + 1;
      inner.runCallback([]);
    }
  }

  /** Whether this analysis or an enclosing one knows functions its parameters hold (most do not). */
  functionsKnown(): boolean {
    for (let a: FunctionAnalyzer | undefined = this; a; a = a.parent) if (a.functionValues) return true;
    return false;
  }

  /** The function a parameter was given, where this analysis or an enclosing one knows it. */
  heldFunction(decl: ts.ParameterDeclaration): ts.Expression | undefined {
    for (let a: FunctionAnalyzer | undefined = this; a; a = a.parent) {
      const held = a.functionValues?.get(decl);
      if (held) return held;
    }
    return undefined;
  }

  lookup(key: string): Taint | undefined {
    for (let a: FunctionAnalyzer | undefined = this; a; a = a.parent) {
      const t = a.env.get(key);
      if (t) return t;
    }
    return undefined;
  }

  /** For hovers and fixes: expressions whose taint to record while analysing. */
  probes?: Map<ts.Node, Taint>;

  eval(expr: ts.Expression): Taint {
    if (this.depth > MAX_NESTING) return CLEAN;
    this.depth++;
    try {
      const t = evalExpression(this, expr);
      const probes = this.root.probes;
      if (probes?.has(expr)) probes.set(expr, union(probes.get(expr)!, t));
      return t;
    } finally {
      this.depth--;
    }
  }

  /** What the promise a call (or `new Promise`) makes rejects with, as this analyser or an enclosing one saw it. */
  rejection(call: ts.Node): Taint | undefined {
    return this.rejected?.get(call) ?? this.parent?.rejection(call);
  }

  reject(call: ts.Node, t: Taint): void {
    if (!isClean(t)) (this.rejected ??= new Map()).set(call, union(this.rejected.get(call) ?? CLEAN, t));
  }

  /** What a `new Promise(executor)` resolves with: the executor's `resolve(…)` calls, in this function or its callbacks. */
  private resolvedWith?: Map<ts.Node, Taint>;

  resolved(promise: ts.Node): Taint | undefined {
    return this.root.resolvedWith?.get(promise);
  }

  resolve(promise: ts.Node, t: Taint): void {
    const root = this.root;
    if (!isClean(t)) (root.resolvedWith ??= new Map()).set(promise, union(root.resolvedWith.get(promise) ?? CLEAN, t));
  }

  /** What the function (or callback) being run has thrown so far, out of any `try`. */
  thrown(): Taint {
    return this.throwStack[0];
  }

  /** What running `f` throws, kept rather than thrown on (a `try` block's, `Promise.allSettled`'s promises' rejections). */
  catching<T>(f: () => T): { value: T; thrown: Taint } {
    const depth = this.throwStack.push(CLEAN);
    try {
      const value = f();
      return { value, thrown: this.throwStack[depth - 1] };
    } finally {
      this.throwStack.length = depth - 1;
    }
  }

  throwValue(t: Taint): void {
    const top = this.throwStack.length - 1;
    this.throwStack[top] = union(this.throwStack[top], t);
  }

  statements(list: readonly ts.Statement[]): void {
    for (const s of list) this.statement(s);
  }

  statement(s: ts.Statement): void {
    if (this.depth > MAX_NESTING) return;
    this.depth++;
    try {
      this.statementInner(s);
    } finally {
      this.depth--;
    }
  }

  private statementInner(s: ts.Statement): void {
    switch (s.kind) {
      case ts.SyntaxKind.VariableStatement:
        for (const d of (s as ts.VariableStatement).declarationList.declarations) this.declare(d);
        return;
      case ts.SyntaxKind.ExpressionStatement:
        this.eval((s as ts.ExpressionStatement).expression);
        return;
      case ts.SyntaxKind.ReturnStatement: {
        const e = (s as ts.ReturnStatement).expression;
        if (e) {
          this.runReturnedClosures(e);
          const t = this.eval(e);
          if (!isClean(t)) this.returns = union(this.returns, withStep(t, { location: locationOf(s), message: `returned from ${this.fnName()}` }));
          // `return send(x).catch(() => { throw new MandateRejectedError(sortCode) })`: the caller that
          // awaits the promise gets what it rejects with.
          const rejected = this.rejection(promised(e));
          if (rejected) this.throwValue(rejected);
        }
        return;
      }
      case ts.SyntaxKind.ThrowStatement: {
        const e = (s as ts.ThrowStatement).expression;
        const t = withStep(declaredErrorFields(this, e, this.eval(e)), { location: locationOf(s), message: 'thrown' });
        const classes = isClean(t) ? undefined : thrownClasses(this, e);
        this.throwValue(classes ? markThrown(t, classes) : t);
        return;
      }
      case ts.SyntaxKind.Block:
        this.statements((s as ts.Block).statements);
        return;
      case ts.SyntaxKind.IfStatement: {
        const i = s as ts.IfStatement;
        this.eval(i.expression);
        // `if (err instanceof QuotaError)`: each branch sees the error it tests for, or the others.
        const test = instanceTest(i.expression);
        const key = test && this.ctx.origins.declarationOf(test.target);
        const caught = key && this.lookup(declKey(key));
        const narrow = (is: boolean): void => {
          if (test && key && caught) this.env.set(declKey(key), narrowed(caught, test.cls, is !== test.negated));
        };
        this.branches(
          [
            () => (narrow(true), this.statement(i.thenStatement)),
            () => (narrow(false), i.elseStatement && this.statement(i.elseStatement)),
          ],
          [returns(i.thenStatement), returns(i.elseStatement)],
        );
        return;
      }
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement: {
        const f = s as ts.ForOfStatement | ts.ForInStatement;
        // (`for (const [id, email] of byId)` of a Map or of `Object.entries(customer)`: `bind` keeps keys and values apart.)
        const iterated = s.kind === ts.SyntaxKind.ForOfStatement ? this.eval(f.expression) : CLEAN;
        this.loop(() => {
          if (ts.isVariableDeclarationList(f.initializer)) {
            for (const d of f.initializer.declarations) this.bind(d.name, iterated);
          } else this.assign(f.initializer, iterated);
          this.statement(f.statement);
        });
        return;
      }
      case ts.SyntaxKind.ForStatement: {
        const f = s as ts.ForStatement;
        if (f.initializer) {
          if (ts.isVariableDeclarationList(f.initializer)) for (const d of f.initializer.declarations) this.declare(d);
          else this.eval(f.initializer);
        }
        this.loop(() => {
          if (f.condition) this.eval(f.condition);
          this.statement(f.statement);
          if (f.incrementor) this.eval(f.incrementor);
        });
        return;
      }
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement: {
        const w = s as ts.WhileStatement | ts.DoStatement;
        this.loop(() => {
          this.eval(w.expression);
          this.statement(w.statement);
        });
        return;
      }
      case ts.SyntaxKind.TryStatement:
        this.tryStatement(s as ts.TryStatement);
        return;
      case ts.SyntaxKind.SwitchStatement: {
        const sw = s as ts.SwitchStatement;
        this.eval(sw.expression);
        // Each case runs on into the next until one ends (`break`, `return`, `throw`); what returns or
        // throws is not after the switch, and with a `default` some case always runs.
        const clauses = sw.caseBlock.clauses;
        const alternatives: Array<() => void> = [];
        const exits: boolean[] = [];
        clauses.forEach((_, i) => {
          let j = i;
          while (j < clauses.length - 1 && !returns(lastOf(clauses[j].statements))) j++;
          alternatives.push(() => clauses.slice(i, j + 1).forEach((c) => this.statements(c.statements)));
          const last = lastOf(clauses[j].statements);
          exits.push(returns(last) && !endsInBreak(last));
        });
        if (!clauses.some(ts.isDefaultClause)) alternatives.push(() => undefined);
        this.branches(alternatives, exits);
        return;
      }
      case ts.SyntaxKind.LabeledStatement:
        this.statement((s as ts.LabeledStatement).statement);
        return;
      case ts.SyntaxKind.ClassDeclaration:
        this.classFields(s as ts.ClassDeclaration);
        return;
      case ts.SyntaxKind.ExportAssignment:
        this.eval((s as ts.ExportAssignment).expression);
        return;
      default:
        // Functions, interfaces, imports and the like hold no flow of their own here: nested
        // functions are analysed as their own roots.
        return;
    }
  }

  /** Runs alternatives from the same state and joins what they leave. */
  /** Alternatives run from the same state; the state after is theirs joined, but for those that return. */
  branches(alternatives: Array<() => unknown>, returning: readonly boolean[] = []): void {
    const before = this.env;
    let joined: Env | undefined;
    alternatives.forEach((run, i) => {
      this.env = new Map(before);
      run();
      if (returning[i]) return;
      if (!joined) joined = this.env;
      else for (const [k, v] of this.env) joined.set(k, joined.has(k) ? union(joined.get(k)!, v) : v);
    });
    this.env = joined ?? before;
  }

  /** A loop runs twice only when its first pass tainted something a second pass could carry on. */
  private loop(body: () => void): void {
    const before = new Map(this.env);
    body();
    let tainted = false;
    for (const [k, v] of this.env) if (v !== before.get(k) && !isClean(v)) (tainted = true);
    if (tainted) body();
    this.joinWith(before);
  }

  /** What the state may also be: what each variable held there joins what it holds now. */
  private joinWith(other: Env): void {
    for (const [k, v] of other) this.env.set(k, union(this.env.get(k) ?? CLEAN, v));
  }

  private tryStatement(t: ts.TryStatement): void {
    const beforeTry = new Map(this.env);
    const { thrown } = this.catching(() => this.statement(t.tryBlock));
    if (t.catchClause) {
      const v = t.catchClause.variableDeclaration;
      // The catch runs where the try stopped, anywhere in it: what the try wrote may not have happened
      // (`let ref = email; try { ref = await resolve(id); } catch {}` keeps the address when it throws).
      // A catch that returns or throws is not after the statement.
      this.branches(
        [
          () => undefined,
          () => {
            this.joinWith(beforeTry);
            if (v) this.bind(v.name, withStep(thrown, { location: locationOf(v), message: `caught as '${v.name.getText()}'` }));
            this.statement(t.catchClause!.block);
          },
        ],
        [false, returns(t.catchClause.block)],
      );
    } else {
      this.throwValue(thrown);
    }
    if (t.finallyBlock) this.statement(t.finallyBlock);
  }

  private classFields(c: ts.ClassLikeDeclaration): void {
    for (const m of c.members) {
      if (ts.isPropertyDeclaration(m) && m.initializer && !ts.isFunctionLike(m.initializer)) {
        const t = concrete(this.eval(m.initializer));
        if (t.labels.length || t.fields) this.ctx.fields.add(declKey(m), t);
      }
    }
  }

  declare(d: ts.VariableDeclaration): void {
    // `const [draft, setDraft] = useState<ChatText>('')` where `ChatText` is a string alias tagged @pii:
    // the state is what its alias says (a primitive alias leaves no trace in the checker's type).
    const written = ts.isArrayBindingPattern(d.name) ? stateTypeArgument(d.initializer) : undefined;
    const stated = written && this.ctx.sources.ofWrittenType(written);
    const first = stated && stated !== 'none' && (d.name as ts.ArrayBindingPattern).elements[0];
    if (stated && stated !== 'none' && first && ts.isBindingElement(first)) {
      this.bind(first.name, this.sourceTaint(stated, first));
      return;
    }
    const all = d.initializer && ts.isArrayBindingPattern(d.name) ? promiseAllItems(d.initializer) : undefined;
    if (all && ts.isArrayBindingPattern(d.name)) {
      // `const [integrations, users] = await Promise.all([loadIntegrations(), getUsers()])`: each name
      // holds its own call's result, not every one's.
      const parts = all.map((x) => this.eval(x));
      d.name.elements.forEach((el, i) => {
        if (ts.isOmittedExpression(el)) return;
        const t = el.dotDotDotToken ? unionAll(parts.slice(i)) : (parts[i] ?? CLEAN);
        // An opaque result (`loadEmail()`) is what its name says, as a declared variable's is.
        this.bind(el.name, isClean(t) && ts.isIdentifier(el.name) ? this.nameSource(el, el.name) : t);
      });
      return;
    }
    let t = d.initializer ? this.eval(d.initializer) : CLEAN;
    if (d.initializer && ts.isIdentifier(d.name) && isClean(concrete(t)) && this.mayBePersonal(d.name.text) && !this.isSetting(d.initializer) && !isModuleConstant(d) && !this.saysOtherwise(d.initializer)) {
      // (A project function's result is what it returns, not something unseen: `const replyTo = await
      // this.getReplyTo(…)` that builds a system address from ids is no one's.)
      if (isClean(t) && !this.isProjectResult(d.initializer)) t = this.nameSource(d, d.name, isModelOutput(d.initializer));
      // A parameter's value renamed (`const callerNumber = event.Endpoint.Address`): the new name is
      // what the code says the value is, even when no caller in the project passes it in.
      else if (!repeatsFieldName(d.name.text, d.initializer)) t = union(t, this.nameSource(d, d.name));
    }
    // `const scan: BodyComposition = { ...metrics }`, `(await find(…)) as BodyComposition`: a value of a
    // type tagged @pii as a whole is what the tag says, whatever it was built from.
    const typeNode = d.type ?? assertedType(d.initializer);
    const byType = typeNode && ts.isIdentifier(d.name) && this.ctx.sources.ofTaggedType(typeNode);
    if (byType && byType.length) t = union(t, this.sourceTaint(byType, d.name));
    if (d.initializer && ts.isArrayBindingPattern(d.name) && isClean(t)) {
      // `const [email, setEmail] = useState('')`: what the names say is all there is to go on.
      for (const el of d.name.elements) if (!ts.isOmittedExpression(el) && ts.isIdentifier(el.name)) this.bind(el.name, this.nameSource(el, el.name));
      return;
    }
    this.bind(d.name, t, d.initializer);
  }

  /** `await this.getReplyTo(…)`: a call of a function of the project, whose summary says what it gives. */
  private isProjectResult(e: ts.Expression): boolean {
    while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e)) return false;
    const fn = this.ctx.origins.projectFunction(e.expression);
    return !!fn && !!(fn as ts.FunctionLikeDeclaration).body && fn !== this.fn;
  }

  /**
   * Whether the code says what a value is, so that the name of the variable holding it does not: fields
   * the catalogue names as never personal (`const replyTo = org.supportEmail ?? 'help@…'`), or a value
   * of an object type the project declares (`const sms = request.body` of a route stating its body
   * `InboundSms`: that type's fields say what it holds).
   */
  private saysOtherwise(e: ts.Expression): boolean {
    if (readsExcludedFields(e, this.ctx.sources.isExcludedName)) return true;
    const type = statedType(this, e) ?? this.ctx.checker().getTypeAtLocation(e);
    if (!(type.flags & ts.TypeFlags.Object) || !type.getProperties().length) return false;
    const decl = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    return !!decl && (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) && this.ctx.isProjectFile(decl.getSourceFile().fileName);
  }

  /** A value written in the code or read from the deployment's settings: never a person's data. */
  isSetting(e: ts.Expression): boolean {
    return isConstant(e) || isConfigRead(e) || isEnumValue(this.ctx.checker(), e) || isMadeUp(e, (x) => this.ctx.origins.of(x)?.root.module);
  }

  /**
   * A variable whose value comes from somewhere the analysis cannot see (`const myPassword = foo()`)
   * is personal data when its name says so; a constant (`const email = 'support@x.com'`) is not.
   */
  private nameSource(decl: ts.Declaration, name: ts.Identifier, fromModel = false): Taint {
    if (!this.mayBePersonal(name.text)) return CLEAN;
    const checker = this.ctx.checker();
    const type = checker.getTypeAtLocation(decl);
    if (type.getCallSignatures().length) return CLEAN;
    if (hasOnlyOtherFields(checker, type, (n) => this.mayBePersonal(n))) return CLEAN;
    const hits = this.ctx.sources.ofName(name.text, undefined, this.ctx.sources.typeKind(type), decl);
    // `const messageContent = completion.choices[0].message.content`: the model's message, not a person's.
    return this.sourceTaint(fromModel ? hits.filter((h) => !isMessageText(h.category)) : hits, name);
  }

  /** Binds a name or destructuring pattern to a value's taint. */
  bind(name: ts.BindingName, t: Taint, init?: ts.Expression): void {
    if (ts.isIdentifier(name)) {
      const decl = name.parent as ts.Declaration;
      let value = t;
      if (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) {
        // A variable is personal data by what it holds; only a tag or a config rule says more.
        const tag = this.ctx.sources.declared(decl);
        if (tag === 'none') value = CLEAN;
        else if (tag.length) value = union(value, this.sourceTaint(tag, name));
      }
      this.env.set(declKey(decl), isClean(value) ? value : withStep(value, { location: locationOf(name), message: `assigned to '${name.text}'` }));
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      const taken: string[] = [];
      for (const el of name.elements) {
        if (el.dotDotDotToken) {
          this.bind(el.name, withoutFields(t, taken));
          continue;
        }
        const prop = el.propertyName ?? el.name;
        const key = ts.isIdentifier(prop) || ts.isStringLiteralLike(prop) ? prop.text : undefined;
        if (key === undefined) {
          this.bind(el.name, whole(t));
          continue;
        }
        taken.push(key);
        let field = t.fields?.get(key) ?? (t.labels.length ? { labels: fieldLabels(t.labels, key) } : CLEAN);
        field = union(field, this.propertySource(key, el, init));
        // `const { from: callerNumber } = req.query`: of an untyped field, or a project type's field that
        // says nothing itself (`data.from: string`), the name the code gave it says what it is.
        if (el.propertyName && ts.isIdentifier(el.name) && isClean(concrete(field)) && this.renameSays(key, el, init)) field = union(field, this.nameSource(el, el.name));
        // A parameter's literal default (`{ name = 'Brendon Urie' }`, a template's preview data) is the program's own text.
        if (el.initializer && !(isConstant(el.initializer) && isParameterBinding(el))) field = union(field, this.eval(el.initializer));
        this.bind(el.name, field);
      }
      return;
    }
    // `const [local, domain] = email.split('@')`: what follows the `@` is the mail domain.
    const domainAfter = init && isEmailDomain(init, undefined) ? 1 : Infinity;
    // `([key, value]) => …` given a map's entry (`Object.entries(customer)`'s): the key and the value apart.
    if (t.fields?.has(MAP_KEYS) && name.elements.length <= 2) {
      const [k, v] = name.elements;
      if (k && !ts.isOmittedExpression(k)) this.bind(k.name, whole(t.fields.get(MAP_KEYS)!));
      if (v && !ts.isOmittedExpression(v)) this.bind(v.name, mapValues(t));
      return;
    }
    // An element keeps its fields (`const [first] = rows`: `first.email` is the e-mail alone).
    name.elements.forEach((el, i) => !ts.isOmittedExpression(el) && this.bind(el.name, i >= domainAfter ? CLEAN : t));
  }

  /** Whether a renamed field's new name may say what it holds: the field is untyped, or the project's and not `@pii none`. */
  private renameSays(key: string, el: ts.BindingElement, init?: ts.Expression): boolean {
    const declared = this.declaredField(key, el, init);
    const decl = declarationOf(declared);
    if (!declared) return true;
    return !!decl && this.ctx.isProjectFile(decl.getSourceFile().fileName) && this.ctx.sources.ofDeclaration(decl) !== 'none';
  }

  /** The field `key` as the destructured holder's type declares it, if it does. */
  private declaredField(key: string, el: ts.BindingElement, init?: ts.Expression): ts.Symbol | undefined {
    const checker = this.ctx.checker();
    const type = init ? checker.getTypeAtLocation(init) : checker.getTypeAtLocation(el.parent);
    // `const { reachAt } = request.body` of a library not installed: the type the code states for it.
    if (init && type.flags & ts.TypeFlags.Any) return statedType(this, init)?.getProperty(key);
    return type.getProperty(key);
  }

  /** Personal data read by destructuring `{ email } = customer`: the property's own classification. */
  private propertySource(key: string, el: ts.BindingElement, init?: ts.Expression): Taint {
    if (!this.mayBePersonal(key)) return CLEAN;
    // `const { username, password } = context.getTwilioClient()`: an SDK client's own fields are the
    // service's account and credentials, not a person's.
    if (init && this.ctx.sinks.isNewClient(init)) return CLEAN;
    const prop = this.declaredField(key, el, init);
    const decl = declarationOf(prop);
    // (Named by the name it is bound to, without its key or default: `userEmail`, not `email: userEmail = ''`.)
    const at = ts.isIdentifier(el.name) ? el.name : el;
    if (decl) {
      const c = this.ctx.sources.ofDeclaration(decl);
      return c === 'none' ? CLEAN : this.sourceTaint(c, at);
    }
    const container = init ? containerOf(init) : undefined;
    const hits = mailSender(key, el.parent, this.ctx.sources.ofName(key, container, 'any', el));
    return this.sourceTaint(hits.length ? hits : this.ctx.sources.ofPersonField(key, el.parent, 'any', el), at);
  }

  mayBePersonal(name: string): boolean {
    return this.ctx.taggedNames.has(name) || this.ctx.sources.nameMayBePersonal(name);
  }

  /** Labels for source hits read at `at`, each starting its path there. */
  sourceTaint(hits: readonly SourceHit[], at: ts.Node): Taint {
    if (!hits.length) return CLEAN;
    const location = locationOf(at);
    const source = textOf(at);
    return {
      labels: hits.map((h) => ({
        category: h.category,
        reason: h.reason,
        source,
        steps: addStep([], { location, message: `'${textOf(at)}' is personal data (${h.category}): ${h.reason.detail}` }),
        ...(h.fields && { typeFields: h.fields }),
        ...(h.record && { record: true }),
      })),
    };
  }

  /** Assignment to an existing name, property or pattern. */
  assign(target: ts.Node, t: Taint): void {
    assignTo(this, target, t);
  }

  private parameterSources(p: ts.ParameterDeclaration): Taint {
    if (!ts.isIdentifier(p.name)) return CLEAN;
    // `set email(value)`: the value is what the accessor is named.
    if (ts.isSetAccessorDeclaration(p.parent)) {
      const c = this.ctx.sources.ofDeclaration(p.parent);
      if (c !== 'none' && c.length) return this.sourceTaint(c, p.name);
    }
    if (!this.mayBePersonal(p.name.text)) {
      const d = this.ctx.sources.declared(p);
      return d === 'none' ? CLEAN : this.sourceTaint(d, p.name);
    }
    const c = this.ctx.sources.ofDeclaration(p);
    if (c === 'none') return CLEAN;
    // `summarise(transcript: TranscriptLine[])`: a declared type that says which of its fields are
    // personal says what the value holds; the parameter's name adds nothing to it.
    if (p.type && c.some((h) => h.reason.kind === 'name') && this.ctx.sources.ofType(this.ctx.checker().getTypeFromTypeNode(p.type)).length) {
      const kept = c.filter((h) => h.reason.kind !== 'name');
      return kept.length ? this.sourceTaint(kept, p.name) : CLEAN;
    }
    return this.sourceTaint(c, p.name);
  }

  fnName(): string {
    const fn = this.fn;
    if (ts.isSourceFile(fn)) return 'the module';
    const n = nameOf(fn) ?? (fn.parent && nameOf(fn.parent));
    return n ? `'${n}'` : 'the function';
  }
}

function isParameterBinding(el: ts.BindingElement): boolean {
  const holder = ts.findAncestor(el.parent, (n) => !ts.isBindingElement(n) && !ts.isObjectBindingPattern(n) && !ts.isArrayBindingPattern(n));
  return !!holder && ts.isParameter(holder);
}

/** The items of `[await] Promise.all([a, b])`, when its list is written out (no spread). */
function promiseAllItems(e: ts.Expression): readonly ts.Expression[] | undefined {
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'all') return undefined;
  if (!ts.isIdentifier(e.expression.expression) || e.expression.expression.text !== 'Promise') return undefined;
  const list = e.arguments[0];
  if (!list || !ts.isArrayLiteralExpression(list) || list.elements.some(ts.isSpreadElement)) return undefined;
  return list.elements;
}


/** The type an initializer asserts: `(await find(…)) as BodyComposition`. */
function assertedType(e: ts.Expression | undefined): ts.TypeNode | undefined {
  while (e && (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e))) e = e.expression;
  return e && (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) && !ts.isConstTypeReference(e.type) ? e.type : undefined;
}

function lastOf(statements: ts.NodeArray<ts.Statement>): ts.Statement | undefined {
  return statements[statements.length - 1];
}

/** A case that ends in `break` (`case 1: { … break; }`): it goes on after the switch. */
function endsInBreak(s: ts.Statement | undefined): boolean {
  return !!s && (ts.isBreakStatement(s) || (ts.isBlock(s) && endsInBreak(lastOf(s.statements))));
}
