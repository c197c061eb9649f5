// A value stored under a key that names it (`{ password: input.value }`, `record.email = raw`) is
// what the key says it is, as a local named `email` is: the code's own word for the value. Only
// when nothing else is known of it: a value that already carries personal data keeps its own
// categories, and settings, constants and flags are never a person's data.

import ts = require('typescript');
import { CLEAN, type Taint, addStep, concrete, isClean } from './taint';
import { locationOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { localDeclaration } from './origin-syntax';

export function keyTaint(a: FunctionAnalyzer, key: string, value: ts.Expression, t: Taint, container: string | undefined, at: ts.Node): Taint {
  // A message being written is sent `from` the program's own number or address: the sender of one
  // received is a person, the sender of one sent is not.
  if (/^from$/i.test(key)) return CLEAN;
  if (!isClean(concrete(t)) || !a.mayBePersonal(key) || !saysNothing(value) || a.isSetting(value) || isBuiltText(value)) return CLEAN;
  const type = a.ctx.checker().getTypeAtLocation(value);
  const kind = a.ctx.sources.typeKind(type);
  // Objects carry what their own types say (see typeData); functions and flags carry nothing.
  if (kind !== 'string' && kind !== 'any') return CLEAN;
  return a.sourceTaint(a.ctx.sources.ofName(key, container, kind, at), value);
}

/**
 * `{ first_name: c.name.split(' ')[0] }`, `{ FirstName: first }`: a key naming a part of a name or of
 * a postal address says which part the value is: the broader category gives way to the key's.
 */
export function keyRefines(a: FunctionAnalyzer, key: string, t: Taint, container: string | undefined, at: ts.Node, value?: ts.Expression): Taint {
  if (t.fields || !t.labels.some((l) => l.param === undefined)) return t;
  // `{ LastName: contact.fullName }` (Salesforce wants a last name; it is given the whole one): a value
  // read under a name that says it is the whole name keeps that.
  if (value && namesItself(value)) return t;
  const narrower = a.ctx.sources.ofName(key, container, 'string', at)[0]?.category;
  // Parts of a name or of a postal address only: a ticket comment's `body` does not make notes a message.
  if (!narrower || !/^user\.(?:name|contact\.address)\./.test(narrower) || !t.labels.some((l) => l.param === undefined && narrower.startsWith(`${l.category}.`))) return t;
  const step = { location: locationOf(at), message: `stored as '${key}': ${narrower}` };
  return { labels: t.labels.map((l) => (l.param === undefined && narrower.startsWith(`${l.category}.`) ? { ...l, category: narrower, steps: addStep(l.steps, step) } : l)) };
}

/** The name of what a property write's object is (`record` in `record.email = x`). */
export function holderOf(target: ts.PropertyAccessExpression): string | undefined {
  const e = target.expression;
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
}

/**
 * Words that say nothing of what a value is (`input.value`, `row[col]`, `form.get(…)`, `v`): the key
 * it is stored under is the only name it has. A value with a name of its own (`agent.id`,
 * `options.from`, `kind`) is what that name says, even under a personal-looking key.
 */
const GENERIC = new Set(['value', 'values', 'val', 'input', 'text', 'str', 'string', 'raw', 'data', 'result', 'res', 'arg', 'args', 'param', 'item', 'entry', 'el', 'elem', 'element', 'field', 'target', 'current', 'trimmed', 'normalized', 'normalised', 'decoded', 'parsed', 'get', 'getValue', 'trim', 'toLowerCase', 'toUpperCase', 'toString', 'String', 'normalize']);

const STRING_PIECES = new Set(['slice', 'substring', 'substr', 'trim', 'trimStart', 'trimEnd', 'padStart', 'padEnd']);

function isDestructured(id: ts.Identifier): boolean {
  const decl = localDeclaration(id);
  return !!decl && ts.isBindingElement(decl);
}

function saysNothing(value: ts.Expression): boolean {
  let e = value;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  // `text.slice(0, 100)`, `raw.trim()`: a piece of the receiver says what the receiver says.
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && STRING_PIECES.has(e.expression.name.text)) e = e.expression.expression;
  // `String(p.id)`, `ownerId.toString()`: what is made text says what it is.
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && (e.expression.text === 'String' || e.expression.text === 'Number') && e.arguments.length === 1) return saysNothing(e.arguments[0]);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'toString' && !e.arguments.length) return saysNothing(e.expression.expression);
  if (ts.isCallExpression(e)) e = e.expression;
  // (A bare `id` is a record's identifier, unless taken from an untyped payload, `const { id } = body.payload`,
  // where only the key it is sent under says what it is.)
  if (ts.isIdentifier(e)) return (e.text.length <= 2 && (e.text !== 'id' || isDestructured(e))) || GENERIC.has(e.text);
  // A record's own `id` is its identifier, whatever key it goes under (`distinctId: user.id`).
  if (ts.isPropertyAccessExpression(e)) return GENERIC.has(e.name.text) || (e.name.text.length <= 2 && e.name.text !== 'id');
  return ts.isElementAccessExpression(e) && !ts.isStringLiteralLike(e.argumentExpression);
}

/**
 * `const text = \`Did you try to pay ${txn.merchant}?\`; send({ body: text })`: a local the code wrote as
 * a template or a string holds the program's own words and what went into them, nothing more.
 */
function isBuiltText(value: ts.Expression): boolean {
  if (!ts.isIdentifier(value)) return false;
  const decl = localDeclaration(value);
  const init = decl && ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
  return !!init && (ts.isTemplateExpression(init) || ts.isNoSubstitutionTemplateLiteral(init) || ts.isStringLiteral(init));
}

/** `contact.fullName`, `displayName`: a read whose own name says it is the whole name. */
function namesItself(value: ts.Expression): boolean {
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : undefined;
  return !!name && /(?:full|display|legal)_?name$/i.test(name);
}
