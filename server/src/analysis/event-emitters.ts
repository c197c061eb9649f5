// Node's EventEmitter (and mitt): `bus.emit('signup', user)` calls the listeners registered on the same
// emitter for that event (`bus.on('signup', (u) => …)`, `once`, `addListener`), wherever in the
// project they are. An emit is analysed as a call of each listener with the emit's other arguments,
// as a job queue's add is. An emitter is a variable made by `new EventEmitter()` or `mitt()`, or an
// instance of a project class extending EventEmitter (every instance of the class counts as one
// emitter, `this.emit` inside it included). Events are matched by literal names; a socket's
// `emit` sends to the other end and is not an emitter's.

import ts = require('typescript');
import type { JobHandler } from './job-queues';

export interface EventEmitterDeps {
  /** The project's calls with arguments by the name they call (`on`, `once`). */
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  checker(): ts.TypeChecker;
  isProjectFile(fileName: string): boolean;
  /** Bumped whenever origins are recomputed (an edit): the listeners are gathered again. */
  generation(): number;
}

const REGISTER_METHODS = ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener'];

export class EventEmitters {
  private byKey?: Map<ts.Node, Map<string, JobHandler[]>>;
  private generation = -1;

  constructor(private readonly deps: EventEmitterDeps) {}

  /** `bus.emit('signup', user)` of a known emitter: its listeners of that event (the event's arguments from the second on). */
  listeners(call: ts.CallExpression): readonly JobHandler[] {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'emit') return [];
    const event = call.arguments[0];
    if (!event || !ts.isStringLiteralLike(event) || call.arguments.length < 2) return [];
    const all = this.all();
    if (!all.size) return [];
    const key = this.emitterOf(callee.expression);
    return (key && all.get(key)?.get(event.text)) ?? [];
  }

  private all(): Map<ts.Node, Map<string, JobHandler[]>> {
    if (this.byKey && this.generation === this.deps.generation()) return this.byKey;
    this.generation = this.deps.generation();
    const out = new Map<ts.Node, Map<string, JobHandler[]>>();
    for (const name of REGISTER_METHODS) {
      for (const c of this.deps.callsNamed(name)) {
        if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression) || c.arguments.length < 2) continue;
        const [event, listener] = c.arguments;
        if (!ts.isStringLiteralLike(event)) continue;
        const fn = ts.isArrowFunction(listener) || ts.isFunctionExpression(listener) ? listener : this.deps.projectFunction(listener);
        if (!fn || !(fn as ts.FunctionLikeDeclaration).body) continue;
        const key = this.emitterOf(c.expression.expression);
        if (!key) continue;
        let events = out.get(key);
        if (!events) out.set(key, (events = new Map()));
        let list = events.get(event.text);
        if (!list) events.set(event.text, (list = []));
        if (!list.some((h) => h.fn === fn)) list.push({ fn, job: 0 });
      }
    }
    return (this.byKey = out);
  }

  /** What identifies an emitter: its variable, or the project class its instances are of. */
  private emitterOf(e: ts.Expression): ts.Node | undefined {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(e);
      return cls && this.isEmitterClass(cls, 0) ? cls : undefined;
    }
    const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : undefined;
    const decl = id && ts.isIdentifier(id) ? this.deps.declarationOf(id) : undefined;
    const init = decl && (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) ? decl.initializer : undefined;
    if (init && ts.isNewExpression(init)) {
      if (isEmitterName(init.expression)) return decl;
      const cls = this.projectClass(init.expression);
      if (cls && this.isEmitterClass(cls, 0)) return cls;
    }
    if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'mitt') return decl;
    // A parameter or field typed as a project emitter class.
    const type = this.deps.checker().getTypeAtLocation(e);
    const cls = type.getSymbol()?.valueDeclaration;
    return cls && ts.isClassDeclaration(cls) && this.deps.isProjectFile(cls.getSourceFile().fileName) && this.isEmitterClass(cls, 0) ? cls : undefined;
  }

  private projectClass(e: ts.Expression): ts.ClassDeclaration | undefined {
    const id = ts.isIdentifier(e) ? e : undefined;
    const decl = id && this.deps.declarationOf(id);
    return decl && ts.isClassDeclaration(decl) && this.deps.isProjectFile(decl.getSourceFile().fileName) ? decl : undefined;
  }

  private isEmitterClass(cls: ts.ClassLikeDeclaration, depth: number): boolean {
    const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!base || depth > 6) return false;
    if (isEmitterName(base)) return true;
    const parent = this.projectClass(base);
    return !!parent && this.isEmitterClass(parent, depth + 1);
  }
}

/** `EventEmitter`, `events.EventEmitter`, `EventEmitter2`. */
function isEmitterName(e: ts.Expression): boolean {
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  return name === 'EventEmitter' || name === 'EventEmitter2';
}

function enclosingClass(n: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let at = n.parent; at; at = at.parent) {
    if (ts.isClassLike(at)) return at;
    // `this` in a function of its own is not the class's.
    if (ts.isFunctionDeclaration(at) || ts.isFunctionExpression(at)) return undefined;
  }
  return undefined;
}
