// What an untyped object holds, as far as its function says: `lead.email` read two lines after
// `logger.debug('lead', lead)` means the lead has an e-mail address. Only for values the checker
// knows nothing of (plain JavaScript, `any`); a typed value's fields are its type's.

import ts = require('typescript');
import { argumentParameters } from './declaration-kinds';
import { instanceTest } from './error-narrowing';
import { CLEAN, type Taint } from './taint';
import type { FunctionAnalyzer } from './interpreter';
import type { SourceHit } from './sources';

/** How far below the logged object a read still says what it holds. */
const MAX_DEPTH = 6;

const belowByFunction = new WeakMap<ts.Node, Map<string, ReadonlyArray<readonly [string, string, string | undefined]>>>();

/** By function: the fields read from each object, keyed by the object's text (`lead`, `req.body`). */
const readsByFunction = new WeakMap<ts.Node, Map<string, Set<string>>>();

export function fieldsRead(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const key = unalias(pathText(e), aliasesIn(a.fn));
  if (!key) return CLEAN;
  const hits: SourceHit[] = [];
  // Each remembers the field of `e` it was read below, so that `{ ...lead, email: mask(lead.email) }` drops it.
  const reads = readsBelow(a, key);
  // `const { name, email, message } = req.body` read in the handler that logs `req.body`: a person's form.
  const direct = reads.filter(([, , field]) => field === undefined).map(([, name]) => name);
  const person = reads.length > 1 && a.ctx.sources.namesPerson(direct);
  for (const [container, name, field] of reads) {
    let found = a.ctx.sources.ofName(name, container, 'any', e);
    if (!found.length && person && field === undefined) found = a.ctx.sources.ofPersonName(name, 'any', e, container, direct);
    hits.push(...found.map((h) => ({ ...h, fields: [field ?? name] })));
  }
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/**
 * The possibly personal fields read from `key` or below it, with the object each is read from.
 * Reads deeper inside count too: `event.Details.ContactData.CustomerEndpoint.Address` read in the
 * handler that logs `event` says the event holds the caller's number.
 */
function readsBelow(a: FunctionAnalyzer, key: string): ReadonlyArray<readonly [string, string, string | undefined]> {
  const reads = readsWithCallees(a.fn, (callee) => a.ctx.origins.projectFunction(callee));
  let below = belowByFunction.get(a.fn);
  if (!below) belowByFunction.set(a.fn, (below = new Map()));
  const known = below.get(key);
  if (known) return known;
  const found: Array<readonly [string, string, string | undefined]> = [];
  const depth = key.split('.').length;
  for (const [holder, names] of reads) {
    if (holder !== key && !(holder.startsWith(`${key}.`) && holder.split('.').length - depth <= MAX_DEPTH)) continue;
    const container = holder.slice(holder.lastIndexOf('.') + 1);
    const field = holder === key ? undefined : holder.slice(key.length + 1).split('.')[0];
    for (const name of names) if (a.mayBePersonal(name)) found.push([container, name, field]);
  }
  below.set(key, found);
  return found;
}

/** The fields the function reads from the object `e` names (through its local aliases), if any. */
export function fieldNamesRead(a: FunctionAnalyzer, e: ts.Expression): ReadonlySet<string> | undefined {
  const key = unalias(pathText(e), aliasesIn(a.fn));
  return key === undefined ? undefined : readsOf(a.fn).get(key);
}

/** `lead`, `req.body`, `message.request.lead`: names and member reads (by name or string key) only. */
function pathText(e: ts.Expression): string | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  // `value.messages ?? []`: the list, when there is one.
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken) && ts.isArrayLiteralExpression(e.right) && !e.right.elements.length) return pathText(e.left);
  if (ts.isIdentifier(e)) return e.text;
  // `entry?.[0]`: an element of a list is read as the list (a webhook's `entry[0].changes[0].value`).
  if (ts.isElementAccessExpression(e) && ts.isNumericLiteral(e.argumentExpression)) return pathText(e.expression);
  if (ts.isPropertyAccessExpression(e)) {
    const base = pathText(e.expression);
    return base && `${base}.${e.name.text}`;
  }
  // `body['ParticipantDetails']`, as `body.ParticipantDetails`.
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    const base = pathText(e.expression);
    return base && `${base}.${e.argumentExpression.text}`;
  }
  return undefined;
}

function readsOf(fn: ts.Node): Map<string, Set<string>> {
  let reads = readsByFunction.get(fn);
  if (reads) return reads;
  const out = new Map<string, Set<string>>();
  const aliases = aliasesIn(fn);
  const addAt = (key: string | undefined, name: string): void => {
    if (!key) return;
    let names = out.get(key);
    if (!names) out.set(key, (names = new Set()));
    names.add(name);
  };
  // `if (err instanceof GuardianConsentError) { … err.guardian.email … }`: what the branch reads is
  // what that class holds, not what the value holds wherever it is used.
  const narrowedNames = new Map<string, number>();
  const add = (holder: ts.Expression, name: string): void => {
    const path = pathText(holder);
    if (path && narrowedNames.get(path.split('.')[0])) return;
    addAt(unalias(path, aliases), name);
  };
  const narrowing = (n: ts.IfStatement, test: { target: ts.Identifier; negated: boolean }): void => {
    visit(n.expression);
    const name = test.target.text;
    const [narrow, other] = test.negated ? [n.elseStatement, n.thenStatement] : [n.thenStatement, n.elseStatement];
    narrowedNames.set(name, (narrowedNames.get(name) ?? 0) + 1);
    if (narrow) visit(narrow);
    narrowedNames.set(name, narrowedNames.get(name)! - 1);
    if (other) visit(other);
  };
  // `const { Attributes: { customerEmail } = {} } = ctr`: reads below the holder, however nested.
  const destructured = (pattern: ts.ObjectBindingPattern, key: string | undefined): void => {
    for (const el of pattern.elements) {
      const prop = el.propertyName ?? el.name;
      if (!(ts.isIdentifier(prop) || ts.isStringLiteralLike(prop))) continue;
      addAt(key, prop.text);
      if (ts.isObjectBindingPattern(el.name) && key) destructured(el.name, `${key}.${prop.text}`);
    }
  };
  const visit = (n: ts.Node): void => {
    // Only reads: a field written (`value.ip = getIp()`) or deleted (`delete user.password`) is not
    // evidence of what the object held when it was logged.
    if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && isWriteOrDelete(n)) {
      ts.forEachChild(n, visit);
      return;
    }
    const test = ts.isIfStatement(n) ? instanceTest(n.expression) : undefined;
    if (test) return narrowing(n as ts.IfStatement, test);
    if (ts.isPropertyAccessExpression(n)) add(n.expression, n.name.text);
    else if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression)) add(n.expression, n.argumentExpression.text);
    else if (ts.isVariableDeclaration(n) && n.initializer && ts.isObjectBindingPattern(n.name)) destructured(n.name, unalias(pathText(n.initializer), aliases));
    ts.forEachChild(n, visit);
  };
  visit(fn);
  reads = out;
  readsByFunction.set(fn, reads);
  return reads;
}

/**
 * Locals that name a part of another object (`const contact = event.Details.ContactData`,
 * `const { ContactData } = event.Details`): a read through them is a read of that part.
 */
const aliasesByFunction = new WeakMap<ts.Node, Map<string, string>>();

function aliasesIn(fn: ts.Node): Map<string, string> {
  const known = aliasesByFunction.get(fn);
  if (known) return known;
  const aliases = new Map<string, string>();
  aliasesByFunction.set(fn, aliases);
  const visit = (n: ts.Node): void => {
    // `for (const message of value.messages)`: an element is read as its list.
    if (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer) && n.initializer.declarations.length === 1) {
      const d = n.initializer.declarations[0];
      const from = pathText(n.expression);
      if (from && ts.isIdentifier(d.name) && d.name.text !== from) aliases.set(d.name.text, from);
    }
    if (ts.isVariableDeclaration(n) && n.initializer) {
      const from = pathText(n.initializer);
      if (from && ts.isIdentifier(n.name) && n.name.text !== from) aliases.set(n.name.text, from);
      else if (from && ts.isObjectBindingPattern(n.name)) {
        for (const el of n.name.elements) {
          const prop = el.propertyName ?? el.name;
          if (!el.dotDotDotToken && ts.isIdentifier(el.name) && (ts.isIdentifier(prop) || ts.isStringLiteralLike(prop))) aliases.set(el.name.text, `${from}.${prop.text}`);
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return aliases;
}

/** A path with its leading alias replaced by what it names (a few levels of aliases deep). */
function unalias(key: string | undefined, aliases: ReadonlyMap<string, string>): string | undefined {
  for (let i = 0; key && i < 3; i++) {
    const dot = key.indexOf('.');
    const head = dot < 0 ? key : key.slice(0, dot);
    const to = aliases.get(head);
    if (!to || to.split('.')[0] === head) break;
    key = to + (dot < 0 ? '' : key.slice(dot));
  }
  return key;
}

const withCalleesByFunction = new WeakMap<ts.Node, Map<string, Set<string>>>();

/**
 * The function's own reads, and those of the project functions it hands a value to:
 * `handleRequest(event)` reading `request.inputTranscript` says that `event` holds a transcript.
 * One level of calls, so that a logged event is known by what its handler reads.
 */
function readsWithCallees(fn: ts.Node, projectFunction: (callee: ts.Expression) => ts.SignatureDeclaration | undefined): Map<string, Set<string>> {
  let reads = withCalleesByFunction.get(fn);
  if (reads) return reads;
  reads = new Map([...readsOf(fn)].map(([k, v]) => [k, new Set(v)]));
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.arguments.length) {
      const keys = n.arguments.map((arg) => pathText(arg));
      const target = keys.some((k) => k) ? projectFunction(n.expression) : undefined;
      if (target && target !== fn) {
        const calleeReads = readsOf(target);
        keys.forEach((key, i) => {
          const param = argumentParameters(target)[i]?.name;
          if (!key || !param || !ts.isIdentifier(param)) return;
          for (const [holder, names] of calleeReads) {
            if (holder !== param.text && !holder.startsWith(`${param.text}.`)) continue;
            const mapped = key + holder.slice(param.text.length);
            let set = reads!.get(mapped);
            if (!set) reads!.set(mapped, (set = new Set()));
            for (const name of names) set.add(name);
          }
        });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  withCalleesByFunction.set(fn, reads);
  return reads;
}

function isWriteOrDelete(n: ts.Expression): boolean {
  return ts.isDeleteExpression(n.parent) || !!assignmentTo(n);
}

/** The assignment (`=`, `+=`, `??=` …) whose target is `n`, if any. */
export function assignmentTo(n: ts.Expression): ts.BinaryExpression | undefined {
  const p = n.parent;
  return ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment ? p : undefined;
}
