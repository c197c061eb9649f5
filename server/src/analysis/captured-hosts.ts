// HTTP clients whose base URL is given when they are made: `new CrmClient('https://api.crm.example')`
// keeps it in `this.baseUrl`, `makeClient(base)` returns a function that closes over `base`. A
// request the client sends goes to the host of the URL it was made with, known where a call names
// the client it was made as (`crm.upsert(c)` where `const crm = new CrmClient('https://…')`).

import ts = require('typescript');
import { declKey } from './locations';
import { localDeclaration } from './origin-syntax';

/** Where a request's base URL was given: parameter `index` of the constructor or factory `owner` (a declKey). */
export interface CapturedHost {
  owner: string;
  index: number;
}

export interface CaptureLookup {
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
}

/** The expression a URL starts with: `base` of `${base}/contacts` or `base + path`. */
export function urlHead(e: ts.Expression): ts.Expression {
  let head = e;
  if (ts.isTemplateExpression(head) && head.head.text === '' && head.templateSpans.length) head = head.templateSpans[0].expression;
  while (ts.isBinaryExpression(head) && head.operatorToken.kind === ts.SyntaxKind.PlusToken) head = head.left;
  while (ts.isParenthesizedExpression(head) || ts.isNonNullExpression(head)) head = head.expression;
  return head;
}

/**
 * The constructor or factory parameter a request's URL starts with, when it is not a parameter of
 * `fn`, the function sending it: a parameter of a function around it, or `this.baseUrl` of a
 * constructor parameter (a parameter property, or `this.baseUrl = baseUrl` in the constructor).
 */
export function capturedHost(l: CaptureLookup, url: ts.Expression | undefined, fn: ts.Node): CapturedHost | undefined {
  if (!url) return undefined;
  const head = urlHead(url);
  if (ts.isIdentifier(head)) {
    const decl = l.declarationOf(head);
    if (!decl || !ts.isParameter(decl) || decl.parent === fn || !isAround(decl.parent, fn)) return undefined;
    return { owner: declKey(decl.parent), index: decl.parent.parameters.indexOf(decl) };
  }
  if (!ts.isPropertyAccessExpression(head) || head.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = fn.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const ctor = cls && bodiedConstructor(cls as ts.ClassLikeDeclaration);
  if (!ctor) return undefined;
  const name = head.name.text;
  const index = ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && ((p.name.text === name && ts.getModifiers(p)?.length) || assignedInBody(ctor, name, p.name.text)));
  return index >= 0 ? { owner: declKey(ctor), index } : undefined;
}

function isAround(outer: ts.Node, inner: ts.Node): boolean {
  for (let n: ts.Node | undefined = inner.parent; n; n = n.parent) if (n === outer) return true;
  return false;
}

/** `this.baseUrl = baseUrl` (or `= baseUrl ?? '…'`) among the constructor's statements. */
function assignedInBody(ctor: ts.ConstructorDeclaration, field: string, param: string): boolean {
  return ctor.body!.statements.some((s) => {
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
    const { left, right } = s.expression;
    if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword || left.name.text !== field) return false;
    const value = ts.isBinaryExpression(right) && (right.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || right.operatorToken.kind === ts.SyntaxKind.BarBarToken) ? right.left : right;
    return ts.isIdentifier(value) && value.text === param;
  });
}

/**
 * The argument a client was made with, for parameter `host.index` of `host.owner`, where `callee`
 * names the client: `crm.upsert` of `const crm = new CrmClient(url)`, `partner` of
 * `const partner = makeClient(url)`, `api.post` of `const api = createClient(url)`.
 */
export function creationArgument(l: CaptureLookup, callee: ts.Expression, host: CapturedHost): ts.Expression | undefined {
  const holder = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  if (!ts.isIdentifier(holder)) return undefined;
  const decl = localDeclaration(holder) ?? l.declarationOf(holder);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined;
  let init = decl.initializer;
  while (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init) || ts.isAsExpression(init)) init = init.expression;
  if (!ts.isNewExpression(init) && !ts.isCallExpression(init)) return undefined;
  const made = ts.isNewExpression(init) ? constructorOf(l, init.expression) : l.projectFunction(init.expression);
  return made && declKey(made) === host.owner ? init.arguments?.[host.index] : undefined;
}

function constructorOf(l: CaptureLookup, e: ts.Expression): ts.ConstructorDeclaration | undefined {
  if (!ts.isIdentifier(e)) return undefined;
  const cls = l.declarationOf(e);
  return cls && ts.isClassLike(cls) ? bodiedConstructor(cls) : undefined;
}

function bodiedConstructor(cls: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
  return cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
}
