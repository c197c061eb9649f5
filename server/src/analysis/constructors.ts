// `new Person(first, last)` of a project class: each argument lands in the field its constructor
// stores it in (`this.first = first`, `constructor(public last: string)`), so `person.plan` holds
// neither name. An argument the constructor does anything else with stays with the whole object.

import ts = require('typescript');
import { CLEAN, type Taint, isClean, union, whole } from './taint';
import { isPersonLiteral } from './expressions';
import type { FunctionAnalyzer } from './interpreter';
import { safeAliased } from './origin-syntax';
import { argumentValue } from './callback-site';
import { masks, superMessageArgument, superOptionsArgument } from './error-classes';

export function constructed(a: FunctionAnalyzer, call: ts.NewExpression, argTaints: readonly Taint[]): Taint | undefined {
  const cls = projectClass(a, call.expression);
  const ctor = cls?.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  if (!cls || !ctor) return undefined;
  const args = call.arguments ?? [];
  const fields = new Map<string, Taint>();
  let rest: Taint = CLEAN;
  ctor.parameters.forEach((p, i) => {
    if (p.dotDotDotToken || !ts.isIdentifier(p.name)) {
      for (const t of argTaints.slice(i)) rest = union(rest, whole(t));
      return;
    }
    const { stored, elsewhere, used } = ts.isParameterPropertyDeclaration(p, ctor) ? { stored: [p.name.text], elsewhere: false, used: true } : storedFields(ctor, p.name.text, a.ctx.checker());
    let t = argTaints[i] ?? CLEAN;
    // `new User('Jana', 'jana@example.org')`: a literal stored in a person's field is that person's.
    const arg = args[i];
    if (arg && isClean(t) && isPersonLiteral(arg) && stored.length === 1) t = a.sourceTaint(a.ctx.sources.ofPersonLiteral(stored[0], cls.name?.text, arg), arg);
    if (isClean(t)) return;
    for (const f of stored) fields.set(f, union(fields.get(f) ?? CLEAN, t));
    // `super(message, options)`, `super(message, { cause })`: the argument is the error's cause, not its message.
    const cause = extendsError(cls) ? causeOf(ctor, p.name.text, t) : undefined;
    if (cause) fields.set('cause', union(fields.get('cause') ?? CLEAN, cause));
    // (An error's argument used only in its message and for its id is the message's: see below.)
    if (elsewhere || (!stored.length && (used || !extendsError(cls)))) rest = union(rest, whole(t));
  });
  // `super(`Failed to sync ${contact.email}`)` of an error class: what its message is made of.
  const message = superMessage(a, ctor, argTaints);
  if (!isClean(message)) fields.set('message', union(fields.get('message') ?? CLEAN, message));
  return { labels: rest.labels, fields: fields.size ? fields : undefined };
}

/** The first argument of the constructor's `super(…)` call, in terms of the constructor's own arguments. */
function superMessage(a: FunctionAnalyzer, ctor: ts.ConstructorDeclaration, argTaints: readonly Taint[]): Taint {
  const message = superMessageArgument(ctor, a.ctx.checker());
  if (!message) return CLEAN;
  let out: Taint = CLEAN;
  const visit = (n: ts.Node): void => {
    // `super(\`An account exists for ${maskEmail(email)}\`)`: the masked value is not the data.
    if (ts.isCallExpression(n) && masks(a, n)) return;
    // The longest read rooted at a parameter (`contact.email`, not `contact` then `email`).
    if (ts.isIdentifier(n) || (ts.isPropertyAccessExpression(n) && !ts.isPropertyAccessExpression(n.parent))) {
      if (ts.isIdentifier(n) && (ts.isPropertyAccessExpression(n.parent) || !ctor.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === n.text))) return;
      out = union(out, argumentValue(a, ctor, argTaints, n as ts.Expression));
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(message);
  return out;
}

function projectClass(a: FunctionAnalyzer, callee: ts.Expression): ts.ClassLikeDeclaration | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const checker = a.ctx.checker();
  const symbol = checker.getSymbolAtLocation(callee);
  const decl = (symbol && (safeAliased(checker, symbol) ?? symbol))?.valueDeclaration;
  return decl && ts.isClassLike(decl) && a.ctx.isProjectFile(decl.getSourceFile().fileName) ? decl : undefined;
}

/** The fields `this.x = name` stores a parameter in, and whether the constructor uses it otherwise. */
function storedFields(ctor: ts.ConstructorDeclaration, name: string, checker: ts.TypeChecker): { stored: string[]; elsewhere: boolean; used: boolean } {
  const stored: string[] = [];
  let uses = 0;
  // (What the `super(…)` message makes of it is the instance's `message`: see superMessage.)
  const message = extendsError(ctor.parent) ? superMessageArgument(ctor, checker) : undefined;
  const options = message && superOptionsArgument(ctor);
  const visit = (n: ts.Node): void => {
    if (n === message || (options && n === options)) return;
    if (ts.isIdentifier(n) && n.text === name && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      const assign = n.parent;
      // `this.candidateId = candidate.id`: an identifier of the argument, not the argument.
      if (ts.isPropertyAccessExpression(assign) && /^(?:id|uuid|_id)$|Id$/.test(assign.name.text) && isThisAssignment(assign.parent, assign)) return;
      uses++;
      if (isThisAssignment(assign, n)) stored.push(((assign as ts.BinaryExpression).left as ts.PropertyAccessExpression).name.text);
    }
    ts.forEachChild(n, visit);
  };
  if (ctor.body) visit(ctor.body);
  return { stored, elsewhere: uses > stored.length, used: uses > 0 };
}

/** What a parameter gives the error as its cause: `super(msg, options)` its options' `cause`, `super(msg, { cause })` itself. */
function causeOf(ctor: ts.ConstructorDeclaration, name: string, t: Taint): Taint | undefined {
  const options = superOptionsArgument(ctor);
  if (!options) return undefined;
  if (ts.isIdentifier(options)) return options.text === name ? (t.fields ? t.fields.get('cause') ?? CLEAN : whole(t)) : undefined;
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const cause = options.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'cause');
  const value = cause && (ts.isPropertyAssignment(cause) ? cause.initializer : ts.isShorthandPropertyAssignment(cause) ? cause.name : undefined);
  return value && ts.isIdentifier(value) && value.text === name ? whole(t) : undefined;
}

/** `class CvParseError extends Error`, `extends HttpException`. */
function extendsError(cls: ts.ClassLikeDeclaration): boolean {
  return !!cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => /(?:Error|Exception)$/.test(t.expression.getText())));
}

/** `this.x = value`. */
function isThisAssignment(assign: ts.Node, value: ts.Node): boolean {
  if (!ts.isBinaryExpression(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assign.right !== value) return false;
  return ts.isPropertyAccessExpression(assign.left) && assign.left.expression.kind === ts.SyntaxKind.ThisKeyword;
}
