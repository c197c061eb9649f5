// RxJS subjects: `signups$.next(user)` calls every subscriber of that subject
// (`signups$.subscribe((u) => …)`, `subscribe({ next })`, through `pipe(map(…), filter(…))` and
// `asObservable()`), wherever in the project they are, as an emitter's `emit` calls its listeners. A
// subject is a variable or class field made by `new Subject()` (or `BehaviorSubject`,
// `ReplaySubject`, `AsyncSubject`). `from(list).subscribe(fn)` and `of(a, b).subscribe(fn)` give
// the subscriber the list's elements and the values.

import ts = require('typescript');

export interface RxDeps {
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  generation(): number;
}

/** A subscriber, and the operators its values pass through first (`map(…)` calls, in order). */
export interface Subscription {
  fn: ts.SignatureDeclaration;
  /** Where it subscribes, for the flow's path. */
  at: ts.CallExpression;
  operators: readonly ts.Expression[];
}

const SUBJECTS = new Set(['Subject', 'BehaviorSubject', 'ReplaySubject', 'AsyncSubject']);

export class Subjects {
  private bySubject?: Map<ts.Node, Subscription[]>;
  private generation = -1;

  constructor(private readonly deps: RxDeps) {}

  /** `subject.next(v)`: the subject's subscribers. */
  subscribers(call: ts.CallExpression): readonly Subscription[] {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'next' || call.arguments.length !== 1) return [];
    const all = this.all();
    if (!all.size) return [];
    const subject = this.subjectOf(callee.expression);
    return (subject && all.get(subject)) ?? [];
  }

  /**
   * `from(list).pipe(…).subscribe(fn)`, `of(a, b).subscribe(fn)`: the values the source gives (the
   * list, whose elements the subscriber gets; or the values) and the subscription.
   */
  fromSource(call: ts.CallExpression): { values: readonly ts.Expression[]; subscription: Subscription } | undefined {
    const sub = subscriptionOf(call, this.deps.projectFunction);
    if (!sub) return undefined;
    const source = sub.source;
    if (!ts.isCallExpression(source) || !ts.isIdentifier(source.expression) || !/^(?:from|of)$/.test(source.expression.text)) return undefined;
    const values = source.expression.text === 'from' ? source.arguments.slice(0, 1) : [...source.arguments];
    return { values, subscription: sub.subscription };
  }

  private all(): Map<ts.Node, Subscription[]> {
    if (this.bySubject && this.generation === this.deps.generation()) return this.bySubject;
    this.generation = this.deps.generation();
    const out = new Map<ts.Node, Subscription[]>();
    for (const c of this.deps.callsNamed('subscribe')) {
      if (!ts.isCallExpression(c)) continue;
      const sub = subscriptionOf(c, this.deps.projectFunction);
      const subject = sub && this.subjectOf(sub.source);
      if (!sub || !subject) continue;
      let list = out.get(subject);
      if (!list) out.set(subject, (list = []));
      list.push(sub.subscription);
    }
    return (this.bySubject = out);
  }

  /** The declaration of the subject an expression is (`signups$`, `this.events$`, a variable holding `subject.asObservable()`). */
  private subjectOf(e: ts.Expression, depth = 0): ts.Node | undefined {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (depth > 4) return undefined;
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'asObservable') return this.subjectOf(e.expression.expression, depth + 1);
    const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name) ? e.name : undefined;
    const decl = id && this.deps.declarationOf(id);
    const init = decl && (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) ? decl.initializer : undefined;
    if (!init) return undefined;
    if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && SUBJECTS.has(init.expression.text)) return decl;
    // `readonly signups = this.signups$.asObservable()`: the subject it shows.
    return this.subjectOf(init, depth + 1);
  }
}

/** `src.pipe(op1, op2).subscribe(fn)` (or `subscribe({ next: fn })`): the source, the operators and the subscriber. */
function subscriptionOf(call: ts.CallExpression, projectFunction: (e: ts.Expression) => ts.SignatureDeclaration | undefined): { source: ts.Expression; subscription: Subscription } | undefined {
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'subscribe') return undefined;
  const arg = call.arguments[0];
  if (!arg) return undefined;
  // `subscribe(fn)`, or an observer: `subscribe({ next: fn })`, `subscribe({ next(v) { … } })`.
  const next = ts.isObjectLiteralExpression(arg) ? arg.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'next') : undefined;
  if (next && ts.isMethodDeclaration(next)) return next.body ? withSource(call, next) : undefined;
  const target = next ? (ts.isPropertyAssignment(next) ? next.initializer : undefined) : arg;
  const fn = target && (ts.isArrowFunction(target) || ts.isFunctionExpression(target) ? target : projectFunction(target));
  return fn && (fn as ts.FunctionLikeDeclaration).body ? withSource(call, fn) : undefined;
}

function withSource(call: ts.CallExpression, fn: ts.SignatureDeclaration): { source: ts.Expression; subscription: Subscription } {
  let source = (call.expression as ts.PropertyAccessExpression).expression;
  const operators: ts.Expression[] = [];
  while (ts.isCallExpression(source) && ts.isPropertyAccessExpression(source.expression) && source.expression.name.text === 'pipe') {
    operators.unshift(...source.arguments);
    source = source.expression.expression;
  }
  return { source, subscription: { fn, at: call, operators } };
}
