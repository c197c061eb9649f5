// A Mongoose document holds the fields its model's schema declares: `const lead = await
// Lead.findById(id)` where `Lead = mongoose.model('Lead', leadSchema)` and `leadSchema = new
// Schema({ firstName: String, email: String, … })`. Without mongoose installed the document is `any`;
// the schema in the project still says what it holds.

import ts = require('typescript');
import { CLEAN, type Taint } from './taint';
import type { FunctionAnalyzer } from './interpreter';
import type { Origin } from './origins';
import type { SourceHit } from './sources';
import { localDeclaration } from './origin-syntax';
import { piiTag } from './pii-tags';
import { locationOf } from './locations';

const DOCUMENT_METHODS = /^(?:find|findOne|findById|findOneAndUpdate|findByIdAndUpdate|findOneAndDelete|findByIdAndDelete|findOneAndRemove|findByIdAndRemove|findOneAndReplace|create|insertMany|save|populate|lean|exec|sort|limit|skip|select|where|orFail)$/;

/** What a Mongoose document (or a list of them) holds by its model's schema. */
export function modelData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const origin = documentOrigin(a, e);
  if (!origin || origin.root.module !== 'mongoose' || !origin.path.every((p, i) => i < 2 || p === '()' || DOCUMENT_METHODS.test(p))) return CLEAN;
  const model = origin.calls.find((c): c is ts.CallExpression => ts.isCallExpression(c) && calleeName(c) === 'model' && (c.arguments?.length ?? 0) >= 2);
  const literal = model && schemaLiteral(a, model.arguments[1]);
  if (!literal) return CLEAN;
  const name = ts.isStringLiteralLike(model.arguments[0]) ? model.arguments[0].text : undefined;
  const hits = schemaKeys(a, literal, name, 0);
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/** Where the document came from: the call that made it, or the query whose callback receives it. */
function documentOrigin(a: FunctionAnalyzer, e: ts.Expression): Origin | undefined {
  const x = recordBase(e).base;
  if (!ts.isIdentifier(x)) return ts.isCallExpression(x) || ts.isNewExpression(x) || ts.isAwaitExpression(x) ? a.ctx.origins.of(x) : undefined;
  const decl = localDeclaration(x);
  if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) return a.ctx.origins.of(decl.initializer);
  // `Lead.findById(id, (err, lead) => …)`, `Lead.find().exec((err, leads) => …)`, `.then((lead) => …)`.
  if (decl && ts.isParameter(decl) && (ts.isArrowFunction(decl.parent) || ts.isFunctionExpression(decl.parent)) && ts.isCallExpression(decl.parent.parent)) {
    const call = decl.parent.parent;
    const index = decl.parent.parameters.indexOf(decl);
    if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'then') return index === 0 ? a.ctx.origins.of(call.expression.expression) : undefined;
    return index === 1 ? a.ctx.origins.of(call) : undefined;
  }
  return undefined;
}

/**
 * `contact.toObject()`, `leads[0]`, `(lead as any)`: the record a value is a plain copy or an element
 * of; `copied` when it is one (a copy or an element of a list is an object whatever its name says).
 */
export function recordBase(e: ts.Expression): { base: ts.Expression; copied: boolean } {
  let x = e;
  let copied = false;
  for (;;) {
    while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
    if (ts.isCallExpression(x) && !x.arguments.length && ts.isPropertyAccessExpression(x.expression) && /^(?:toObject|toJSON|lean)$/.test(x.expression.name.text)) x = x.expression.expression;
    else if (ts.isElementAccessExpression(x) && !ts.isStringLiteralLike(x.argumentExpression)) x = x.expression;
    else return { base: x, copied };
    copied = true;
  }
}

function calleeName(c: ts.CallExpression): string | undefined {
  return ts.isPropertyAccessExpression(c.expression) ? c.expression.name.text : ts.isIdentifier(c.expression) ? c.expression.text : undefined;
}

/** `leadSchema` → the object literal of its `new Schema({ … })`. */
function schemaLiteral(a: FunctionAnalyzer, arg: ts.Expression): ts.ObjectLiteralExpression | undefined {
  let made: ts.Expression | undefined = arg;
  if (ts.isIdentifier(arg)) {
    const decl = a.ctx.origins.declarationOf(arg);
    made = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  }
  if (!made || !(ts.isNewExpression(made) || ts.isCallExpression(made))) return undefined;
  const callee = made.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  const first = made.arguments?.[0];
  return name === 'Schema' && first && ts.isObjectLiteralExpression(first) ? first : undefined;
}

/** The personal keys a schema declares; a nested path (`address: { street: String }`) too. */
function schemaKeys(a: FunctionAnalyzer, literal: ts.ObjectLiteralExpression, container: string | undefined, depth: number): SourceHit[] {
  return literal.properties.flatMap((p) => {
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
    if (!key || !ts.isPropertyAssignment(p)) return [];
    const value = p.initializer;
    const nested = ts.isObjectLiteralExpression(value) && !value.properties.some((q) => q.name && ts.isIdentifier(q.name) && q.name.text === 'type');
    if (nested && depth < 3) return schemaKeys(a, value, key, depth + 1).map((h) => ({ ...h, fields: [key] }));
    // `password: { type: String, select: false }`: left out of the documents queries return.
    if (isDeselected(value)) return [];
    // (`/** @pii user.financial */ monthlyRent: { type: Number }`: the schema's own tag says.)
    const tag = piiTag(p);
    if (tag === 'none') return [];
    if (tag) return tag.map((category): SourceHit => ({ category, reason: { kind: 'tag', detail: `tagged @pii ${category} in the schema`, location: locationOf(p) }, fields: [key] }));
    if (!a.mayBePersonal(key)) return [];
    const kind = schemaKind(value);
    if (kind === 'boolean' || kind === 'number') return [];
    return a.ctx.sources.ofName(key, container, 'any', p.name).map((h) => ({ ...h, fields: [key] }));
  });
}

function isDeselected(value: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(value) && value.properties.some((q) => ts.isPropertyAssignment(q) && !!q.name && ts.isIdentifier(q.name) && q.name.text === 'select' && q.initializer.kind === ts.SyntaxKind.FalseKeyword);
}

/**
 * `Boolean`, `{ type: Number }`: flags and counts are not personal data by their names; an ObjectId
 * (`[{ type: Schema.Types.ObjectId, ref: 'project_user' }]`) is a reference to another document.
 */
function schemaKind(value: ts.Expression): string | undefined {
  if (ts.isArrayLiteralExpression(value) && value.elements.length === 1) value = value.elements[0];
  let type: ts.Expression | undefined = value;
  if (ts.isObjectLiteralExpression(value)) {
    const t = value.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && !!q.name && ts.isIdentifier(q.name) && q.name.text === 'type');
    type = t?.initializer;
  }
  const text = type && (ts.isIdentifier(type) ? type.text : ts.isPropertyAccessExpression(type) ? type.name.text : '');
  return text === 'Boolean' ? 'boolean' : text === 'Number' || text === 'ObjectId' ? 'number' : undefined;
}
